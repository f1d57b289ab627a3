/**
 * The exploration engine: fast-check generates cases, runs each through `checkScenario`, and on
 * a failure shrinks it to the smallest case it can find; the result carries everything needed to
 * write that case as a scenario file.
 *
 * The seed is always given (never fast-check's clock default), so a search is a function of its
 * options. Coverage is counted over the generated cases only, not over the shrinking steps. This
 * file writes nothing and prints nothing; `sim/cli/check-command.ts`, `scripts/fuzz.mjs` and the
 * tests do.
 */
import fc from 'fast-check';

import type { Scenario, ScenarioInput } from '../scenario/schema.js';
import { type CaseVerdict, type CheckCaseOptions, checkScenario } from './check-case.js';
import { Coverage } from './coverage.js';
import { generatedScenario } from './generated-scenario.js';
import { type Failure, failureName } from './properties.js';
import { reduceInput } from './reduce.js';
import { parseGenerated } from './run-case.js';
import { plannedProperty } from './schedule.js';
import type { Sketch } from './sketch.js';
import { sketchToScenario } from './to-scenario.js';

/** Options of `explore`. */
export interface ExploreOptions extends Omit<CheckCaseOptions, 'determinism'> {
  /** The fast-check seed of the search (a 32-bit integer). Required: searches are reproducible. */
  seed: number;
  /** How many cases to generate. Default 100. */
  runs?: number;
  /** A fast-check path: replays that one (shrunk) case of the search with `seed`. */
  path?: string;
  /** Draw only fault-free cases. Default false. */
  faultFree?: boolean;
  /**
   * Check determinism (run twice, compare traces) on the cases whose scenario seed is a
   * multiple of this. Default 10; 0 never.
   */
  determinismEvery?: number;
  /** Counts the coverage classes of the generated cases; a fresh one when absent. */
  coverage?: Coverage;
  /** Called after each generated case (not shrink steps), with how many have run. */
  onCase?: (done: number) => void;
  /**
   * With `breakModel`: count only the failures the intact model does not also show in the same
   * case, so the search (and its shrinking) looks for what the break itself causes. Default false.
   */
  onlyWhatBreakCauses?: boolean;
  /**
   * After shrinking, remove from the scenario every entry the failure does not need (see
   * `reduce.ts`); the fast-check path then replays the case before this reduction. Default true.
   */
  reduce?: boolean;
}

/** The shrunk failing case of a search. */
export interface Counterexample {
  sketch: Sketch;
  input: ScenarioInput;
  scenario: Scenario;
  failures: Failure[];
  /** The fast-check path that replays it with the search's seed (before any reduction). */
  path: string;
  numShrinks: number;
  /** Whether `reduce.ts` removed entries after shrinking. */
  reduced: boolean;
}

/** What a search found. */
export interface ExploreResult {
  seed: number;
  /** Cases run before the first failure (all of them when none failed). */
  numRuns: number;
  counterexample: Counterexample | undefined;
  coverage: Coverage;
}

/** The error a failing case throws inside the property, carrying its failures. */
class CaseFailed extends Error {
  constructor(readonly failures: Failure[]) {
    super(
      failures
        .map((f) => `${f.property}${f.invariant ? ` (${f.invariant})` : ''}: ${f.detail}`)
        .join('\n'),
    );
  }
}

/** Options for checking one sketch, from the search's options. */
function caseOptions(o: CaseSearchOptions, sketch: Sketch): CheckCaseOptions {
  const every = o.determinismEvery ?? 10;
  return {
    ...(o.breakModel !== undefined ? { breakModel: o.breakModel } : {}),
    ...(o.findings !== undefined ? { findings: o.findings } : {}),
    ...(o.focus !== undefined ? { focus: o.focus } : {}),
    determinism: every > 0 && sketch.seed % every === 0,
  };
}

/** The options a single case's check reads (a worker thread gets these). */
export type CaseSearchOptions = Pick<
  ExploreOptions,
  'breakModel' | 'findings' | 'focus' | 'determinismEvery' | 'onlyWhatBreakCauses'
>;

/**
 * Checks one generated case as the search does, with `onlyWhatBreakCauses` applied. The case's
 * scenario is built without the schema (`generated-scenario.ts`: the same parsed scenario,
 * several times faster); the shrunk counterexample below goes through the schema.
 */
export function checkSketch(options: CaseSearchOptions, sketch: Sketch): CaseVerdict {
  const scenario = generatedScenario(sketchToScenario(sketch));
  const verdict = checkScenario(scenario, caseOptions(options, sketch));
  if (
    options.onlyWhatBreakCauses === true &&
    options.breakModel !== undefined &&
    verdict.failures.length > 0
  ) {
    const { breakModel: _broken, ...intactOptions } = caseOptions(options, sketch);
    const intact = new Set(checkScenario(scenario, intactOptions).failures.map(failureName));
    verdict.failures = verdict.failures.filter((f) => !intact.has(failureName(f)));
  }
  return verdict;
}

/** Runs a search; returns the shrunk counterexample of the first failure, if any. */
export function explore(options: ExploreOptions): ExploreResult {
  const coverage = options.coverage ?? new Coverage();
  let generating = true;
  let done = 0;
  const property = plannedProperty({ faultFree: options.faultFree ?? false }, (sketch) => {
    const verdict = checkSketch(options, sketch);
    if (generating) {
      coverage.add(verdict.labels);
      options.onCase?.(++done);
    }
    if (verdict.failures.length > 0) {
      generating = false;
      throw new CaseFailed(verdict.failures);
    }
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: options.runs ?? 100,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  if (!details.failed)
    return { seed: details.seed, numRuns: details.numRuns, counterexample: undefined, coverage };
  if (details.counterexample === null) {
    throw new Error(`the search failed without a counterexample: ${String(details.errorInstance)}`);
  }
  const err = details.errorInstance;
  if (!(err instanceof CaseFailed)) {
    // Anything but a judged failure (a generator bug, say) is a bug of sim/check: let it surface.
    throw err instanceof Error ? err : new Error(String(err));
  }
  const [sketch] = details.counterexample;
  let input = sketchToScenario(sketch);
  let scenario = parseGenerated(input);
  let failures = err.failures;
  let reduced = false;
  if (options.reduce !== false) {
    const name = failureName(failures[0]!);
    const verdictOptions = {
      ...caseOptions(options, sketch),
      determinism: failures[0]!.property === 'deterministic',
    };
    const check = (s: Scenario) => checkScenario(s, verdictOptions).failures;
    const smaller = reduceInput(input, (s) => check(s).some((f) => failureName(f) === name));
    if (JSON.stringify(smaller) !== JSON.stringify(input)) {
      input = smaller;
      scenario = parseGenerated(input);
      const again = check(scenario);
      failures = [
        ...again.filter((f) => failureName(f) === name),
        ...again.filter((f) => failureName(f) !== name),
      ];
      reduced = true;
    }
  }
  return {
    seed: details.seed,
    numRuns: details.numRuns,
    counterexample: {
      sketch,
      input,
      scenario,
      failures,
      path: details.counterexamplePath ?? '',
      numShrinks: details.numShrinks,
      reduced,
    },
    coverage,
  };
}
