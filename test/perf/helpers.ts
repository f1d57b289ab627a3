/**
 * Helpers of the performance-path tests: validate a generated scenario object as the loader
 * would (schema, then references), throwing with every problem.
 */
import { checkReferences } from '../../sim/scenario/references.js';
import { ScenarioSchema, type Scenario } from '../../sim/scenario/schema.js';

/** Parses a scenario given as an object; throws with every problem when it does not validate. */
export function parseInput(input: unknown): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  const refs = checkReferences(input);
  if (!parsed.success || refs.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error([...issues, ...refs.map((f) => `${f.path.join('.')}: ${f.message}`)].join('\n'));
  }
  return parsed.data;
}
