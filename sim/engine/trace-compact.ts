/**
 * Decoding the compact trace ("movesim-trace-compact", versions 3 and 2, written by the
 * simulator's sim/report/compact-trace.ts; the layout is described there): a prefix, then base64
 * of gzip (version 3: one for each section, separated by `.`), then the header, the name table
 * and binary columns (version 3's main section), the text table and the data values, back into
 * the events `trace.json` would hold, or into its columns (decodeCompactColumns), whose events
 * forEachCompactEvent visits without an object each (the viewer builds its model that way). The
 * text table and the data values are parsed only when first asked for (CompactRest), a data
 * line at a time, so the viewer's first frame needs only the main section. This is the one
 * decoder: the page uses it, and so does the simulator's read-trace.ts (which inflates with
 * zlib, the page with the browser's `DecompressionStream`). A delivery's or drop's data, left
 * out because its send has the same, is the send's value again (the same object).
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

/**
 * The gzip bytes of each section a compact text carries (version 2: one). Throws
 * CompactTraceError when one is not base64.
 */
export function compactTextSections(text: string): Uint8Array<ArrayBuffer>[] {
  const body = text.trim().slice(COMPACT_TEXT_PREFIX.length).replace(/\s+/g, '');
  const sections = body.split('.').map(base64Bytes);
  if (sections.length !== 1 && sections.length !== 3)
    throw damaged(`it has ${sections.length} sections where 1 or 3 were expected`);
  return sections;
}

/** The bytes of one base64 text. Throws CompactTraceError. */
function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
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
 * Gzip bytes (a compact text's section, after compactTextSections) inflated with the browser's
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
 * A data value with its references replaced by the strings of the text table (version 2: the
 * one table) they stand for, in place (the value was just parsed, so nothing else holds it);
 * returns the value. A string starting with `\u0001` (char code 1) refers to the table; one
 * starting with two is a real one, escaped.
 */
function restore(v: unknown, strings: (ref: number) => string): unknown {
  if (typeof v === 'string') {
    if (v.charCodeAt(0) !== 1) return v;
    if (v.charCodeAt(1) === 1) return v.slice(2);
    return strings(Number(v.slice(1)));
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

/** A line of JSON (without its newline), parsed. */
function parseLine(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw damaged(`its ${what} is not JSON`);
  }
}

/** The next line of JSON in the bytes from `at`, parsed, and where the line after it starts. */
function jsonLine(bytes: Uint8Array, at: number, what: string): [unknown, number] {
  const nl = bytes.indexOf(10, at);
  if (nl < 0) throw damaged(`its ${what} is cut off`);
  return [parseLine(bytes.subarray(at, nl), what), nl + 1];
}

/** The first line: the header, the number of events, the columns with their widths and more. */
interface Head {
  version: 2 | 3 | 4;
  /** Version 4's opening section: the move it opens on and the whole run's time span. */
  opening?: { move: string; span: [number, number] };
  header: Obj;
  n: number;
  widths: number[];
  /** How many texts the text table holds (version 3). */
  texts: number;
  /** How many data values each data line holds (version 3). */
  chunks: number[];
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function readHead(v: unknown): Head {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Obj;
  if (o.format !== COMPACT_FORMAT) throw damaged('it does not start with its header');
  if (o.version !== 2 && o.version !== 3 && o.version !== 4)
    throw new CompactTraceError(
      `compact trace version ${JSON.stringify(o.version)} is not supported; this movesim reads versions 2 to 4`,
    );
  const cols = Array.isArray(o.columns) ? (o.columns as unknown[]) : [];
  const widths = COLUMNS.map((name, i) => {
    const c = cols[i];
    const w = Array.isArray(c) && c[0] === name ? c[1] : undefined;
    if (w !== 1 && w !== 2 && w !== 4 && w !== 8) throw damaged(`its column ${name} is missing`);
    return w;
  });
  const n = o.events;
  if (!isCount(n)) throw damaged('its number of events is missing');
  const header = typeof o.header === 'object' && o.header !== null ? (o.header as Obj) : {};
  if (o.version === 2) return { version: 2, header, n, widths, texts: 0, chunks: [] };
  if (!isCount(o.texts)) throw damaged('its number of texts is missing');
  if (!Array.isArray(o.chunks) || !o.chunks.every(isCount))
    throw damaged('its data line counts are missing');
  const head: Head = { version: o.version, header, n, widths, texts: o.texts, chunks: o.chunks };
  if (o.version === 4 && o.opening !== undefined) head.opening = readOpening(o.opening);
  return head;
}

/** An opening section's `opening` field: the move it opens on and the run's time span. */
function readOpening(v: unknown): { move: string; span: [number, number] } {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Obj;
  const span = Array.isArray(o.span) ? (o.span as unknown[]) : [];
  const [t0, t1] = span;
  if (typeof o.move !== 'string' || typeof t0 !== 'number' || typeof t1 !== 'number')
    throw damaged('its opening section names no move or time span');
  return { move: o.move, span: [t0, t1] };
}

/** The columns, by name, after the JSON lines that end at `at`, and where they end. */
function readColumns(bytes: Uint8Array, at: number, head: Head): [Record<string, Col>, number] {
  let p = Math.ceil(at / 8) * 8;
  const out: Record<string, Col> = {};
  COLUMNS.forEach((name, i) => {
    const w = head.widths[i] as number;
    const size = head.n * w;
    if (p + size > bytes.length) throw damaged(`its column ${name} is cut off`);
    out[name] = column(bytes, p, head.n, w);
    p += Math.ceil(size / 8) * 8;
  });
  return [out, p];
}

/**
 * The text table and the data values of a compact trace, parsed when first asked for: the text
 * table at once, the data a line at a time (version 2's data is one line). Throws
 * CompactTraceError when what it parses is damaged.
 */
export class CompactRest {
  private textList: readonly string[] | undefined;
  private texts: readonly string[] | Uint8Array | undefined;
  private data: unknown[][] | Uint8Array | undefined;
  private readonly lines: (unknown[] | undefined)[];
  /** The index of each data line's first value, and the number of values after the last. */
  private readonly starts: number[];
  private lineAt: number[] = [];
  private readonly restored: boolean[] = [];
  private readonly jsonLines: (LineJson | undefined)[] = [];
  /** The sections given to `supply`. */
  private later: CompactLater | undefined;
  /** How many lines, counted from the last, `prepareJson` has made the JSON text of. */
  private jsonMade = 0;
  /** Whether `dropJson` let the texts go (texts made elsewhere are not kept then). */
  private jsonDropped = false;
  /** Where each text table entry's JSON text starts (bytes), for the first `textsFound`. */
  private textStarts: Uint32Array | undefined;
  private textsFound = 0;
  /** Text table entries' JSON texts made so far (a data value refers to many again). */
  private textJsonCache: (string | undefined)[] | undefined;

  /**
   * `texts`: the text table (version 2: the one table); `data`: the data lines, parsed;
   * `counts`: values in each line. Version 3's sections come as bytes, through `supply`.
   */
  constructor(
    private readonly textCount: number,
    private readonly counts: readonly number[],
    parsed?: { texts: readonly string[]; data: unknown[][] },
  ) {
    this.texts = parsed?.texts;
    this.data = parsed?.data;
    this.lines = parsed?.data ?? new Array<unknown[] | undefined>(counts.length);
    this.starts = [0];
    for (const c of counts) this.starts.push(this.starts[this.starts.length - 1]! + c);
  }

  /**
   * Gives version 3's text and data sections (inflated), which may come after the columns were
   * decoded. Throws CompactTraceError when they are cut off.
   */
  supply(later: CompactLater): void {
    const nl = later.text.indexOf(10);
    if (nl !== later.text.length - 1) throw damaged('its text table is cut off');
    this.texts = later.text.subarray(0, nl);
    this.lineAt = lineStarts(later.data, this.counts.length);
    this.data = later.data;
    this.later = later;
  }

  /** Version 3's text and data sections as supplied (inflated), or undefined. */
  get inflated(): CompactLater | undefined {
    return this.later;
  }

  /** How many texts the text table holds, and how many data values each data line holds. */
  get sizes(): { texts: number; chunks: number[] } {
    return { texts: this.textCount, chunks: [...this.counts] };
  }

  /**
   * Data line `k`'s JSON text, made elsewhere (the page's worker, by `lineJson` of the same
   * sections), kept unless it is made already or the texts were let go.
   */
  supplyJson(k: number, json: LineJson): void {
    if (!this.jsonDropped && k >= 0 && k < this.counts.length) this.jsonLines[k] ??= json;
  }

  /** How many data values there are. */
  get size(): number {
    return this.starts[this.starts.length - 1]!;
  }

  /** Entry `ref` (1-based) of the text table (version 3: parsed from its JSON text alone). */
  text(ref: number): string {
    if (!(this.texts instanceof Uint8Array)) {
      this.textList ??= this.parseTexts();
      const v = this.textList[ref - 1];
      if (v === undefined) throw damaged('a column refers past the end of its text table');
      return v;
    }
    return JSON.parse(this.textJson(ref)) as string;
  }

  /**
   * Entry `ref` (1-based) of the text table as JSON text (what `JSON.stringify` gives for it),
   * taken from the table's own bytes without parsing the table: the entries' places are found
   * as far as asked for, from their quotes (version 2: stringified).
   */
  textJson(ref: number): string {
    const bytes = this.texts;
    if (!(bytes instanceof Uint8Array)) return JSON.stringify(this.text(ref));
    if (ref < 1 || ref > this.textCount)
      throw damaged('a column refers past the end of its text table');
    const starts = this.findTexts(bytes, ref);
    const cache = (this.textJsonCache ??= new Array<string | undefined>(this.textCount));
    return (cache[ref - 1] ??= utf8(bytes.subarray(starts[ref - 1]!, starts[ref]! - 1)));
  }

  /** Finds where the text table's entries start, up to entry `ref` (1-based); returns them. */
  private findTexts(bytes: Uint8Array, ref: number): Uint32Array {
    const starts = (this.textStarts ??= new Uint32Array(this.textCount + 1));
    while (this.textsFound < ref) {
      const j = this.textsFound;
      const p = j === 0 ? 0 : starts[j]! - 1;
      if (bytes[p] !== (j === 0 ? 91 : 44) || bytes[p + 1] !== 34)
        throw damaged('its text table is not a list of its strings');
      starts[j] = p + 1;
      starts[j + 1] = closingQuoteByte(bytes, p + 1) + 2;
      this.textsFound++;
    }
    return starts;
  }

  /**
   * Finds where the text table's entries start (what `textJson` does when first asked for an
   * entry far into the table) while `more()` says there is time, `sliceEntries` at a time, so
   * the first data value shown or restored does not wait for it; returns whether all are found
   * (true at once for version 2, and before the sections are given). Throws CompactTraceError.
   */
  prepareTexts(more: () => boolean, sliceEntries = TEXTS_SLICE): boolean {
    const bytes = this.texts;
    if (!(bytes instanceof Uint8Array)) return true;
    const step = Math.max(1, Math.floor(sliceEntries));
    while (this.textsFound < this.textCount && more())
      this.findTexts(bytes, Math.min(this.textCount, this.textsFound + step));
    return this.textsFound >= this.textCount;
  }

  private parseTexts(): readonly string[] {
    if (this.texts === undefined) throw unsupplied();
    if (Array.isArray(this.texts)) return this.texts as readonly string[];
    const list = parseLine(this.texts as Uint8Array, 'text table');
    if (
      !Array.isArray(list) ||
      list.length !== this.textCount ||
      list.some((s) => typeof s !== 'string')
    )
      throw damaged('its text table is not a list of its strings');
    return list as string[];
  }

  /**
   * Data value `i` (0-based, in event order), its long strings restored. From a line not parsed
   * yet whose JSON text is made (by the page's worker, say), the one value is parsed from its
   * text, which is JSON.stringify of the restored value: the line's parse, and the text table
   * entries its restoring reads, are not paid for one value (a new copy each time, then).
   */
  value(i: number): unknown {
    const k = this.lineOfValue(i);
    const j = i - this.starts[k]!;
    const made = this.restored[k] === true ? undefined : this.jsonLines[k];
    if (made !== undefined) {
      try {
        return JSON.parse(made.text.slice(made.starts[j]!, made.starts[j + 1]! - made.sep));
      } catch {
        // Damaged: the line's own parse says how.
      }
    }
    return this.line(k)[j];
  }

  /** Whether data line `k` is parsed (by `value` or `parseLine`). */
  isParsed(k: number): boolean {
    return this.restored[k] === true;
  }

  /** Parses data line `k` now, if it is not yet (for work done ahead in idle time). */
  parseLine(k: number): void {
    this.line(k);
  }

  /**
   * The JSON text of data value `i`, as `JSON.stringify` of `value(i)` gives it, made from the
   * data section's text without parsing it (version 2: from the value); '' for no value.
   */
  json(i: number): string {
    if (!(this.data instanceof Uint8Array)) return JSON.stringify(this.value(i)) ?? '';
    const k = this.lineOfValue(i);
    const { text, starts, sep } = this.lineJson(k);
    const j = i - this.starts[k]!;
    return text.slice(starts[j]!, starts[j + 1]! - sep);
  }

  /** How many data lines there are. */
  get lineCount(): number {
    return this.counts.length;
  }

  /** The index of the first value of data line `k` (k = lineCount: the number of values). */
  firstValueOf(k: number): number {
    return this.starts[k]!;
  }

  /** The line that holds data value `i` (binary search of the lines' first values). */
  lineOfValue(i: number): number {
    if (i < 0 || i >= this.size)
      throw damaged('it has fewer data values than events that have data');
    let lo = 0;
    let hi = this.counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Data line `k` as JSON text with the text table's strings in place of their references (so
   * each value's text is what `JSON.stringify` of the restored value gives), and where each
   * value's text starts (one more: the end of the line plus one; a value's text ends one before
   * the next one starts, at its comma). Made on first use and kept until `dropJson`. Version 3
   * only (see `json`).
   */
  lineJson(k: number): LineJson {
    let made = this.jsonLines[k];
    if (made === undefined) {
      if (!(this.data instanceof Uint8Array)) throw unsupplied();
      const raw = new TextDecoder().decode(
        this.data.subarray(this.lineAt[k]!, this.lineAt[k + 1]! - 1),
      );
      const text = this.withTexts(raw);
      made = valueStarts(text, this.counts[k]!);
      this.jsonLines[k] = made;
    }
    return made;
  }

  /**
   * A data line's text with each reference to the text table replaced by the entry's JSON text
   * and each escaped real string given back (a value string starts right after `[`, `{`, `,`
   * or `:`; an object key, followed by `:`, is neither: the encoder does not intern keys).
   */
  private withTexts(raw: string): string {
    let out = '';
    let from = 0;
    let p = nextMark(raw, 0);
    while (p >= 0) {
      const before = raw.charCodeAt(p - 1);
      const start = before === 91 || before === 123 || before === 44 || before === 58;
      // A reference: digits up to the closing quote (read here, the common case); else a
      // string starting with the mark (an escaped one, or a key), read to its closing quote.
      let q = p + MARK.length;
      let ref = 0;
      for (let c = raw.charCodeAt(q); c >= 48 && c <= 57; c = raw.charCodeAt(++q))
        ref = ref * 10 + c - 48;
      const isRef = q > p + MARK.length && raw.charCodeAt(q) === 34;
      const close = isRef ? q : closingQuote(raw, p);
      if (start && raw.charCodeAt(close + 1) !== 58) {
        out += raw.slice(from, p);
        if (isRef) out += this.textJson(ref);
        else if (raw.startsWith(ESCAPED, p)) out += `"${raw.slice(p + ESCAPED.length, close + 1)}`;
        else throw damaged('a data value holds a reference that is not one');
        from = close + 1;
      }
      p = nextMark(raw, close + 1);
    }
    return from === 0 ? raw : out + raw.slice(from);
  }

  /**
   * Makes the lines' JSON texts (`lineJson`) while `more()` says there is time, a line at a
   * time from the last line back, so it meets, rather than follows, the page's worker, which
   * makes them from the first line on (`supplyJson`): a line already given is not made again.
   * Returns whether all are made (version 2 has none to make).
   */
  prepareJson(more: () => boolean): boolean {
    if (!(this.data instanceof Uint8Array)) return true;
    const n = this.counts.length;
    while (this.jsonMade < n && more()) this.lineJson(n - 1 - this.jsonMade++);
    return this.jsonMade >= n;
  }

  /**
   * Forgets the lines' JSON texts made by `lineJson` (their memory is freed), and, with
   * `opts.textCache` (default false: the worker's reader keeps it from line to line), the text
   * table entries' JSON texts kept for them (made again, one at a time, when asked for).
   */
  dropJson(opts: { textCache?: boolean } = {}): void {
    this.jsonDropped = true;
    this.jsonLines.length = 0;
    this.jsonMade = 0;
    if (opts.textCache === true) this.textJsonCache = undefined;
  }

  /** Data line `k`, parsed and restored on first use. */
  private line(k: number): unknown[] {
    let values = this.lines[k];
    if (values === undefined) {
      if (this.data === undefined) throw unsupplied();
      const bytes = this.data as Uint8Array;
      values = parseLine(
        bytes.subarray(this.lineAt[k]!, this.lineAt[k + 1]! - 1),
        'data',
      ) as unknown[];
      if (!Array.isArray(values) || values.length !== this.counts[k])
        throw damaged('a data line does not hold its values');
      this.lines[k] = values;
    }
    if (this.restored[k] !== true) {
      this.restored[k] = true;
      for (let j = 0; j < values.length; j++) values[j] = restore(values[j], this.textOf);
    }
    return values;
  }

  private readonly textOf = (ref: number): string => this.text(ref);
}

/** A data line's JSON text with the references replaced, and where each value starts. */
export interface LineJson {
  text: string;
  starts: Uint32Array;
  /** How many characters separate a value's text from the next one's start (`,`, or `,` tab). */
  sep: number;
}

/** Text table entries `prepareTexts` finds before it asks for more time. */
const TEXTS_SLICE = 20_000;

/** How a reference to the text table, or an escaped real string, starts in JSON text. */
const ESCAPE = '\\u0001';
const MARK = `"${ESCAPE}`;
const ESCAPED = `${MARK}${ESCAPE}`;

/**
 * Where the first mark at or after `from` starts (text.indexOf(MARK, from)), or -1. It is found
 * by its escape: the quote it starts with is everywhere in JSON text, and searching for it
 * costs the large run's lines about four times as much.
 */
function nextMark(text: string, from: number): number {
  for (let e = text.indexOf(ESCAPE, from + 1); e >= 0; e = text.indexOf(ESCAPE, e + ESCAPE.length))
    if (text.charCodeAt(e - 1) === 34) return e - 1;
  return -1;
}

/**
 * Where each of the `count` values of a JSON list's text starts, and one more, so that value j
 * is `text.slice(starts[j], starts[j + 1] - sep)`. The encoder separates values by `,` and a
 * tab (JSON text has tabs nowhere else): those are found directly; a list without them is read
 * token by token. Throws CompactTraceError when the list does not hold `count` values.
 */
function valueStarts(text: string, count: number): LineJson {
  const starts = new Uint32Array(count + 1);
  starts[0] = 1;
  let j = 0;
  for (let p = text.indexOf('\t'); p >= 0 && j < count; p = text.indexOf('\t', p + 1))
    starts[++j] = p + 1;
  if (j === count - 1 && text.charCodeAt(text.length - 1) === 93) {
    starts[count] = text.length + 1;
    return { text, starts, sep: 2 };
  }
  return tokenStarts(text, count);
}

/** valueStarts for a list without tabs, read token by token (separator: `,` alone). */
function tokenStarts(text: string, count: number): LineJson {
  const starts = new Uint32Array(count + 1);
  let depth = 0;
  let j = 0;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    // A string: skip to its closing quote (one not escaped by an odd number of backslashes).
    if (c === 34) p = closingQuote(text, p);
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1) starts[++j] = p + 1;
  }
  starts[0] = 1;
  starts[count] = text.length;
  if (j !== count - 1 || depth !== 0) throw damaged('a data line does not hold its values');
  return { text, starts, sep: 1 };
}

/** The index of the byte `"` that closes the JSON string whose opening quote is at `open`. */
function closingQuoteByte(bytes: Uint8Array, open: number): number {
  let p = open;
  for (;;) {
    p = bytes.indexOf(34, p + 1);
    if (p < 0) throw damaged('its text table is cut off');
    let b = p - 1;
    while (bytes[b] === 92) b--;
    if ((p - b) % 2 === 1) return p;
  }
}

const decoder = new TextDecoder();

/** UTF-8 bytes as text (a short ASCII text without the decoder's fixed cost). */
function utf8(b: Uint8Array): string {
  if (b.length <= 64) {
    let ascii = true;
    for (let i = 0; i < b.length; i++) if (b[i]! >= 128) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, b as unknown as number[]);
  }
  return decoder.decode(b);
}

/** The index of the quote that closes the string whose opening quote is at `open`. */
function closingQuote(text: string, open: number): number {
  let p = open;
  for (;;) {
    p = text.indexOf('"', p + 1);
    if (p < 0) throw damaged('a string is cut off');
    let b = p - 1;
    while (text.charCodeAt(b) === 92) b--;
    if ((p - b) % 2 === 1) return p;
  }
}

/** Asked for a text or a data value before its section was given (a bug of the caller). */
const unsupplied = (): CompactTraceError =>
  new CompactTraceError("the compact trace's text and data sections have not been read yet");

/** Where each of `count` lines starts in the bytes, and where the last ends (after its newline). */
function lineStarts(bytes: Uint8Array, count: number): number[] {
  const at = [0];
  let p = 0;
  for (let k = 0; k < count; k++) {
    const nl = bytes.indexOf(10, p);
    if (nl < 0) throw damaged('its data is cut off');
    p = nl + 1;
    at.push(p);
  }
  if (p !== bytes.length) throw damaged('it has bytes after its last data line');
  return at;
}

/**
 * A decoded compact trace before its events are made: the header (a `trace.json` without its
 * events), the columns with seq, time and message id made absolute, the name table, and the
 * text table and data values (parsed when first asked for).
 */
export interface CompactColumns {
  header: Omit<TraceFile, 'events'>;
  /** How many events. */
  n: number;
  cols: Record<(typeof COLUMNS)[number], Col>;
  /** Node ids, kinds, moves, reasons, invariants, details (version 2: every string). */
  strings: readonly string[];
  rest: CompactRest;
}

/** The later sections of a version 3 trace, inflated apart from its main section. */
export interface CompactLater {
  text: Uint8Array;
  data: Uint8Array;
}

/**
 * The columns of a compact encoding's (inflated) bytes: all of it (version 2, or version 3's or
 * 4's sections one after the other, an opening section first passed over), or the main section
 * with `later` its other two (null: they come afterwards, through `rest.supply`). Throws
 * CompactTraceError.
 */
export function decodeCompactColumns(
  bytes: Uint8Array,
  later?: CompactLater | null,
): CompactColumns {
  const [first, at1] = jsonLine(bytes, 0, 'header');
  const head = readHead(first);
  if (head.opening !== undefined)
    return decodeCompactColumns(bytes.subarray(sectionEnd(bytes)), later);
  const [strings, at2] = nameTable(bytes, at1);
  let rest: CompactRest;
  let cols: Record<string, Col>;
  if (head.version === 2) {
    const [data, at3] = jsonLine(bytes, at2, 'data');
    if (!Array.isArray(data)) throw damaged('its data is not a list');
    const [c, end] = readColumns(bytes, at3, head);
    if (end !== bytes.length) throw damaged('it has bytes after its last column');
    cols = c;
    const parsed = { texts: strings, data: [data] };
    rest = new CompactRest(strings.length, [data.length], parsed);
  } else {
    const [c, end] = readColumns(bytes, at2, head);
    cols = c;
    if (later !== undefined && end !== bytes.length)
      throw damaged('it has bytes after its last column');
    rest = new CompactRest(head.texts, head.chunks);
    if (later !== null) rest.supply(later ?? splitLater(bytes, end));
  }
  return {
    header: { ...(head.header as unknown as TraceFile), format: 'movesim-trace' },
    n: head.n,
    cols: cols as CompactColumns['cols'],
    strings,
    rest,
  };
}

/** The name table's line from `at`, and where the line after it starts. */
function nameTable(bytes: Uint8Array, at: number): [string[], number] {
  const [strings, end] = jsonLine(bytes, at, 'string table');
  if (!Array.isArray(strings) || strings.some((s) => typeof s !== 'string'))
    throw damaged('its string table is not a list of strings');
  return [strings as string[], end];
}

/** The columns of an opening section, with the move it opens on and the run's time span. */
export interface CompactOpening extends CompactColumns {
  move: string;
  span: [number, number];
}

/**
 * The columns of version 4's opening section (the bytes of that section alone, or with what
 * follows it), which carries no text or data: its `rest` holds none. Throws CompactTraceError,
 * also when the bytes do not start with an opening section.
 */
export function decodeCompactOpening(bytes: Uint8Array): CompactOpening {
  const [first, at1] = jsonLine(bytes, 0, 'header');
  const head = readHead(first);
  if (head.opening === undefined) throw damaged('it does not start with an opening section');
  const [strings, at2] = nameTable(bytes, at1);
  const [cols] = readColumns(bytes, at2, head);
  return {
    header: { ...(head.header as unknown as TraceFile), format: 'movesim-trace' },
    n: head.n,
    cols: cols as CompactColumns['cols'],
    strings,
    rest: new CompactRest(0, []),
    ...head.opening,
  };
}

/** Where the section that starts the bytes (a main or opening section of version 3 or 4) ends. */
function sectionEnd(bytes: Uint8Array): number {
  const first = compactFirstSection(bytes);
  if (first === undefined) throw damaged('its header is cut off');
  if (first.end > bytes.length) throw damaged('its opening section is cut off');
  return first.end;
}

/**
 * Where the first section of a version 3 or 4 compact encoding ends, and whether it is version
 * 4's opening section (a main section follows it) or the main section (the text section
 * follows), from its first bytes as they arrive: undefined until its header line and its name
 * table's line are in (`prefix` holds at least that much), or for version 2 (which has no
 * sections). Lets a page draw from the opening section, or decode the main section, while the
 * rest is still on its way. Throws CompactTraceError.
 */
export function compactFirstSection(
  prefix: Uint8Array,
): { end: number; opening: boolean } | undefined {
  const nl1 = prefix.indexOf(10);
  const nl2 = nl1 < 0 ? -1 : prefix.indexOf(10, nl1 + 1);
  if (nl2 < 0) return undefined;
  const head = readHead(parseLine(prefix.subarray(0, nl1), 'header'));
  if (head.version === 2) return undefined;
  let p = Math.ceil((nl2 + 1) / 8) * 8;
  for (const w of head.widths) p += Math.ceil((head.n * w) / 8) * 8;
  return { end: p, opening: head.opening !== undefined };
}

/** Version 3's text and data sections in the bytes after its main section's end. */
export function splitLater(bytes: Uint8Array, end: number): CompactLater {
  const nl = bytes.indexOf(10, end);
  if (nl < 0) throw damaged('its text table is cut off');
  return { text: bytes.subarray(end, nl + 1), data: bytes.subarray(nl + 1) };
}

/** The trace a compact encoding's (inflated) bytes hold. Throws CompactTraceError. */
export function decodeCompactBytes(bytes: Uint8Array, later?: CompactLater): TraceFile {
  const c = decodeCompactColumns(bytes, later);
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
  /** The index of the event's data value (CompactRest.value), or -1 when it has none. */
  dataRef: number;
  /** A log event's line, in the text table (CompactRest.text, 1-based), or 0. */
  lineRef: number;
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
 * CompactEvent (copy what it keeps). With `lazy`, an event's data, patches and log line are
 * left undefined and only their references given (dataRef, lineRef), so nothing of the text
 * table or the data values is parsed. With `keep`, only the events whose entry is 1 are
 * visited (a message's ends must be kept or left out with its send). Throws CompactTraceError
 * on a damaged column.
 */
export function forEachCompactEvent(
  c: CompactColumns,
  visit: (e: CompactEvent, i: number) => void,
  lazy = false,
  keep?: Uint8Array,
): void {
  const { strings, rest } = c;
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
    dataRef: -1,
    lineRef: 0,
  };
  let seq = 0;
  let t = 0;
  let msg = 0;
  let di = 0;
  const values = rest.size;
  // The data value of each message's latest send, for the first delivery or drop that repeats it.
  const sent = new Map<number, number>();
  for (let i = 0; i < c.n; i++) {
    seq += seqD[i]!;
    t += tD[i]!;
    msg += msgD[i]!;
    const type = TYPES[ty[i]!];
    if (type === undefined) throw damaged(`event ${i} has an unknown type`);
    let ref = -1;
    // An event left out by `keep` only counts its data value (its message's ends are left out
    // too, so its send's value is not remembered).
    const skip = keep !== undefined && keep[i] !== 1;
    if (hd[i] === 1) {
      if (di >= values) throw damaged('it has fewer data values than events that have data');
      ref = di++;
      if (type === 'send' && !skip) sent.set(msg, ref);
    } else if (hd[i] === 2 && !skip) {
      ref = sent.get(msg) ?? -1;
      sent.delete(msg);
    }
    if (skip) continue;
    const value = lazy || ref < 0 ? undefined : rest.value(ref);
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
    f.lineRef = type === 'log' ? x[i]! : 0;
    f.line = type !== 'log' || lazy ? undefined : f.lineRef === 0 ? '' : rest.text(f.lineRef);
    f.reason = type === 'drop' ? s(x[i]!) : undefined;
    f.deliverAt = type === 'send' ? t + x[i]! : undefined;
    f.duplicate = message && dup[i] === 1 ? true : undefined;
    f.step = st[i]! > 0 ? st[i] : undefined;
    f.move = s(mv[i]!);
    f.dataRef = ref;
    f.data = type === 'state' ? undefined : value;
    f.patches = type === 'state' && !lazy ? (value ?? []) : undefined;
    visit(f, i);
  }
  if (di !== values) throw damaged('it has more data values than events that have data');
}
