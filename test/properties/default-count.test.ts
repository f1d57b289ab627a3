/**
 * The search at the command's default budget (`movesim check`, 200 cases): every reachable cell
 * of the step × fault matrix is hit, at least half of the generated moves get past step 5, and
 * every reason a move is refused before anything moves still appears. Two seeds, so the plan of
 * `sim/check/schedule.ts` (half of the cases aimed at the cells in turn) is what fills the
 * matrix, not one lucky seed. The 2000-case suite is explore.test.ts.
 */
import { describe, expect, test } from 'vitest';

import { Coverage, explore, REQUIRED_CELLS, REQUIRED_CLASSES } from '../../sim/check/index.js';
import { DEFAULT_CHECK_RUNS } from '../../sim/cli/check-command.js';

describe.each([1, 20_240_601])('the search at the default count, seed %i', (seed) => {
  const coverage = new Coverage();

  test(`passes ${DEFAULT_CHECK_RUNS} generated cases`, () => {
    const result = explore({ seed, runs: DEFAULT_CHECK_RUNS, coverage, determinismEvery: 10 });
    expect(result.counterexample?.failures).toBeUndefined();
    expect(result.numRuns).toBe(DEFAULT_CHECK_RUNS);
  }, 120_000);

  test('hits every reachable cell of the step x fault matrix', () => {
    expect(coverage.cases).toBe(DEFAULT_CHECK_RUNS);
    expect(coverage.missing(REQUIRED_CELLS)).toEqual([]);
    expect(coverage.missing(REQUIRED_CLASSES)).toEqual([]);
  });

  test('gets at least half of the moves past step 5 and still refuses moves for every early reason', () => {
    console.log(`seed ${seed}, ${DEFAULT_CHECK_RUNS} cases:\n${coverage.moveStatistics()}`);
    expect(coverage.pastStep5Share()).toBeGreaterThanOrEqual(0.5);
    const early = coverage.earlyRejections();
    expect(Object.entries(early).filter(([, n]) => n === 0)).toEqual([]);
  });
});
