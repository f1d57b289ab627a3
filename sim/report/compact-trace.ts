/**
 * The compact encoding of a trace ("movesim-trace-compact", version 4), written here and read by
 * sim/engine/trace-compact.ts (the one decoder, used by the page and by read-trace.ts; it still
 * reads version 3, which had no opening section, and version 2, which had one string table and
 * one data line). Its bytes, before compression, are three sections, so that what the viewer's
 * first frame needs can be inflated and decoded without the rest, and for a large run an
 * opening section before them:
 *
 * - opening (compact-opening.ts; only for a large run without violations): laid out as the
 *   main section, its head line adding `"opening":{"move","span"}`, holding only the events of
 *   the move the run opens on and the cause marks, with no text or data, so a page draws its
 *   opening view from it first;
 * - main: a JSON line `{"format","version":4,"header","events":N,"columns":[[name, width],
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
 * `parts` gives the sections one after the other, the opening first (the form `movesim view`
 * serves and side files hold); `sections` gives the three apart, for compact-text.ts to
 * compress each on its own, and `opening` the opening section (the exported page carries it in
 * an element of its own). The encoding is deterministic: the same events give the same bytes.
 * It encodes; it does not judge the trace.
 */
import type { TraceEvent } from '../engine/index.js';
import { type OpeningOptions, openingSection } from './compact-opening.js';
import { Column, sectionParts, stringList } from './compact-section.js';

/** The format name and version of the compact encoding. */
export const COMPACT_FORMAT = 'movesim-trace-compact';
export const COMPACT_VERSION = 4;

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
   * The opening section (compact-opening.ts) of the events added so far, or undefined when the
   * run gets none; to be asked before `parts` or `sections` spend the encoder.
   */
  opening(header: Record<string, unknown>, options?: OpeningOptions): Buffer[] | undefined {
    return openingSection(
      {
        n: this.n,
        col: (name) => this.cols.get(name as ColumnName)!,
        names: this.strings.list,
        head: { format: COMPACT_FORMAT, version: COMPACT_VERSION },
        columnNames: COLUMN_NAMES,
      },
      header,
      () => new Column(),
      options,
    );
  }

  /**
   * The encoding's bytes, a part at a time (one buffer would hold it all at once): the opening
   * section where the run gets one (`opening`: its options), then the three sections one after
   * the other; `header` is the trace's header without `format` and `events`. The encoder is
   * spent afterwards.
   */
  *parts(header: Record<string, unknown>, opening?: OpeningOptions): Generator<Buffer> {
    yield* this.opening(header, opening) ?? [];
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

  /** The header line, the name table and the columns (each let go once written). */
  private mainSection(header: Record<string, unknown>): Iterable<Buffer> {
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
    const cols = this.cols;
    function* taken(): Generator<Column> {
      for (const k of COLUMN_NAMES) {
        yield cols.get(k)!;
        cols.delete(k);
      }
    }
    return sectionParts(head, this.strings.list, taken());
  }
}
