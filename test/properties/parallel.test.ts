/**
 * `movesim check --workers N` gives the search's result whatever N: each worker draws the cases
 * of its batches itself from the search's seed and their indices, so the pool finds the same
 * first failure after the same cases, shrinks it to the same counterexample (same fast-check
 * path) and counts the same coverage as the one-thread search, on 2 or 3 workers and with
 * any batch size; a pool started once runs several searches. The workers load the compiled
 * worker from dist/ (`npm test` builds first).
 */
import { describe, expect, test } from 'vitest';

import { CheckPool, drawCases, explore, exploreOnPool } from '../../sim/check/index.js';

/** A mutant the search kills at its 8th case, in a later batch than the first; a short shrink. */
const MUTANT = {
  seed: 2,
  runs: 30,
  breakModel: { swapLoadThresholds: true },
  findings: [],
  onlyWhatBreakCauses: true,
  determinismEvery: 0,
  reduce: false,
} as const;

describe('the search on a pool of worker threads', () => {
  test('draws any range of cases exactly as the whole search draws them', () => {
    const all = drawCases({}, 5, 0, 12);
    expect(drawCases({}, 5, 7, 5)).toEqual(all.slice(7));
    expect(drawCases({}, 5, 3, 1)).toEqual(all.slice(3, 4));
    expect(drawCases({}, 6, 3, 1)).not.toEqual(all.slice(3, 4));
  });

  test('finds the same shrunk counterexample after the same cases on 2 and 3 workers', async () => {
    const one = explore(MUTANT);
    expect(one.counterexample).toBeDefined();
    expect(one.numRuns).toBeGreaterThan(4);
    for (const [workers, batchSize] of [
      [2, 3],
      [3, 2],
    ] as const) {
      const pooled = await exploreOnPool({ ...MUTANT, workers, batchSize });
      expect(pooled.numRuns).toBe(one.numRuns);
      expect(pooled.counterexample?.path).toBe(one.counterexample!.path);
      expect(pooled.counterexample?.input).toEqual(one.counterexample!.input);
      expect(pooled.counterexample?.failures).toEqual(one.counterexample!.failures);
      expect([...pooled.coverage.counts].sort()).toEqual([...one.coverage.counts].sort());
    }
  }, 120_000);

  test('counts the same coverage as one thread when no case fails, search after search', async () => {
    const pool = new CheckPool(2);
    try {
      for (const seed of [77, 78]) {
        const options = { seed, runs: 20, determinismEvery: 0 };
        const one = explore(options);
        const pooled = await pool.search(options);
        expect(pooled.counterexample).toBeUndefined();
        expect(pooled.coverage.cases).toBe(20);
        expect([...pooled.coverage.counts].sort()).toEqual([...one.coverage.counts].sort());
      }
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});
