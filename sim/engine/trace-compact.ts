/**
 * Decoding the compact trace ("movesim-trace-compact", version 2, written by the simulator's
 * sim/report/compact-trace.ts; its layout is described there): a prefix, base64 of gzip, then
 * three JSON lines (header, string table, data values) and binary columns, back into the events
 * `trace.json` would hold, so the rest of the viewer reads one shape. This is the one decoder:
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
const REF = '\u0001';
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
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
    throw damaged('its text is not base64; it may be cut off');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The events and header of a compact text, inflated with the browser's DecompressionStream. */
export async function inflateCompactText(text: string): Promise<TraceFile> {
  const zipped = compactTextBytes(text);
  let bytes: Uint8Array;
  try {
    const stream = new Blob([zipped]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw damaged(`it does not decompress: ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeCompactBytes(bytes);
}

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

/** The trace a compact encoding's (inflated) bytes hold. Throws CompactTraceError. */
export function decodeCompactBytes(bytes: Uint8Array): TraceFile {
  const [first, at1] = jsonLine(bytes, 0, 'header');
  const head = readHead(first);
  const [strings, at2] = jsonLine(bytes, at1, 'string table');
  const [data, at3] = jsonLine(bytes, at2, 'data');
  if (!Array.isArray(strings) || strings.some((s) => typeof s !== 'string'))
    throw damaged('its string table is not a list of strings');
  if (!Array.isArray(data)) throw damaged('its data is not a list');
  const cols = readColumns(bytes, at3, head);
  return {
    ...(head.header as unknown as TraceFile),
    format: 'movesim-trace',
    events: decodeEvents(head.n, cols, strings as string[], data),
  };
}

/** The events, from their columns. */
function decodeEvents(
  n: number,
  c: Record<string, Col>,
  strings: readonly string[],
  data: readonly unknown[],
): TraceEvent[] {
  const s = (i: number): string | undefined => {
    if (i === 0) return undefined;
    const v = strings[i - 1];
    if (v === undefined) throw damaged('a column refers past the end of its string table');
    return v;
  };
  const [ty, seqD, tD, msgD, a, b, k, st, mv, x, dup, hd] = COLUMNS.map((name) => c[name]!) as [
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
    Col,
  ];
  const events: TraceEvent[] = new Array<TraceEvent>(n);
  let seq = 0;
  let t = 0;
  let msg = 0;
  let di = 0;
  // The data of each message's latest send, for the first delivery or drop that repeats it.
  const sent = new Map<number, unknown>();
  for (let i = 0; i < n; i++) {
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
    const e: Obj = { seq, t, type };
    if (type === 'log') {
      e.node = s(a[i]!);
      e.line = s(x[i]!) ?? '';
    } else if (type === 'violation') {
      e.invariant = s(k[i]!);
      e.detail = s(x[i]!) ?? '';
    } else if (type === 'local' || type === 'state') {
      e.node = s(a[i]!);
      if (type === 'state') e.patches = value ?? [];
      else {
        e.kind = s(k[i]!);
        if (value !== undefined) e.data = value;
      }
    } else {
      e.msg = msg;
      e.from = s(a[i]!);
      e.to = s(b[i]!);
      e.kind = s(k[i]!);
      if (type === 'send') e.deliverAt = t + x[i]!;
      if (type === 'drop') e.reason = s(x[i]!);
      if (dup[i] === 1) e.duplicate = true;
      if (value !== undefined) e.data = value;
    }
    if (st[i]! > 0) e.step = st[i];
    const move = s(mv[i]!);
    if (move !== undefined) e.move = move;
    events[i] = e as unknown as TraceEvent;
  }
  if (di !== data.length) throw damaged('it has more data values than events that have data');
  return events;
}
