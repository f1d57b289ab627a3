/**
 * Decoding the compact trace a self-contained page carries ("movesim-trace-compact", written by
 * the simulator's HTML export): columns of numbers and a string table back into the events
 * `trace.json` would hold, so the rest of the viewer reads one shape. A delivery's or drop's
 * data, left out because its send has it, stays out (the model takes a message's data from
 * its send). It decodes; it checks only what it needs to decode safely.
 */
import type { TraceEvent, TraceFile } from '../../sim/engine/trace.js';

/** The format name the compact encoding carries. */
export const COMPACT_FORMAT = 'movesim-trace-compact';

const TYPES = ['send', 'deliver', 'drop', 'local', 'log', 'state', 'violation'] as const;
const REF = '\u0001';
const COLUMNS = ['ty', 'seq', 't', 'msg', 'a', 'b', 'k', 'st', 'mv', 'x', 'dup', 'd'] as const;

type Obj = Record<string, unknown>;

/** A data value with its table references replaced by the strings they stand for. */
function restore(v: unknown, strings: readonly string[]): unknown {
  if (typeof v === 'string') {
    if (!v.startsWith(REF)) return v;
    if (v.startsWith(REF + REF)) return v.slice(2);
    return strings[Number(v.slice(1)) - 1];
  }
  if (Array.isArray(v)) return v.map((x) => restore(x, strings));
  if (typeof v === 'object' && v !== null) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = restore(x, strings);
    return out;
  }
  return v;
}

/** The events of a compact trace. Throws when its columns are missing or of unequal length. */
function decodeEvents(o: Obj): TraceEvent[] {
  const strings = (Array.isArray(o.strings) ? o.strings : []) as string[];
  const data = (Array.isArray(o.data) ? o.data : []) as unknown[];
  const cols = COLUMNS.map((k) => o[k]);
  const n = Array.isArray(o.ty) ? o.ty.length : -1;
  if (n < 0 || cols.some((c) => !Array.isArray(c) || c.length !== n))
    throw new Error('The compact trace in this page is damaged: its event columns do not match.');
  const [ty, seqD, tD, msg, a, b, k, st, mv, x, dup, d] = cols as number[][] as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const s = (i: number): string | undefined => (i > 0 ? strings[i - 1] : undefined);
  const events: TraceEvent[] = new Array<TraceEvent>(n);
  let seq = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    seq += seqD[i] as number;
    t += tD[i] as number;
    const type = TYPES[ty[i] as number] ?? 'log';
    const e: Obj = { seq, t, type };
    const di = d[i] as number;
    const value = di > 0 ? restore(data[di - 1], strings) : undefined;
    if (type === 'log') {
      e.node = s(a[i] as number);
      e.line = s(x[i] as number) ?? '';
    } else if (type === 'violation') {
      e.invariant = s(k[i] as number);
      e.detail = s(x[i] as number) ?? '';
    } else if (type === 'local' || type === 'state') {
      e.node = s(a[i] as number);
      if (type === 'state') e.patches = value ?? [];
      else {
        e.kind = s(k[i] as number);
        if (value !== undefined) e.data = value;
      }
    } else {
      e.msg = msg[i];
      e.from = s(a[i] as number);
      e.to = s(b[i] as number);
      e.kind = s(k[i] as number);
      if (type === 'send') e.deliverAt = t + (x[i] as number);
      if (type === 'drop') e.reason = s(x[i] as number);
      if (dup[i] === 1) e.duplicate = true;
      if (value !== undefined) e.data = value;
    }
    if ((st[i] as number) > 0) e.step = st[i];
    const move = s(mv[i] as number);
    if (move !== undefined) e.move = move;
    events[i] = e as unknown as TraceEvent;
  }
  return events;
}

/** True when a parsed value is a compact trace. */
export function isCompact(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && (v as Obj).format === COMPACT_FORMAT;
}

/** The trace a compact encoding holds, with the header's `format` restored. */
export function decodeCompact(o: Obj): TraceFile {
  const header = (typeof o.header === 'object' && o.header !== null ? o.header : {}) as Obj;
  return {
    ...(header as unknown as TraceFile),
    format: 'movesim-trace',
    events: decodeEvents(o),
  };
}
