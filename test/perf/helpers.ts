/**
 * Helpers of the performance-path tests: validate a generated scenario object as the loader
 * would (schema, then references), throwing with every problem; the large scenario at 1/100
 * with network faults.
 */
import { largeScenario } from '../../scripts/gen-large.js';
import { checkReferences } from '../../sim/scenario/references.js';
import { type Scenario, ScenarioSchema } from '../../sim/scenario/schema.js';

type Obj = Record<string, unknown>;

/** Parses a scenario given as an object; throws with every problem when it does not validate. */
export function parseInput(input: unknown): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  const refs = checkReferences(input);
  if (!parsed.success || refs.length > 0) {
    const issues = parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(
      [...issues, ...refs.map((f) => `${f.path.join('.')}: ${f.message}`)].join('\n'),
    );
  }
  return parsed.data;
}

/** The large scenario at 1/100 with network faults switched on, as a scenario object. */
export function faultyReduced(): Obj {
  const s = largeScenario({ scale: 0.01, name: 'large-faulty' });
  const network = s.network as Obj;
  network.loss = [{ probability: 0.01 }];
  network.duplication = [{ probability: 0.02, linkClass: 'c2w' }];
  network.reorder = [{ probability: 0.05, maxExtra: '40ms', linkClass: 'websocket' }];
  s.expect = [];
  return s;
}
