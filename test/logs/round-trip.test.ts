/**
 * The round trip in `npm test`: every shipped scenario but the largest and the fault sweep over
 * the move across bridges (a lost message of each kind, crashes, JWT expiry and revocation, no
 * permission, a wrong call id, a bridge out of resources), one seed each, run → cms.log (every
 * server) → `movesim logs` recovers each move's outcome class and failing step as the run
 * knows them. Moves whose evidence is in no log count as unknown, not as agreement. The full
 * sweep (10 seeds a case, 590 runs) is `npm run logs:round-trip`, its rate in
 * docs/logs-round-trip.md.
 */
import { describe, expect, it } from 'vitest';

import { roundTripCases, runRoundTrip } from '../../sim/logs/round-trip.js';

describe("the round trip over the simulator's own logs", () => {
  const cases = roundTripCases(1);
  const r = runRoundTrip(cases);
  const evidenced = r.moves - r.unknown;

  it('covers every shipped scenario and at least 40 fault variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(r.runs).toBe(cases.length);
  });

  it('agrees with the run on at least 99 % of the moves the logs show', () => {
    expect(r.disagreements).toEqual([]);
    expect(r.agreed / evidenced).toBeGreaterThanOrEqual(0.99);
  });

  it('agrees on moves of every outcome class, and leaves only a few unknown', () => {
    expect(r.agreedByResult.moved).toBeGreaterThan(100);
    expect(r.agreedByResult.rejected).toBeGreaterThanOrEqual(5);
    expect(r.agreedByResult.dropped).toBeGreaterThanOrEqual(5);
    expect(r.agreedByResult['wrong-meeting']).toBeGreaterThanOrEqual(2);
    expect(r.unknown).toBeGreaterThan(0);
    expect(r.unknown / r.moves).toBeLessThan(0.05);
  });
});
