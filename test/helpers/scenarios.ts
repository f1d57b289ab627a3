/**
 * Test helpers: load a shipped scenario (failing loudly on a problem) and run it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { formatProblem, loadScenarioFile } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';

/** The package root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The path of a shipped scenario file, e.g. `move-across-bridges`. */
export function scenarioPath(name: string): string {
  return join(ROOT, 'scenarios', `${name}.yaml`);
}

/** Loads a shipped scenario, with optional `--set` overrides; throws with every problem listed. */
export function loadShipped(name: string, set: string[] = []): Scenario {
  const r = loadScenarioFile(scenarioPath(name), { set });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.scenario;
}

/**
 * The names of the shipped scenarios small enough to trace at the state level in a test (all but
 * the large one), sorted.
 */
export function smallShippedScenarios(): string[] {
  return readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml') && f !== 'large-24-bridges.yaml')
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}
