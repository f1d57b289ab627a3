/**
 * The compact encoding (compact-trace.ts) straight from a trace's lines, for the two shapes
 * movesim writes: `trace.json` (a header line ending `"events":[`, one event a line, `]}`) and
 * the stream (a header line, one event a line, a final outcomes line). It never holds every
 * event as an object, and `fileLines` reads a file a block at a time, so a large trace costs
 * little more memory than its encoding.
 *
 * It accepts only what read-trace.ts would accept without a word; anything else (another
 * shape, a cut-off line, a header read-trace would refuse) gives null, and the caller reads the
 * trace whole, which says what is wrong.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

import type { TraceEvent } from '../engine/index.js';
import { CompactEncoder } from './compact-trace.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bytes read from a file at a time. */
const BLOCK_BYTES = 1 << 22;

/** The lines of a file (without their ends), read a block at a time. */
export function* fileLines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.alloc(BLOCK_BYTES);
    const utf8 = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const got = readSync(fd, block, 0, BLOCK_BYTES, null);
      const text = rest + (got === 0 ? utf8.end() : utf8.write(block.subarray(0, got)));
      const lines = text.split('\n');
      rest = got === 0 ? '' : lines.pop()!;
      yield* lines;
      if (got === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether a parsed header line is one read-trace.ts reads without a word. */
function goodHeader(h: unknown, json: boolean): h is Obj {
  return (
    isObj(h) &&
    h.format === 'movesim-trace' &&
    h.version === 1 &&
    Array.isArray(h.nodes) &&
    h.nodes.every((n) => isObj(n) && typeof n.id === 'string') &&
    // A whole trace on one line is read whole by the caller.
    (json || h.events === undefined)
  );
}

const isEvent = (v: unknown): v is Obj =>
  isObj(v) && typeof v.type === 'string' && typeof v.t === 'number';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** An encoder fed one line at a time; `result()` is null when a line was not as expected. */
class LineEncoder {
  private readonly enc = new CompactEncoder();
  private header: Obj | null = null;
  private tail: Obj | null = null;
  private json = false;
  private closed = false;
  private ok = true;

  line(raw: string): void {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!this.ok || line === '') return;
    if (this.header === null) {
      this.json = line.endsWith('"events":[');
      const h = parse(this.json ? `${line}]}` : line);
      if (goodHeader(h, this.json)) this.header = h;
      else this.ok = false;
      return;
    }
    if (this.closed || this.tail !== null) {
      this.ok = false;
      return;
    }
    if (this.json && line === ']}') {
      this.closed = true;
      return;
    }
    const v = parse(this.json && line.endsWith(',') ? line.slice(0, -1) : line);
    if (isEvent(v)) this.enc.add(v as unknown as TraceEvent);
    else if (
      !this.json &&
      isObj(v) &&
      (Array.isArray(v.outcomes) || Array.isArray(v.violations) || isObj(v.meta))
    )
      this.tail = v;
    else this.ok = false;
  }

  result(): { encoder: CompactEncoder; header: Obj } | null {
    if (!this.ok || this.header === null || (this.json && !this.closed)) return null;
    const { events: _events, format: _format, ...rest } = this.header;
    const tail = this.tail ?? {};
    // The stream's last line completes the header as read-trace.ts does.
    const meta =
      isObj(rest.meta) || isObj(tail.meta)
        ? {
            meta: {
              ...(isObj(rest.meta) ? rest.meta : {}),
              ...(isObj(tail.meta) ? tail.meta : {}),
            },
          }
        : {};
    return { encoder: this.enc, header: { ...rest, ...tail, ...meta } };
  }
}

/**
 * The compact encoder of a trace given as lines, with its header (without `format` and
 * `events`), or null when the lines are not a trace movesim wrote as it writes them.
 */
export function encodeTraceLines(
  lines: Iterable<string>,
): { encoder: CompactEncoder; header: Obj } | null {
  const enc = new LineEncoder();
  for (const l of lines) enc.line(l);
  return enc.result();
}

/**
 * The compact encoder of a whole trace given as one parsed value (a `trace.json` written on one
 * line), with its header, or null when it is not a trace read-trace.ts reads without a word.
 */
export function encodeTraceValue(value: unknown): { encoder: CompactEncoder; header: Obj } | null {
  if (!isObj(value) || !Array.isArray(value.events)) return null;
  const { events, ...head } = value;
  if (!goodHeader(head, true) || !(events as unknown[]).every(isEvent)) return null;
  const encoder = new CompactEncoder();
  for (const e of events as TraceEvent[]) encoder.add(e);
  const { format: _format, ...header } = head;
  return { encoder, header };
}
