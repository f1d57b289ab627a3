/**
 * Checks one case: runs it, judges every property, optionally runs it again for determinism,
 * and sets aside the failures a known finding excuses.
 *
 * The same function serves the explorer (generated cases) and the regression test of
 * `test/counterexamples/` (files loaded from disk), so a file replays exactly what the search
 * saw. It does not generate or shrink anything; `explore.ts` does.
 */
import type { Scenario } from '../scenario/schema.js';
import { classify } from './coverage.js';
import { compareRuns } from './deterministic.js';
import { excuse, KNOWN_FINDINGS, type KnownFinding } from './known-findings.js';
import { type Failure, judge } from './properties.js';
import { type Observation, observe, type RunCaseOptions } from './run-case.js';

/** Options of `checkScenario`. */
export interface CheckCaseOptions extends RunCaseOptions {
  /** Run the case twice and compare the traces. Default false. */
  determinism?: boolean;
  /** Findings whose symptoms are excused. Default `KNOWN_FINDINGS`; pass `[]` to excuse nothing. */
  findings?: readonly KnownFinding[];
  /** Which failures count; the others are ignored. Default all. */
  focus?: (f: Failure) => boolean;
}

/** The verdict on one case. */
export interface CaseVerdict {
  obs: Observation;
  /** Every failure that counts (not excused, in focus). */
  failures: Failure[];
  /** Failures set aside because a known finding explains them. */
  excused: { finding: string; failure: Failure }[];
  /** The coverage classes of the run, with `excused:<finding>` labels added. */
  labels: string[];
}

/** Runs and judges one parsed scenario. */
export function checkScenario(scenario: Scenario, options: CheckCaseOptions = {}): CaseVerdict {
  const run: RunCaseOptions =
    options.breakModel !== undefined ? { breakModel: options.breakModel } : {};
  const obs = observe(scenario, run);
  const all = judge(obs);
  if (options.determinism === true) {
    const diff = compareRuns(obs, observe(scenario, run));
    if (diff !== undefined) all.push(diff);
  }
  const focused = options.focus === undefined ? all : all.filter(options.focus);
  const { kept, excused } = excuse(obs, focused, options.findings ?? KNOWN_FINDINGS);
  const labels = classify(obs);
  for (const e of excused) labels.push(`excused:${e.finding}`);
  return { obs, failures: kept, excused, labels: [...new Set(labels)] };
}
