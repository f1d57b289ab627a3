/**
 * Who may be moved is decided where CMS decides it: the CMM detects Skype for Business and
 * Meeting App participants, warns and sends nothing; no API request, no CMS log line.
 */
import { describe, expect, it } from 'vitest';

import { isUnmovableType } from '../../sim/cms/messages.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

describe('unmovable participants', () => {
  const out = runScenario(loadShipped('unmovable-participants'), { traceLevel: 'logs' });

  it('are refused by the CMM with unmovableType and no API status', () => {
    expect(out.outcomes.map((o) => [o.move, o.result, o.reason, o.api])).toEqual([
      ['m1', 'rejected', 'unmovableType', null],
      ['m2', 'rejected', 'unmovableType', null],
    ]);
  });

  it('leave no message to CMS and no CMS log line of a move', () => {
    const moveSends = (out.events ?? []).filter((e) => e.type === 'send' && e.move !== undefined);
    expect(moveSends).toEqual([]);
    expect(out.logs.filter(([, , l]) => /API trace|move participant/.test(l))).toEqual([]);
  });

  it('show the CMM warning in the trace', () => {
    const warnings = (out.events ?? []).filter(
      (e) => e.type === 'local' && e.node === 'cmm' && e.kind === 'move.refused',
    );
    expect(warnings).toHaveLength(2);
  });

  it('are Skype for Business, Meeting App and WB2 participants, not SIP or Web App ones', () => {
    expect(['sfb', 'meetingApp', 'wb2'].every((t) => isUnmovableType(t as never))).toBe(true);
    expect(['guest', 'member', 'sip'].some((t) => isUnmovableType(t as never))).toBe(false);
  });
});
