/**
 * `movesim check --workers N` gives the search's result whatever N: the pool draws the same
 * cases, finds the same first failure, shrinks it to the same counterexample (same fast-check
 * path) and counts the same coverage as the one-thread search. The workers load the compiled
 * worker from dist/ (`npm test` builds first).
 */
import { describe, expect, test } from 'vitest';

import { explore, exploreOnPool } from '../../sim/check/index.js';

const MUTANT = {
  seed: 2,
  runs: 30,
  breakModel: { muteReset: true },
  findings: [],
  onlyWhatBreakCauses: true,
  determinismEvery: 0,
  reduce: false,
} as const;

describe('the search on a pool of worker threads', () => {
  test('finds the same shrunk counterexample after the same cases with 3 workers', async () => {
    const one = explore(MUTANT);
    expect(one.counterexample).toBeDefined();
    for (const workers of [3]) {
      const pooled = await exploreOnPool({ ...MUTANT, workers, batchSize: 2 });
      expect(pooled.numRuns).toBe(one.numRuns);
      expect(pooled.counterexample?.path).toBe(one.counterexample!.path);
      expect(pooled.counterexample?.input).toEqual(one.counterexample!.input);
      expect([...pooled.coverage.counts].sort()).toEqual([...one.coverage.counts].sort());
    }
  }, 120_000);

  test('counts the same coverage as one thread when no case fails', async () => {
    const options = { seed: 77, runs: 20, determinismEvery: 0 };
    const one = explore(options);
    const pooled = await exploreOnPool({ ...options, workers: 2 });
    expect(pooled.counterexample).toBeUndefined();
    expect(pooled.coverage.cases).toBe(20);
    expect([...pooled.coverage.counts].sort()).toEqual([...one.coverage.counts].sort());
  }, 60_000);
});
