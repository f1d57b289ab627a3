/**
 * Shared pieces of the property tests: where counterexamples live, and how a failed search is
 * written down and shown. This is not a test file; it holds no assertions.
 */
import { fileURLToPath } from 'node:url';

import {
  counterexampleText,
  type ExploreResult,
  writeCounterexample,
} from '../../sim/check/index.js';

/** The folder of the counterexample files (regression examples). */
export const COUNTEREXAMPLES = fileURLToPath(new URL('../counterexamples/', import.meta.url));

/**
 * Writes the counterexample of a failed search under test/counterexamples/ and returns a
 * message for the failing assertion: the file, its text and how to replay it. Returns
 * undefined when the search found nothing.
 */
export function reportFailure(result: ExploreResult, dir = COUNTEREXAMPLES): string | undefined {
  const cx = result.counterexample;
  if (cx === undefined) return undefined;
  const spec = {
    input: cx.input,
    scenario: cx.scenario,
    failures: cx.failures,
    foundBy: { seed: result.seed, path: cx.path, numShrinks: cx.numShrinks, reduced: cx.reduced },
  };
  const file = writeCounterexample(dir, spec);
  return [
    `a property failed after ${result.numRuns} cases; the shrunk case is written to ${file}.`,
    'Diagnose it, then either fix the model or document it in docs/findings.md with a named filter in sim/check/known-findings.ts.',
    '',
    counterexampleText(spec),
  ].join('\n');
}
