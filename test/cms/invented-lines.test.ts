/**
 * Nothing movesim invents reads as CMS's own output: every log line of a shape no source
 * publishes starts with `movesim: `, and `summary.json` marks reasons CMS does not publish as
 * `modelled`.
 */
import { describe, expect, it } from 'vitest';

import { LOG_LINE_SOURCES, logLine, MOVESIM_PREFIX } from '../../sim/cms/loglines.js';
import { isModelledReason } from '../../sim/cms/messages.js';
import { STEPS } from '../../sim/cms/protocol.js';
import { buildSummary } from '../../sim/report/summary.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

describe('invented log lines', () => {
  it('are prefixed where no source shows the shape or the variant', () => {
    expect(logLine.replaceNone('c')).toMatch(/^movesim: /);
    expect(logLine.apiFailure(1, 400, 'canMoveFalse')).toMatch(/^movesim: /);
    expect(logLine.jwtRejected('guest1', 'jwtExpired')).toMatch(/^movesim: /);
    expect(logLine.replaceChoice('c', false, 'cbC', 0, 0, true)).toMatch(/^movesim: .*remote/);
    expect(logLine.moveOperation('p', 'g', false, 'cbA', 'x')).toMatch(/^movesim: .*'cbA'/);
  });

  it('are not prefixed where the tech note shows the shape', () => {
    expect(logLine.replaceChoice('c', true, 'cbcms2', 0, 0, true)).not.toContain(MOVESIM_PREFIX);
    expect(logLine.moveOperation('p', 'g', true, 'cbA', 'x')).not.toContain(MOVESIM_PREFIX);
    expect(logLine.apiPost(1, 'x', '192.0.2.10')).not.toContain(MOVESIM_PREFIX);
  });

  it('are declared with a source for every shape, and every shape a step writes exists', () => {
    expect(Object.keys(LOG_LINE_SOURCES).sort()).toEqual(Object.keys(logLine).sort());
    for (const step of STEPS)
      for (const name of step.logLines) expect(logLine).toHaveProperty(name);
  });

  it('show in a run that crosses bridges and in a rejected move', () => {
    const across = runScenario(loadShipped('move-across-bridges')).logs.map(([, , l]) => l);
    expect(across.filter((l) => l.includes('using remote server'))).not.toEqual([]);
    for (const l of across.filter((x) => /using remote server|homed on callbridge '/.test(x)))
      expect(l.startsWith(MOVESIM_PREFIX)).toBe(true);
    const refused = runScenario(loadShipped('troubleshoot-a-canmove-false')).logs;
    const failure = refused.find(([, , l]) => l.includes('failureDetails'));
    expect(failure?.[2].startsWith(MOVESIM_PREFIX)).toBe(true);
  });
});

describe('modelled reasons in summary.json', () => {
  it('mark reasons CMS does not publish, and not the published ones', () => {
    expect(isModelledReason('canMoveFalse')).toBe(true);
    expect(isModelledReason('noActiveCall')).toBe(true);
    expect(isModelledReason('callDoesNotExist')).toBe(false);
    expect(isModelledReason('participantLimitReached')).toBe(false);
    expect(isModelledReason(null)).toBe(false);
    const out = runScenario(loadShipped('move-into-ended-call'));
    const s = buildSummary(out);
    expect(s.outcomes.map((o) => [o.move, o.reason, o.modelled])).toEqual([
      ['m1', null, false],
      ['m2', 'callDoesNotExist', false],
      ['m3', 'callDoesNotExist', false],
      ['m4', 'noActiveCall', true],
    ]);
  });
});
