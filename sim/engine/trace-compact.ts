/**
 * Decoding the compact trace ("movesim-trace-compact", version 2, written by the simulator's
 * sim/report/compact-trace.ts; its layout is described there): a prefix, base64 of gzip, then
 * three JSON lines (header, string table, data values) and binary columns, back into the events
 * `trace.json` would hold, or into its columns (decodeCompactColumns), whose events
 * forEachCompactEvent visits without an object each (the viewer builds its model that way).
 * This is the one decoder:
 * the page uses it, and so does the simulator's read-trace.ts (which inflates with zlib, the page
 * with the browser's `DecompressionStream`). A delivery's or drop's data, left out because its
 * send has the same, is the send's value again (the same object).
 *
 * It decodes; it checks what it needs to decode safely, and says "damaged" otherwise.
 */
import type { TraceEvent, TraceFile } from './trace.js';

/** The format name the compact encoding carries, and the text prefix of its travelling form. */
export const COMPACT_FORMAT = 'movesim-trace-compact';
export const COMPACT_TEXT_PREFIX = 'movesim-trace-compact;gzip;base64,';

const TYPES = ['send', 'deliver', 'drop', 'local', 'log', 'state', 'violation'] as const;
const COLUMNS = ['ty', 'seq', 't', 'msg', 'a', 'b', 'k', 'st', 'mv', 'x', 'dup', 'hd'] as const;

type Obj = Record<string, unknown>;
type Col = ArrayLike<number>;

/** A compact trace that cannot be decoded. */
export class CompactTraceError extends Error {}

const damaged = (why: string): CompactTraceError =>
  new CompactTraceError(`the compact trace is damaged (${why})`);

/** Whether a text is a compact trace in its travelling form. */
export function isCompactText(text: string): boolean {
  return text.trimStart().startsWith(COMPACT_TEXT_PREFIX);
}

/** The gzip bytes a compact text carries. Throws CompactTraceError when it is not base64. */
export function compactTextBytes(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.trim().slice(COMPACT_TEXT_PREFIX.length).replace(/\s+/g, '');
  // A text cut off inside a group of four is not base64; atob and fromBase64 would read it.
  if (b64.length % 4 !== 0) throw damaged('its text is not base64; it may be cut off');
  // The browser's own decoder (Chromium 140 on) is several times faster than atob's string.
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array })
    .fromBase64;
  try {
    if (fromBase64 !== undefined) return fromBase64(b64) as Uint8Array<ArrayBuffer>;
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    throw damaged('its text is not base64; it may be cut off');
  }
}

/**
 * Gzip bytes (a compact text's, after compactTextBytes) inflated with the browser's
 * DecompressionStream, read chunk by chunk into one buffer of the size the gzip trailer gives
 * (collecting the stream with `Response` costs several times more on a large trace). Throws
 * CompactTraceError.
 */
export async function gunzipInBrowser(zipped: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const n = zipped.length;
  // The trailer's last four bytes are the inflated size modulo 2^32: a first guess, grown if short.
  const guess =
    n >= 18
      ? (zipped[n - 4]! |
          (zipped[n - 3]! << 8) |
          (zipped[n - 2]! << 16) |
          (zipped[n - 1]! << 24)) >>>
        0
      : 0;
  let out = new Uint8Array(Math.max(guess, 1024));
  let size = 0;
  try {
    const ds = new DecompressionStream('gzip');
    const writer = ds.writable.getWriter();
    const written = writer.write(zipped).then(() => writer.close());
    written.catch(() => undefined);
    const reader = ds.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.length > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, size + value.length));
        grown.set(out.subarray(0, size));
        out = grown;
      }
      out.set(value, size);
      size += value.length;
    }
    await written;
  } catch (e) {
    throw damaged(`it does not decompress: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out.subarray(0, size);
}

/**
 * A data value with its table references replaced by the strings they stand for, in place (the
 * value was just parsed, so nothing else holds it); returns the value. A string starting with
 * `\u0001` (char code 1) refers to the table; one starting with two is a real one, escaped.
 */
function restore(v: unknown, strings: readonly string[]): unknown {
  if (typeof v === 'string') {
    if (v.charCodeAt(0) !== 1) return v;
    if (v.charCodeAt(1) === 1) return v.slice(2);
    return strings[Number(v.slice(1)) - 1];
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' || (typeof x === 'string' && x.charCodeAt(0) === 1))
        v[i] = restore(x, strings);
    }
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Obj;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' || (typeof x === 'string' && x.charCodeAt(0) === 1))
        o[k] = restore(x, strings);
    }
  }
  return v;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A column of `n` values of `width` bytes at `at` (a view when aligned, else a copy). */
function column(bytes: Uint8Array, at: number, n: number, width: number): Col {
  const off = bytes.byteOffset + at;
  const Kind =
    width === 1 ? Int8Array : width === 2 ? Int16Array : width === 4 ? Int32Array : Float64Array;
  if (LITTLE_ENDIAN && off % width === 0) return new Kind(bytes.buffer as ArrayBuffer, off, n);
  const dv = new DataView(bytes.buffer, off, n * width);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * width;
    out[i] =
      width === 1
        ? dv.getInt8(p)
        : width === 2
          ? dv.getInt16(p, true)
          : width === 4
            ? dv.getInt32(p, true)
            : dv.getFloat64(p, true);
  }
  return out;
}

/** The next line of JSON in the bytes from `at`, parsed, and where the line after it starts. */
function jsonLine(bytes: Uint8Array, at: number, what: string): [unknown, number] {
  const nl = bytes.indexOf(10, at);
  if (nl < 0) throw damaged(`its ${what} is cut off`);
  try {
    return [JSON.parse(new TextDecoder().decode(bytes.subarray(at, nl))), nl + 1];
  } catch {
    throw damaged(`its ${what} is not JSON`);
  }
}

/** The first part: the header, the number of events and the columns with their widths. */
interface Head {
  header: Obj;
  n: number;
  widths: number[];
}

function readHead(v: unknown): Head {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Obj;
  if (o.format !== COMPACT_FORMAT) throw damaged('it does not start with its header');
  if (o.version !== 2)
    throw new CompactTraceError(
      `compact trace version ${JSON.stringify(o.version)} is not supported; this movesim reads version 2`,
    );
  const cols = Array.isArray(o.columns) ? (o.columns as unknown[]) : [];
  const widths = COLUMNS.map((name, i) => {
    const c = cols[i];
    const w = Array.isArray(c) && c[0] === name ? c[1] : undefined;
    if (w !== 1 && w !== 2 && w !== 4 && w !== 8) throw damaged(`its column ${name} is missing`);
    return w;
  });
  const n = o.events;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw damaged('its number of events is missing');
  const header = typeof o.header === 'object' && o.header !== null ? (o.header as Obj) : {};
  return { header, n, widths };
}

/** The columns, by name, after the JSON lines that end at `at`. */
function readColumns(bytes: Uint8Array, at: number, head: Head): Record<string, Col> {
  let p = Math.ceil(at / 8) * 8;
  const out: Record<string, Col> = {};
  COLUMNS.forEach((name, i) => {
    const w = head.widths[i] as number;
    const size = head.n * w;
    if (p + size > bytes.length) throw damaged(`its column ${name} is cut off`);
    out[name] = column(bytes, p, head.n, w);
    p += Math.ceil(size / 8) * 8;
  });
  if (p !== bytes.length) throw damaged('it has bytes after its last column');
  return out;
}

/**
 * A decoded compact trace before its events are made: the header (a `trace.json` without its
 * events), the columns with seq, time and message id made absolute, the string table and the
 * data values (restored when an event is visited).
 */
export interface CompactColumns {
  header: Omit<TraceFile, 'events'>;
  /** How many events. */
  n: number;
  cols: Record<(typeof COLUMNS)[number], Col>;
  strings: readonly string[];
  data: unknown[];
}

/** The columns of a compact encoding's (inflated) bytes. Throws CompactTraceError. */
export function decodeCompactColumns(bytes: Uint8Array): CompactColumns {
  const [first, at1] = jsonLine(bytes, 0, 'header');
  const head = readHead(first);
  const [strings, at2] = jsonLine(bytes, at1, 'string table');
  const [data, at3] = jsonLine(bytes, at2, 'data');
  if (!Array.isArray(strings) || strings.some((s) => typeof s !== 'string'))
    throw damaged('its string table is not a list of strings');
  if (!Array.isArray(data)) throw damaged('its data is not a list');
  const cols = readColumns(bytes, at3, head) as CompactColumns['cols'];
  return {
    header: { ...(head.header as unknown as TraceFile), format: 'movesim-trace' },
    n: head.n,
    cols,
    strings: strings as string[],
    data,
  };
}

/** The trace a compact encoding's (inflated) bytes hold. Throws CompactTraceError. */
export function decodeCompactBytes(bytes: Uint8Array): TraceFile {
  const c = decodeCompactColumns(bytes);
  const events: TraceEvent[] = new Array<TraceEvent>(c.n);
  forEachCompactEvent(c, (e, i) => {
    events[i] = ownEvent(e);
  });
  return { ...(c.header as TraceFile), events };
}

/**
 * One event as the visitor of forEachCompactEvent sees it: every field an event of any type may
 * have, undefined where this one has none. The same object is reused for every event.
 */
export interface CompactEvent {
  seq: number;
  t: number;
  type: TraceEvent['type'];
  msg: number | undefined;
  from: string | undefined;
  to: string | undefined;
  node: string | undefined;
  kind: string | undefined;
  invariant: string | undefined;
  detail: string | undefined;
  line: string | undefined;
  reason: string | undefined;
  deliverAt: number | undefined;
  duplicate: boolean | undefined;
  step: number | undefined;
  move: string | undefined;
  data: unknown;
  patches: unknown;
}

/** An event of its own, with the fields `trace.json` would give it, in the same order. */
function ownEvent(f: CompactEvent): TraceEvent {
  const e: Obj = { seq: f.seq, t: f.t, type: f.type };
  if (f.type === 'log') {
    e.node = f.node;
    e.line = f.line;
  } else if (f.type === 'violation') {
    e.invariant = f.invariant;
    e.detail = f.detail;
  } else if (f.type === 'local' || f.type === 'state') {
    e.node = f.node;
    if (f.type === 'state') e.patches = f.patches;
    else {
      e.kind = f.kind;
      if (f.data !== undefined) e.data = f.data;
    }
  } else {
    e.msg = f.msg;
    e.from = f.from;
    e.to = f.to;
    e.kind = f.kind;
    if (f.type === 'send') e.deliverAt = f.deliverAt;
    if (f.type === 'drop') e.reason = f.reason;
    if (f.duplicate === true) e.duplicate = true;
    if (f.data !== undefined) e.data = f.data;
  }
  if (f.step !== undefined) e.step = f.step;
  if (f.move !== undefined) e.move = f.move;
  return e as unknown as TraceEvent;
}

/**
 * Visits the events in order without making an object for each: `visit` gets one reused
 * CompactEvent (copy what it keeps). Throws CompactTraceError on a damaged column.
 */
export function forEachCompactEvent(
  c: CompactColumns,
  visit: (e: CompactEvent, i: number) => void,
): void {
  const { strings, data } = c;
  const s = (i: number): string | undefined => {
    if (i === 0) return undefined;
    const v = strings[i - 1];
    if (v === undefined) throw damaged('a column refers past the end of its string table');
    return v;
  };
  const { ty, seq: seqD, t: tD, msg: msgD, a, b, k, st, mv, x, dup, hd } = c.cols;
  const f: CompactEvent = {
    seq: 0,
    t: 0,
    type: 'send',
    msg: undefined,
    from: undefined,
    to: undefined,
    node: undefined,
    kind: undefined,
    invariant: undefined,
    detail: undefined,
    line: undefined,
    reason: undefined,
    deliverAt: undefined,
    duplicate: undefined,
    step: undefined,
    move: undefined,
    data: undefined,
    patches: undefined,
  };
  let seq = 0;
  let t = 0;
  let msg = 0;
  let di = 0;
  // The data of each message's latest send, for the first delivery or drop that repeats it.
  const sent = new Map<number, unknown>();
  for (let i = 0; i < c.n; i++) {
    seq += seqD[i]!;
    t += tD[i]!;
    msg += msgD[i]!;
    const type = TYPES[ty[i]!];
    if (type === undefined) throw damaged(`event ${i} has an unknown type`);
    let value: unknown;
    if (hd[i] === 1) {
      if (di >= data.length) throw damaged('it has fewer data values than events that have data');
      value = restore(data[di++], strings);
      if (type === 'send') sent.set(msg, value);
    } else if (hd[i] === 2) {
      value = sent.get(msg);
      sent.delete(msg);
    }
    const message = type === 'send' || type === 'deliver' || type === 'drop';
    const own = type === 'local' || type === 'state' || type === 'log';
    f.seq = seq;
    f.t = t;
    f.type = type;
    f.msg = message ? msg : undefined;
    f.from = message ? s(a[i]!) : undefined;
    f.to = message ? s(b[i]!) : undefined;
    f.node = own ? s(a[i]!) : undefined;
    f.kind = message || type === 'local' ? s(k[i]!) : undefined;
    f.invariant = type === 'violation' ? s(k[i]!) : undefined;
    f.detail = type === 'violation' ? (s(x[i]!) ?? '') : undefined;
    f.line = type === 'log' ? (s(x[i]!) ?? '') : undefined;
    f.reason = type === 'drop' ? s(x[i]!) : undefined;
    f.deliverAt = type === 'send' ? t + x[i]! : undefined;
    f.duplicate = message && dup[i] === 1 ? true : undefined;
    f.step = st[i]! > 0 ? st[i] : undefined;
    f.move = s(mv[i]!);
    f.data = type === 'state' ? undefined : value;
    f.patches = type === 'state' ? (value ?? []) : undefined;
    visit(f, i);
  }
  if (di !== data.length) throw damaged('it has more data values than events that have data');
}
