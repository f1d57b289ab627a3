/**
 * The JSON text of one trace event, exactly as `trace.json` writes it (`JSON.stringify(event,
 * mapsAsJson)`: Maps as objects, Sets as arrays), made faster for the events a large trace is
 * mostly made of: a message's send, deliver and drop.
 *
 * A message event is written field by field in the order the engine builds it, and its `data`
 * is turned into JSON once per message, not once per event: the send and the deliver of a
 * message share the same `data` object, and a message's data is never changed after it is
 * sent (the engine's contract, `Context.send`). Every other event goes through
 * `JSON.stringify` with `mapsAsJson`. A test checks the text is identical for every event of
 * the shipped scenarios. This file writes nothing; the NDJSON sink does.
 */
import type { TraceEvent } from '../engine/index.js';
import { mapsAsJson } from './maps-as-json.js';

/** Characters a JSON string must escape (quote, backslash, controls, lone surrogate halves). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Writes trace events as JSON text, remembering the JSON of each message's data. */
export class EventJson {
  private readonly dataJson = new WeakMap<object, string>();

  /** The JSON text of `e`, identical to `JSON.stringify(e, mapsAsJson)`. */
  text(e: TraceEvent): string {
    if (e.type !== 'send' && e.type !== 'deliver' && e.type !== 'drop') return JSON.stringify(e, mapsAsJson);
    let s = `{"msg":${e.msg},"from":${quote(e.from)},"to":${quote(e.to)},"kind":${quote(e.kind)}`;
    if (e.step !== undefined) s += `,"step":${e.step}`;
    if (e.move !== undefined) s += `,"move":${quote(e.move)}`;
    if (e.data !== undefined) {
      const data = this.data(e.data);
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

  /** The JSON of a message's data, or undefined where `JSON.stringify` leaves the key out. */
  private data(d: unknown): string | undefined {
    if (d === null || typeof d !== 'object') return JSON.stringify(d, mapsAsJson) as string | undefined;
    let json = this.dataJson.get(d);
    if (json === undefined) {
      json = JSON.stringify(d, mapsAsJson) as string;
      this.dataJson.set(d, json);
    }
    return json;
  }
}
