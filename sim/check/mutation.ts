/**
 * Mutation testing of the property search: runs the search against each model mutant of
 * `sim/cms/mutants.ts` and reports which it kills (finds a failure the intact model does not
 * show in the same case) and after how many generated cases.
 *
 * A mutant the search does not kill within its budget is a blind spot of the properties or of
 * the generator. This file prints nothing; `movesim check --mutants` does.
 */
import { MUTANT_NAMES, type MutantName } from '../cms/mutants.js';
import { type Counterexample, explore } from './explore.js';
import { failureName } from './properties.js';

/** The fast-check seed of `npm run mutants` and the README's kill table. */
export const DEFAULT_MUTANT_SEED = 2;

/** The default budget of generated cases per mutant. */
export const DEFAULT_MUTANT_RUNS = 200;

/** Options of `killMutants`. */
export interface MutationOptions {
  /** The fast-check seed, the same for every mutant. Default `DEFAULT_MUTANT_SEED`. */
  seed?: number;
  /** The budget of generated cases per mutant. Default `DEFAULT_MUTANT_RUNS`. */
  runs?: number;
  /** Which mutants to run. Default all, in the table's order. */
  mutants?: readonly MutantName[];
  /** Called after each mutant. */
  onMutant?: (row: MutantRow) => void;
}

/** What the search did against one mutant. */
export interface MutantRow {
  mutant: MutantName;
  /** Whether the search found a failure the intact model does not show. */
  killed: boolean;
  /** The generated cases run up to and including the killing one (the budget when not killed). */
  cases: number;
  /** The failure that killed it, as `property` or `property:invariant`. */
  failure: string | undefined;
  /** The shrunk killing case. */
  counterexample: Counterexample | undefined;
}

/** Runs the search against each mutant. */
export function killMutants(options: MutationOptions = {}): MutantRow[] {
  const seed = options.seed ?? DEFAULT_MUTANT_SEED;
  const runs = options.runs ?? DEFAULT_MUTANT_RUNS;
  const rows: MutantRow[] = [];
  for (const mutant of options.mutants ?? MUTANT_NAMES) {
    const result = explore({
      seed,
      runs,
      breakModel: { [mutant]: true },
      findings: [],
      onlyWhatBreakCauses: true,
      determinismEvery: 0,
    });
    const cx = result.counterexample;
    const row: MutantRow = {
      mutant,
      killed: cx !== undefined,
      cases: result.numRuns,
      failure: cx === undefined ? undefined : failureName(cx.failures[0]!),
      counterexample: cx,
    };
    options.onMutant?.(row);
    rows.push(row);
  }
  return rows;
}
