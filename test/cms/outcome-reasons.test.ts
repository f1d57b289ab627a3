/**
 * Outcome reasons are declared once (`REJECTED_REASONS` and `DROPPED_REASONS` in
 * sim/cms/outcomes.ts, built from the message vocabulary's `REJECT_REASONS` and
 * `CLIENT_FAILURE_REASONS`): every reason the shipped scenarios end a move with is in the list of
 * its result, and the lists name each reason once.
 */
import { describe, expect, it } from 'vitest';

import { DROPPED_REASONS, REJECTED_REASONS } from '../../sim/cms/outcomes.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped, smallShippedScenarios } from '../helpers/scenarios.js';

describe('outcome reasons', () => {
  it('are each declared once', () => {
    expect(new Set(REJECTED_REASONS).size).toBe(REJECTED_REASONS.length);
    expect(new Set(DROPPED_REASONS).size).toBe(DROPPED_REASONS.length);
  });

  it('cover every reason the shipped scenarios end a move with, rejected and dropped both seen', () => {
    const seen = { rejected: 0, dropped: 0 };
    for (const name of smallShippedScenarios()) {
      for (const seed of [1, 2, 3]) {
        for (const o of runScenario(loadShipped(name), { seed, traceLevel: 'off' }).outcomes) {
          if (o.result === 'rejected') {
            seen.rejected++;
            expect(REJECTED_REASONS as readonly string[], `${name}@${seed} ${o.move}`).toContain(
              o.reason,
            );
          }
          if (o.result === 'dropped') {
            seen.dropped++;
            expect(DROPPED_REASONS as readonly string[], `${name}@${seed} ${o.move}`).toContain(
              o.reason,
            );
          }
        }
      }
    }
    expect(seen.rejected).toBeGreaterThan(0);
    expect(seen.dropped).toBeGreaterThan(0);
  });
});
