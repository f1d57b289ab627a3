/**
 * The compact encoding of a trace for the self-contained HTML page ("movesim-trace-compact",
 * version 1): the header as in `trace.json`, then the events as columns of numbers (one entry
 * per event; seq and time as differences from the event before), with every node id, kind,
 * move, reason, log line and long data string once in a string table. A delivery's or drop's
 * data, which repeats its send's, is left out. The viewer decodes it (viz/src/compact.ts)
 * back into the events it would have read from `trace.json`; a test checks the round trip.
 *
 * It encodes; it does not judge the trace (read-trace.ts reads it first).
 */
import type { TraceEvent, TraceFile } from '../engine/index.js';

/** The format name of the compact encoding. */
export const COMPACT_FORMAT = 'movesim-trace-compact';

/** The event types, by their code in the `ty` column. */
export const TYPE_CODES = [
  'send',
  'deliver',
  'drop',
  'local',
  'log',
  'state',
  'violation',
] as const;

/** Data strings at least this long go into the string table. */
const INTERN_MIN = 12;

/** Marks a data string that stands for an entry of the string table (or escapes a real one). */
const REF = '\u0001';

/** The columns of the events; see the file comment. */
interface Columns {
  ty: number[];
  seq: number[];
  t: number[];
  msg: number[];
  a: number[];
  b: number[];
  k: number[];
  st: number[];
  mv: number[];
  x: number[];
  dup: number[];
  d: number[];
}

/** Builds the string table and hands out 1-based indices (0 means "none"). */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string | undefined): number {
    if (s === undefined) return 0;
    let i = this.index.get(s);
    if (i === undefined) {
      this.list.push(s);
      i = this.list.length;
      this.index.set(s, i);
    }
    return i;
  }
}

/** A data value with its long strings replaced by table references. */
function internData(v: unknown, strings: Strings): unknown {
  if (typeof v === 'string') {
    if (v.length >= INTERN_MIN) return `${REF}${strings.of(v)}`;
    return v.startsWith(REF) ? `${REF}${REF}${v}` : v;
  }
  if (Array.isArray(v)) return v.map((x) => internData(x, strings));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = internData(x, strings);
    return out;
  }
  return v;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Encodes one event into the columns. */
function encodeEvent(
  e: TraceEvent,
  c: Columns,
  strings: Strings,
  data: string[],
  sent: Set<number>,
  prev: { seq: number; t: number },
): void {
  const r = e as unknown as Record<string, unknown>;
  const code = TYPE_CODES.indexOf(e.type);
  c.ty.push(code);
  c.seq.push(int(e.seq) - prev.seq);
  c.t.push(int(e.t) - prev.t);
  prev.seq = int(e.seq);
  prev.t = int(e.t);
  c.msg.push(int(r.msg));
  c.a.push(strings.of(str(r.from) ?? str(r.node)));
  c.b.push(strings.of(str(r.to)));
  c.k.push(strings.of(str(r.kind) ?? str(r.invariant)));
  c.st.push(int(r.step));
  c.mv.push(strings.of(str(r.move)));
  c.dup.push(r.duplicate === true ? 1 : 0);
  let x = 0;
  if (e.type === 'send') x = int(e.deliverAt) - int(e.t);
  else if (e.type === 'drop') x = strings.of(e.reason);
  else if (e.type === 'log') x = strings.of(e.line);
  else if (e.type === 'violation') x = strings.of(e.detail);
  c.x.push(x);
  // The data a delivery or drop repeats from its send is left out.
  let d: unknown = e.type === 'state' ? e.patches : r.data;
  if ((e.type === 'deliver' || e.type === 'drop') && sent.has(int(r.msg))) d = undefined;
  if (e.type === 'send') sent.add(int(r.msg));
  if (d === undefined) c.d.push(0);
  else {
    data.push(JSON.stringify(internData(d, strings)) ?? 'null');
    c.d.push(data.length);
  }
}

/** An encoder that takes a trace's events one at a time. */
class Encoder {
  private readonly c: Columns = {
    ty: [],
    seq: [],
    t: [],
    msg: [],
    a: [],
    b: [],
    k: [],
    st: [],
    mv: [],
    x: [],
    dup: [],
    d: [],
  };
  private readonly strings = new Strings();
  private readonly data: string[] = [];
  private readonly sent = new Set<number>();
  private readonly prev = { seq: 0, t: 0 };

  add(e: TraceEvent): void {
    encodeEvent(e, this.c, this.strings, this.data, this.sent, this.prev);
  }

  /** The JSON text, written a part at a time (one JSON.stringify would hold it all twice). */
  text(header: Record<string, unknown>): string {
    const parts: string[] = [
      `{"format":"${COMPACT_FORMAT}","header":${JSON.stringify(header)}`,
      `,"strings":${JSON.stringify(this.strings.list)}`,
    ];
    for (const [k, v] of Object.entries(this.c))
      parts.push(`,"${k}":[${(v as number[]).join(',')}]`);
    parts.push(`,"data":[${this.data.join(',')}]}`);
    return parts.join('');
  }
}

/** The compact encoding of a trace, as JSON text. */
export function compactTraceText(trace: TraceFile): string {
  const enc = new Encoder();
  for (const e of trace.events) enc.add(e);
  const { events: _events, format: _format, ...header } = trace;
  return enc.text(header);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls `f` with each line of a text (without its end), never splitting the text whole. */
function eachLine(text: string, f: (line: string, last: boolean) => void): void {
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    f(text.slice(at, end).replace(/\r$/, ''), nl < 0 || nl === text.length - 1);
    at = end + 1;
  }
}

/**
 * The compact encoding straight from a trace's text, one line at a time, for the two shapes
 * movesim writes: `trace.json` (a header line ending `"events":[`, one event a line, `]}`) and
 * the stream (a header line, one event a line, a final outcomes line). Never holds every event
 * as an object, so a large trace costs little more memory than its text. Null when the text
 * has another shape (the caller then reads it whole).
 */
export function compactTraceFromText(text: string): string | null {
  const enc = new Encoder();
  let header: Obj | null = null;
  let tail: Obj = {};
  let json = false;
  let ok = true;
  eachLine(text.replace(/^\uFEFF/, ''), (raw, last) => {
    if (!ok) return;
    const line = raw.trim();
    if (line === '') return;
    if (header === null) {
      json = line.endsWith('"events":[');
      try {
        const h: unknown = JSON.parse(json ? `${line}]}` : line);
        // A whole trace on one line is read whole by the caller.
        if (!isObj(h) || h.format !== 'movesim-trace' || (!json && h.events !== undefined))
          ok = false;
        else header = h;
      } catch {
        ok = false;
      }
      return;
    }
    if (json && line === ']}') return;
    let v: unknown;
    try {
      v = JSON.parse(json && line.endsWith(',') ? line.slice(0, -1) : line);
    } catch {
      ok = false;
      return;
    }
    if (isObj(v) && typeof v.type === 'string') enc.add(v as unknown as TraceEvent);
    else if (isObj(v) && !json && last) tail = v;
    else ok = false;
  });
  if (!ok || header === null) return null;
  const { events: _events, format: _format, ...rest } = header as Obj;
  return enc.text({ ...rest, ...tail });
}
