/**
 * The tech note's sample log (test/fixtures/logs/technote-sample.log): one move on one bridge,
 * every step that writes lines present, outcome moved, and the note's gaps from the API
 * request (+7 ms to the 200, +33 ms to the old leg's teardown, +191 ms to media in the new
 * call); and its reconstruction as a trace.
 */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { STEP } from '../../sim/cms/protocol.js';
import { analyzeFiles } from '../../sim/logs/analyze.js';
import { milestoneGaps, observedOrder } from '../../sim/logs/conform.js';
import { explainMove, LOGGED_STEPS } from '../../sim/logs/explain.js';
import { reconstruct } from '../../sim/logs/reconstruct.js';
import { ROOT } from '../helpers/scenarios.js';

const SAMPLE = join(ROOT, 'test', 'fixtures', 'logs', 'technote-sample.log');

describe("the tech note's sample log", async () => {
  const a = await analyzeFiles([SAMPLE]);
  const moves = a.correlation.moves;

  it('reads all 31 entries, one move and no stray recognised line', () => {
    expect(a.counts.entries).toBe(31);
    expect(moves).toHaveLength(1);
    expect(a.correlation.unattributed).toBe(0);
  });

  it('joins the cut movedParticipant GUID and the ids of both participants', () => {
    expect(moves[0]).toMatchObject({
      trace: '42003',
      oldLeg: '26de0160-30b5-4d7b-8a05-304472af284a',
      oldGuest: 'guest921953266',
      newGuest: 'guest2316075499',
      newLeg: 'dd2bc8c6-fa80-495f-9a20-1da19010cfab',
      apiStatus: 200,
    });
  });

  it('shows every step that writes lines, in order, and ends moved', () => {
    const x = explainMove(moves[0]!, new Set(a.correlation.nodes));
    expect(x.stepsSeen).toEqual(LOGGED_STEPS);
    expect(x.outcome).toBe('moved');
    expect(x.firstMissing).toBeNull();
    expect(observedOrder(moves[0]!)).toEqual(LOGGED_STEPS);
    expect(x.evidence[0]).toMatch(
      /^technote-sample\.log:1: technote-sample: API trace 42003: POST/,
    );
  });

  it('measures the gaps +7, +33 and +191 ms from the API request', () => {
    expect(Object.fromEntries(milestoneGaps(moves[0]!))).toEqual({
      response: 7,
      teardown: 33,
      media: 191,
    });
  });

  it('reconstructs a cms-logs trace with one message or mark per step seen', () => {
    const t = reconstruct(a.correlation, 'sample', {});
    expect(t.meta).toMatchObject({ source: 'cms-logs', startedAt: '2021-03-04T15:50:03.915Z' });
    const steps = t.events
      .filter((e) => e.type === 'send' || e.type === 'local')
      .map((e) => (e as { step?: number }).step);
    expect(steps).toEqual(LOGGED_STEPS);
    expect(t.events.filter((e) => e.type === 'log')).toHaveLength(31);
    const teardown = t.events.find((e) => e.type === 'local' && e.step === STEP.teardown);
    expect(teardown?.t).toBe(32_000);
    expect(t.outcomes).toMatchObject([{ result: 'moved', api: 200 }]);
  });
});
