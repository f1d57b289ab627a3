/**
 * Shared pieces of the scenario tests: a small valid scenario and a way to load it with changes.
 *
 * This is not a test file; it holds no assertions.
 */
import {
  formatProblem,
  type LoadOptions,
  type LoadResult,
  loadScenarioText,
} from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';

/**
 * The smallest useful scenario: two call bridges, one web bridge, two spaces, one participant, one
 * move.
 */
export const MINIMAL_YAML = `name: minimal
cluster:
  callBridges:
    - { id: cbA }
    - { id: cbB }
  webBridges:
    - { id: wbA }
  cmm: { apiBridge: cbB }
spaces:
  - { id: space1, name: Space 1 }
  - { id: space2, name: Space 2 }
participants:
  - { id: userX, name: User X, join: { space: space1 } }
moves:
  - { at: 5s, participant: userX, to: space2 }
`;

/** Loads text that must be valid and returns the scenario, failing with the problems otherwise. */
export function mustLoad(text: string, fileName = 'test.yaml', opts: LoadOptions = {}): Scenario {
  const result = loadScenarioText(text, fileName, opts);
  if (!result.ok)
    throw new Error(
      `expected a valid scenario, got:\n${result.problems.map(formatProblem).join('\n')}`,
    );
  return result.scenario;
}

/** Loads text that must be invalid and returns its problems printed one per line. */
export function mustFail(text: string, fileName = 'test.yaml', opts: LoadOptions = {}): string[] {
  const result: LoadResult = loadScenarioText(text, fileName, opts);
  if (result.ok) throw new Error('expected problems, but the scenario loaded');
  return result.problems.map(formatProblem);
}
