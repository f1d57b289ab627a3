/**
 * The JSON text of one trace event, as both trace forms write it (`trace.json` and the streamed
 * NDJSON), made fast for the events a large trace is mostly made of.
 *
 * A message's data and a mark's data are JSON values (the engine's contract, `Context.send`
 * and `Context.mark`), so those events are `JSON.stringify` of the event. A state event's
 * patches may hold Maps and Sets, written as objects and arrays (`mapsAsJson`); the replacer,
 * slow, runs only for a state event that holds one. A message event
 * is written field by field in the order the engine builds it, and its data is turned into
 * JSON once per message, not once for its send and again for its deliver: both events carry
 * the same data, which is never changed after the send. Events must come in trace order. A test checks the text against
 * `JSON.stringify(event, mapsAsJson)` for every event of the shipped scenarios. This file
 * writes nothing; the trace writers do.
 */
import type { TraceEvent } from '../engine/index.js';
import { mapsAsJson } from './maps-as-json.js';

/** Characters a JSON string must escape (quote, backslash, controls, lone surrogate halves). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** True when `v` is or holds a Map or a Set (which only the replacer writes right). */
function holdsMapOrSet(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Map || v instanceof Set) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (holdsMapOrSet(v[i])) return true;
    return false;
  }
  for (const k in v) if (holdsMapOrSet((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Writes trace events as JSON text, remembering the JSON of each message's data until it arrives. */
export class EventJson {
  /** The data JSON of messages sent and not yet delivered or dropped, by message id. */
  private readonly inFlight = new Map<number, string | undefined>();

  /** The JSON text of `e`: `JSON.stringify(e, mapsAsJson)` for events that keep the contract. */
  text(e: TraceEvent): string {
    if (e.type === 'state') return holdsMapOrSet(e.patches) ? JSON.stringify(e, mapsAsJson) : JSON.stringify(e);
    if (e.type !== 'send' && e.type !== 'deliver' && e.type !== 'drop') return JSON.stringify(e);
    let s = `{"msg":${e.msg},"from":${quote(e.from)},"to":${quote(e.to)},"kind":${quote(e.kind)}`;
    if (e.step !== undefined) s += `,"step":${e.step}`;
    if (e.move !== undefined) s += `,"move":${quote(e.move)}`;
    if (e.data !== undefined) {
      const data = this.data(e);
      if (data !== undefined) s += `,"data":${data}`;
    }
    s += `,"seq":${e.seq},"t":${e.t},"type":"${e.type}"`;
    if (e.type === 'send') {
      s += `,"deliverAt":${e.deliverAt}`;
      if (e.duplicate !== undefined) s += `,"duplicate":${e.duplicate}`;
    } else if (e.type === 'deliver') {
      if (e.duplicate !== undefined) s += `,"duplicate":${e.duplicate}`;
    } else {
      s += `,"reason":${quote(e.reason)}`;
    }
    return `${s}}`;
  }

  /**
   * The JSON of a message event's data, or undefined where `JSON.stringify` leaves the key
   * out. A send remembers it; the first deliver or drop of the message takes it (a duplicate's
   * second arrival writes it again).
   */
  private data(e: TraceEvent & { msg: number; data?: unknown }): string | undefined {
    if (e.type === 'send') {
      const json = JSON.stringify(e.data) as string | undefined;
      this.inFlight.set(e.msg, json);
      return json;
    }
    if (this.inFlight.has(e.msg)) {
      const json = this.inFlight.get(e.msg);
      this.inFlight.delete(e.msg);
      return json;
    }
    return JSON.stringify(e.data) as string | undefined;
  }
}
