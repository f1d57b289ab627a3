/**
 * The determinism property: the same scenario, run twice, gives identical traces and outcomes.
 *
 * It compares the message traces event by event and reports the first difference. Values are
 * compared as their JSON texts would be (`sameJson`: key order, omitted `undefined` fields,
 * non-finite numbers as `null`), field by field without writing those texts: the texts are
 * written only for the message of a difference. It runs nothing itself; `check-case.ts` runs the
 * case twice and calls it.
 */
import type { Failure } from './properties.js';
import type { Observation } from './run-case.js';

/** Whether a value is left out of a JSON object (and written `null` in an array). */
const omitted = (v: unknown): boolean =>
  v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The value JSON writes for a number: itself, or `null` for NaN and the infinities. */
const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Whether two arrays have the same JSON text. */
function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // In an array, JSON writes an omitted value as null.
    if (!sameJson(omitted(x) ? null : x, omitted(y) ? null : y)) return false;
  }
  return true;
}

/** Whether two plain objects have the same JSON text: the same written keys, in order. */
function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let j = 0;
  for (const k of ka) {
    if (omitted(a[k])) continue;
    while (j < kb.length && omitted(b[kb[j]!])) j++;
    if (j >= kb.length || kb[j] !== k || !sameJson(a[k], b[k])) return false;
    j++;
  }
  while (j < kb.length && omitted(b[kb[j]!])) j++;
  return j === kb.length;
}

/**
 * Whether `JSON.stringify(a) === JSON.stringify(b)` for the plain data of a trace (objects,
 * arrays, strings, numbers, booleans, null), without writing either text. Values with a
 * `toJSON` method (dates, say) are compared through their texts.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? jsonNumber(a) : a;
    const y = typeof b === 'number' ? jsonNumber(b) : b;
    return x === y;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return omitted(a) && omitted(b);
  }
  if ('toJSON' in a || 'toJSON' in b) return JSON.stringify(a) === JSON.stringify(b);
  const arrA = Array.isArray(a);
  if (arrA !== Array.isArray(b)) return false;
  return arrA
    ? sameArray(a as unknown[], b as unknown[])
    : sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}

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
    if (sameJson(ea[i], eb[i])) continue;
    const x = JSON.stringify(ea[i]);
    const y = JSON.stringify(eb[i]);
    return {
      property: 'deterministic',
      detail: `trace event ${i} differs: ${x ?? 'nothing'} then ${y ?? 'nothing'}`,
    };
  }
  if (!sameJson(a.out.outcomes, b.out.outcomes)) {
    const oa = JSON.stringify(a.out.outcomes);
    const ob = JSON.stringify(b.out.outcomes);
    return { property: 'deterministic', detail: `outcomes differ: ${oa} then ${ob}` };
  }
  return undefined;
}
