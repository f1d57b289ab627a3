/**
 * The compact encoding of a trace ("movesim-trace-compact", version 3), written here and read by
 * sim/engine/trace-compact.ts (the one decoder, used by the page and by read-trace.ts; it still
 * reads version 2, which had one string table and one data line). Its bytes, before
 * compression, are three sections, so that what the viewer's first frame needs can be inflated
 * and decoded without the rest:
 *
 * - main: a JSON line `{"format","version":3,"header","events":N,"columns":[[name, width],
 *   ...],"texts":T,"chunks":[count, ...]}` (the header as in `trace.json` without `events`, the
 *   number of events, each column's byte width: 1, 2 or 4 for a signed little-endian integer,
 *   8 for a little-endian double; how many texts and how many data values in each data line);
 *   then the name table (a JSON list: every node id, kind, move, drop reason, invariant and
 *   violation detail, once); then spaces up to a multiple of 8 bytes and each column's N values,
 *   each column padded to 8;
 * - text: one JSON line, the text table: every log line and data string of at least INTERN_MIN
 *   characters, once;
 * - data: JSON lines, each a list of data values (about DATA_LINE_CHARS characters a line, their
 *   counts in `chunks`; values separated by `,` and a tab, which JSON text has nowhere else, so
 *   the viewer finds where each value starts without reading the line), one for each event
 *   whose `hd` column is 1, in event order, with long strings replaced by `"\u0001<index>"`
 *   into the text table (a real string starting with `\u0001` gets a second one). A delivery's
 *   or drop's data that repeats its send's is left out (`hd` 2: the value of the latest send of
 *   the same message id, which only the first such end may use).
 *
 * Columns refer to the tables 1-based (0 is "none"): `a`, `b`, `k`, `mv` and a drop's or
 * violation's `x` to the name table, a log's `x` to the text table. seq, time and message id are
 * differences from the event before (an event without a message id counts as the one before).
 * `parts` gives the sections one after the other (the form `movesim view` serves); `sections`
 * gives them apart, for compact-text.ts to compress each on its own. The encoding is
 * deterministic: the same events give the same bytes. It encodes; it does not judge the trace.
 */
import type { TraceEvent } from '../engine/index.js';

/** The format name and version of the compact encoding. */
export const COMPACT_FORMAT = 'movesim-trace-compact';
export const COMPACT_VERSION = 3;

/** The event types, by their code in the `ty` column. */
const TYPE_CODES = ['send', 'deliver', 'drop', 'local', 'log', 'state', 'violation'] as const;

/** The columns, in the order they are written. */
const COLUMN_NAMES = [
  'ty',
  'seq',
  't',
  'msg',
  'a',
  'b',
  'k',
  'st',
  'mv',
  'x',
  'dup',
  'hd',
] as const;
type ColumnName = (typeof COLUMN_NAMES)[number];

/** Data strings at least this long go into the text table. */
const INTERN_MIN = 12;

/** Data lines are cut after about this many characters (a line is what the page parses at once). */
const DATA_LINE_CHARS = 1 << 18;

/** Marks a data string that stands for an entry of the text table (or escapes a real one). */
const REF = '\u0001';

/** One growable column of numbers: 32-bit integers until a value needs a double. */
class Column {
  private ints = new Int32Array(1024);
  private doubles: Float64Array | null = null;
  private min = 0;
  private max = 0;
  n = 0;

  push(v: number): void {
    const cap = this.doubles?.length ?? this.ints.length;
    if (this.n === cap) this.grow(cap * 2);
    if (this.doubles === null && (v | 0) !== v) {
      this.doubles = Float64Array.from(this.ints);
    }
    if (this.doubles !== null) this.doubles[this.n] = v;
    else this.ints[this.n] = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.n++;
  }

  private grow(cap: number): void {
    if (this.doubles !== null) {
      const d = new Float64Array(cap);
      d.set(this.doubles);
      this.doubles = d;
    } else {
      const i = new Int32Array(cap);
      i.set(this.ints);
      this.ints = i;
    }
  }

  /** The narrowest width that holds every value: 1, 2, 4 (integers) or 8 (doubles). */
  width(): number {
    if (this.doubles !== null) return 8;
    if (this.min >= -128 && this.max <= 127) return 1;
    if (this.min >= -32768 && this.max <= 32767) return 2;
    return 4;
  }

  /** The values as little-endian bytes of `width()`, padded to a multiple of 8. */
  bytes(): Buffer {
    const w = this.width();
    const out = Buffer.alloc(Math.ceil((this.n * w) / 8) * 8);
    for (let i = 0; i < this.n; i++) {
      if (w === 8) out.writeDoubleLE(this.doubles![i]!, i * 8);
      else if (w === 4) out.writeInt32LE(this.ints[i]!, i * 4);
      else if (w === 2) out.writeInt16LE(this.ints[i]!, i * 2);
      else out.writeInt8(this.ints[i]!, i);
    }
    return out;
  }
}

/** A string table (the name or the text table), handing out 1-based indices (0 means none). */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string | undefined): number {
    if (s === undefined) return 0;
    let i = this.index.get(s);
    if (i === undefined) {
      // A copy: a string parsed from a line may be a slice that keeps the whole block alive.
      const own = Buffer.from(s, 'utf8').toString('utf8');
      this.list.push(own);
      i = this.list.length;
      this.index.set(own, i);
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
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** JSON values kept as lines of JSON lists, each of about DATA_LINE_CHARS characters. */
class JsonLines {
  private readonly lines: string[] = [];
  /** How many values each line holds. */
  readonly counts: number[] = [];
  private current: string[] = [];
  private chars = 0;

  push(json: string): void {
    this.current.push(json);
    this.chars += json.length;
    if (this.chars >= DATA_LINE_CHARS) this.cut();
  }

  /** Ends the current line (none if it is empty). */
  cut(): void {
    if (this.current.length === 0) return;
    this.lines.push(`[${this.current.join(',\t')}]\n`);
    this.counts.push(this.current.length);
    this.current = [];
    this.chars = 0;
  }

  /** The lines as buffers; empties the list. */
  *drain(): Generator<Buffer> {
    this.cut();
    for (let i = 0; i < this.lines.length; i++) {
      yield Buffer.from(this.lines[i]!);
      this.lines[i] = '';
    }
  }
}

/** A JSON list of strings as buffers, a slice at a time, ending with a newline. */
function* stringList(list: readonly string[]): Generator<Buffer> {
  yield Buffer.from('[');
  for (let i = 0; i < list.length; i += 65536) {
    const part = JSON.stringify(list.slice(i, i + 65536)).slice(1, -1);
    yield Buffer.from(i === 0 ? part : `,${part}`);
  }
  yield Buffer.from(']\n');
}

/** An encoder that takes a trace's events one at a time, then yields the encoding's bytes. */
export class CompactEncoder {
  private readonly cols = new Map<ColumnName, Column>(COLUMN_NAMES.map((k) => [k, new Column()]));
  /** Names: node ids, kinds, moves, reasons, invariants, violation details. */
  private readonly strings = new Strings();
  /** Log lines and long data strings. */
  private readonly texts = new Strings();
  private readonly data = new JsonLines();
  /** The data text of each message's latest send, by message id, until its first end uses it. */
  private readonly sent = new Map<number, string>();
  private prev = { seq: 0, t: 0, msg: 0 };
  private n = 0;

  private put(k: ColumnName, v: number): void {
    this.cols.get(k)!.push(v);
  }

  add(e: TraceEvent): void {
    const r = e as unknown as Record<string, unknown>;
    const s = this.strings;
    // An event without a message id keeps the one before, so the differences stay small.
    const msg = typeof r.msg === 'number' && Number.isFinite(r.msg) ? r.msg : this.prev.msg;
    this.put('ty', Math.max(0, TYPE_CODES.indexOf(e.type)));
    this.put('seq', num(e.seq) - this.prev.seq);
    this.put('t', num(e.t) - this.prev.t);
    this.put('msg', msg - this.prev.msg);
    this.prev = { seq: num(e.seq), t: num(e.t), msg };
    this.put('a', s.of(str(r.from) ?? str(r.node)));
    this.put('b', s.of(str(r.to)));
    this.put('k', s.of(str(r.kind) ?? str(r.invariant)));
    this.put('st', num(r.step));
    this.put('mv', s.of(str(r.move)));
    this.put('dup', r.duplicate === true ? 1 : 0);
    let x = 0;
    if (e.type === 'send') x = num(e.deliverAt) - num(e.t);
    else if (e.type === 'drop') x = s.of(e.reason);
    else if (e.type === 'log') x = this.texts.of(e.line);
    else if (e.type === 'violation') x = s.of(e.detail);
    this.put('x', x);
    this.putData(e.type, msg, e.type === 'state' ? e.patches : r.data);
    this.n++;
  }

  /** The data column: 0 none, 1 a value of its own, 2 the same value as its message's send. */
  private putData(type: TraceEvent['type'], msg: number, d: unknown): void {
    if (d === undefined) {
      this.put('hd', 0);
      return;
    }
    const json = JSON.stringify(internData(d, this.texts)) ?? 'null';
    if ((type === 'deliver' || type === 'drop') && this.sent.get(msg) === json) {
      // Only the first end of a send refers to it, so only messages in flight are kept.
      this.sent.delete(msg);
      this.put('hd', 2);
      return;
    }
    if (type === 'send') this.sent.set(msg, json);
    this.put('hd', 1);
    this.data.push(json);
  }

  /**
   * The encoding's bytes, a part at a time (one buffer would hold it all at once), its sections
   * one after the other; `header` is the trace's header without `format` and `events`. The
   * encoder is spent afterwards.
   */
  *parts(header: Record<string, unknown>): Generator<Buffer> {
    for (const section of this.sections(header)) yield* section;
  }

  /**
   * The encoding's three sections (main, text, data), each a part at a time; they are to be
   * read in that order, once. The encoder is spent afterwards.
   */
  sections(
    header: Record<string, unknown>,
  ): [Iterable<Buffer>, Iterable<Buffer>, Iterable<Buffer>] {
    this.data.cut();
    return [this.mainSection(header), stringList(this.texts.list), this.data.drain()];
  }

  /** The header line, the name table and the columns. */
  private *mainSection(header: Record<string, unknown>): Generator<Buffer> {
    const columns = COLUMN_NAMES.map((k) => [k, this.cols.get(k)!.width()]);
    const head = {
      format: COMPACT_FORMAT,
      version: COMPACT_VERSION,
      header,
      events: this.n,
      columns,
      texts: this.texts.list.length,
      chunks: this.data.counts,
    };
    let at = 0;
    for (const b of [Buffer.from(`${JSON.stringify(head)}\n`), ...stringList(this.strings.list)]) {
      at += b.length;
      yield b;
    }
    yield Buffer.alloc((8 - (at % 8)) % 8, 0x20);
    for (const k of COLUMN_NAMES) {
      yield this.cols.get(k)!.bytes();
      this.cols.delete(k);
    }
  }
}
