/**
 * The JSON text of one trace event, as both trace forms write it (`trace.json` and the streamed
 * NDJSON): `JSON.stringify(event, mapsAsJson)`, with Maps as objects and Sets as arrays.
 *
 * A message's data and a mark's data are JSON values (the engine's contract, `Context.send`
 * and `Context.mark`), so only a state event's patches can hold a Map or a Set; the replacer,
 * which costs a call per value, runs only for a state event that holds one. Plain
 * `JSON.stringify` writes a Map or a Set as `{}`, so only a state event whose plain text has a
 * `{}` is searched for one. Measured against a
 * field-by-field writer with the data's JSON kept per message, plain `JSON.stringify` was as
 * fast and made less garbage (docs/performance.md). A test checks the text against
 * `JSON.stringify(event, mapsAsJson)` for every event of the shipped scenarios. This file
 * writes nothing; the trace writers do.
 */
import type { TraceEvent } from '../engine/index.js';
import { mapsAsJson } from './maps-as-json.js';

/** True when `v` is or holds a Map or a Set (which only the replacer writes right). */
export function holdsMapOrSet(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Map || v instanceof Set) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (holdsMapOrSet(v[i])) return true;
    return false;
  }
  for (const k in v) if (holdsMapOrSet((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** The JSON text of `e`: `JSON.stringify(e, mapsAsJson)` for events that keep the contract. */
export function eventJson(e: TraceEvent): string {
  const text = JSON.stringify(e);
  // Plain JSON.stringify writes a Map or a Set as "{}": text without "{}" held neither.
  if (e.type !== 'state' || !text.includes('{}') || !holdsMapOrSet(e.patches)) return text;
  return JSON.stringify(e, mapsAsJson);
}
