/**
 * The determinism property: the same scenario, run twice, gives identical traces and outcomes.
 *
 * It compares the message traces event by event and reports the first difference. It runs
 * nothing itself; `check-case.ts` runs the case twice and calls it.
 */
import type { Failure } from './properties.js';
import type { Observation } from './run-case.js';

/** The first difference between two runs of the same scenario, as a failure, or undefined. */
export function compareRuns(a: Observation, b: Observation): Failure | undefined {
  if (a.out === undefined || b.out === undefined) {
    if (a.error === b.error) return undefined;
    return {
      property: 'deterministic',
      detail: `one run threw (${a.error ?? b.error}) and the other did not`,
    };
  }
  const ea = a.out.events ?? [];
  const eb = b.out.events ?? [];
  const n = Math.max(ea.length, eb.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(ea[i]);
    const y = JSON.stringify(eb[i]);
    if (x !== y)
      return {
        property: 'deterministic',
        detail: `trace event ${i} differs: ${x ?? 'nothing'} then ${y ?? 'nothing'}`,
      };
  }
  const oa = JSON.stringify(a.out.outcomes);
  const ob = JSON.stringify(b.out.outcomes);
  if (oa !== ob) return { property: 'deterministic', detail: `outcomes differ: ${oa} then ${ob}` };
  return undefined;
}
