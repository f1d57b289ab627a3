/**
 * Reading a trace for the exporters: `trace.json` (one JSON object) or the streamed form (NDJSON:
 * the header object `{format, version, seed, scenario, units, nodes}` on the first line, then one
 * event a line, optionally a final `{"outcomes":[...],"violations":[...]}` line), told apart by
 * content, never by file name.
 *
 * Strict where a mistake would mislead (not a movesim trace, a bad line in the middle) and lenient
 * where a killed run leaves its mark: a cut-off last line of a stream is skipped with a warning,
 * and a cut-off `trace.json` is called truncated.
 * Errors say which file and line. It also pairs each sent copy of a message with how it ended,
 * which every exporter needs. It converts nothing; the exporters do.
 */
import { readFileSync } from 'node:fs';

import type {
  DeliverEvent,
  DropEvent,
  SendEvent,
  TraceEvent,
  TraceFile,
  TraceNode,
} from '../engine/index.js';
import { isStackOverflow, NESTING_MESSAGE } from '../scenario/text-shape.js';
import {
  CompactTraceError,
  decodeCompactText,
  isCompactText,
  isHtmlPage,
  pageTraceText,
} from './read-compact.js';

/** A trace that cannot be read; the message says where and why. */
export class TraceReadError extends Error {}

/** A trace read from text, its form, and what was skipped on the way. */
export interface ReadTrace {
  trace: TraceFile;
  form: 'json' | 'ndjson' | 'compact';
  warnings: string[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkHeader(h: Obj, where: string): void {
  if (h.format !== 'movesim-trace') {
    const format = JSON.stringify(h.format);
    throw new TraceReadError(
      `${where}: not a movesim trace (its "format" is ${format}, not "movesim-trace"); give a trace.json or a streamed trace that movesim wrote`,
    );
  }
  if (h.version !== 1)
    throw new TraceReadError(
      `${where}: trace version ${JSON.stringify(h.version)} is not supported; this movesim reads version 1`,
    );
  if (!Array.isArray(h.nodes)) throw new TraceReadError(`${where}: the header has no "nodes" list`);
}

function nodesOf(h: Obj, where: string): TraceNode[] {
  return (h.nodes as unknown[]).map((n, i) => {
    if (!isObject(n) || typeof n.id !== 'string')
      throw new TraceReadError(`${where}: nodes[${i}] has no string "id"`);
    return {
      id: n.id,
      kind: typeof n.kind === 'string' ? n.kind : 'node',
      label: typeof n.label === 'string' ? n.label : n.id,
    };
  });
}

function checkEvent(e: unknown, where: string): TraceEvent {
  if (!isObject(e) || typeof e.type !== 'string' || typeof e.t !== 'number') {
    throw new TraceReadError(
      `${where}: not a trace event (an event is an object with a string "type" and a number "t")`,
    );
  }
  return e as unknown as TraceEvent;
}

const violationsOf = (v: unknown): TraceFile['violations'] =>
  Array.isArray(v) ? (v.filter(isObject) as unknown as TraceFile['violations']) : [];

function fromHeader(h: Obj, where: string, events: TraceEvent[], tail: Obj): TraceFile {
  const seed = typeof h.seed === 'number' || typeof h.seed === 'string' ? h.seed : '';
  return {
    format: 'movesim-trace',
    version: 1,
    seed,
    scenario: typeof h.scenario === 'string' ? h.scenario : '',
    units: 'us',
    nodes: nodesOf(h, where),
    events,
    outcomes: Array.isArray(tail.outcomes)
      ? tail.outcomes
      : Array.isArray(h.outcomes)
        ? h.outcomes
        : [],
    violations: violationsOf(tail.violations ?? h.violations),
    ...(isObject(h.meta) || isObject(tail.meta)
      ? { meta: { ...(isObject(h.meta) ? h.meta : {}), ...(isObject(tail.meta) ? tail.meta : {}) } }
      : {}),
  };
}

function readNdjson(text: string, file: string): ReadTrace {
  const lines = text.split('\n');
  const warnings: string[] = [];
  let header: Obj | undefined;
  let headerLine = 0;
  const events: TraceEvent[] = [];
  let tail: Obj = {};
  let tailLine = 0;
  const last = lines.reduce((acc, l, i) => (l.trim() === '' ? acc : i), -1);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const where = `${file}:${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      if (i === last && header !== undefined && !text.endsWith('\n')) {
        warnings.push(
          `${where}: the last line is cut off (the run was probably stopped while writing); it was skipped`,
        );
        continue;
      }
      const reason = e instanceof Error ? e.message : String(e);
      throw new TraceReadError(
        `${where}: not valid JSON (${reason}); each line of a streamed trace is one JSON object`,
      );
    }
    if (header === undefined) {
      if (!isObject(v))
        throw new TraceReadError(`${where}: the first line must be the trace header object`);
      checkHeader(v, where);
      header = v;
      headerLine = i + 1;
      continue;
    }
    if (tailLine !== 0)
      throw new TraceReadError(
        `${file}:${tailLine}: the outcomes/violations line must be the last line, but line ${i + 1} follows it`,
      );
    if (
      isObject(v) &&
      typeof v.type !== 'string' &&
      (Array.isArray(v.outcomes) || Array.isArray(v.violations) || isObject(v.meta))
    ) {
      tail = v;
      tailLine = i + 1;
      continue;
    }
    events.push(checkEvent(v, where));
  }
  if (header === undefined) throw new TraceReadError(`${file}: the trace is empty`);
  return {
    trace: fromHeader(header, `${file}:${headerLine}`, events, tail),
    form: 'ndjson',
    warnings,
  };
}

/**
 * Whether text that is not one JSON value is a `trace.json` rather than a stream: a stream's
 * first line is a whole JSON object (its header); a `trace.json` (written with its events one a
 * line) starts with a line that is not.
 */
function looksLikeWholeTrace(body: string): boolean {
  const first = body.trimStart().split('\n', 1)[0]!.trim();
  try {
    return !isObject(JSON.parse(first));
  } catch {
    return true;
  }
}

/** The error for a `trace.json` that is not valid JSON: cut off, or broken at a line. */
function brokenWholeTrace(body: string, file: string): TraceReadError {
  let reason = '';
  try {
    JSON.parse(body);
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  const position = /position (\d+)/.exec(reason)?.[1];
  // A cut-off text fails at its very end: "Unexpected end of JSON input", or at a position at the
  // end.
  if (
    /end of (JSON )?input/i.test(reason) ||
    (position !== undefined && Number(position) >= body.trimEnd().length)
  ) {
    return new TraceReadError(
      `${file}: the trace is truncated (its JSON ends before it is complete; the run that wrote it was probably stopped, or the copy is partial); run the scenario again to write a whole trace`,
    );
  }
  const line =
    position === undefined ? '' : `:${body.slice(0, Number(position)).split('\n').length}`;
  const what = reason
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '');
  return new TraceReadError(
    `${file}${line}: not valid JSON (${what}); give a trace.json or a streamed trace that movesim wrote`,
  );
}

/** Reads the compact text of a trace (read-compact.ts). */
function readCompact(body: string, file: string): ReadTrace {
  let decoded: TraceFile;
  try {
    decoded = decodeCompactText(body);
  } catch (e) {
    if (!(e instanceof CompactTraceError)) throw e;
    throw new TraceReadError(
      `${file}: ${e.message}; export the page again from its trace (movesim export TRACE --format html)`,
    );
  }
  const h = decoded as unknown as Obj;
  checkHeader(h, file);
  return { trace: fromHeader(h, file, decoded.events, {}), form: 'compact', warnings: [] };
}

/** Reads the trace a self-contained HTML page carries. */
function readPage(body: string, file: string): ReadTrace {
  const inner = pageTraceText(body);
  if (inner === undefined)
    throw new TraceReadError(
      `${file}: an HTML page without a movesim trace in it; give a page that movesim export --format html (or run --html) wrote, or the trace itself`,
    );
  if (isCompactText(inner)) return readCompact(inner, file);
  return readTraceText(inner, file);
}

/**
 * Reads a trace from its text (a trace.json, a stream, a compact trace or a self-contained page
 * carrying one); `file` names it in errors. Throws `TraceReadError`.
 */
export function readTraceText(text: string, file: string): ReadTrace {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    throw new TraceReadError(
      `${file}: the file is empty; give a trace.json or a streamed trace that movesim wrote`,
    );
  if (isCompactText(body)) return readCompact(body, file);
  if (isHtmlPage(body)) return readPage(body, file);
  if (!body.trimStart().startsWith('{')) {
    throw new TraceReadError(
      `${file}: not a movesim trace (it does not start with a JSON object); give a trace.json or a streamed trace that movesim wrote`,
    );
  }
  let whole: unknown;
  try {
    whole = JSON.parse(body);
  } catch (e) {
    if (isStackOverflow(e)) throw new TraceReadError(`${file}: ${NESTING_MESSAGE}`);
    if (looksLikeWholeTrace(body)) throw brokenWholeTrace(body, file);
    return readNdjson(body, file);
  }
  if (!isObject(whole)) throw new TraceReadError(`${file}: not a movesim trace`);
  if (!Array.isArray(whole.events)) {
    if (whole.events !== undefined) {
      checkHeader(whole, file);
      throw new TraceReadError(
        `${file}: "events" is ${describe(whole.events)}, not a list; a trace's events are a list of event objects`,
      );
    }
    // A single object without events is a stream that holds only its header.
    return readNdjson(body, file);
  }
  checkHeader(whole, file);
  const events = whole.events.map((e, i) => checkEvent(e, `${file}: events[${i}]`));
  return { trace: fromHeader(whole, file, events, {}), form: 'json', warnings: [] };
}

/** A value's kind in words, for messages. */
const describe = (v: unknown): string =>
  v === null ? 'null' : isObject(v) ? 'an object' : `a ${typeof v}`;

/** Reads a trace file. Throws `TraceReadError` when it cannot be read or is not a trace. */
export function readTraceFile(path: string): ReadTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new TraceReadError(`${path}: cannot read the file (${reason})`);
  }
  return readTraceText(text, path);
}

// Pairing each sent copy of a message with its end: the `deliver` or `drop` event at the copy's
// `deliverAt`, or nothing when the run stopped first. A duplication fault sends a second copy of
// the same message id; the key (message id, duplicate flag, time) tells the copies apart.

/** How one sent copy ended. */
export type CopyEnd =
  | { kind: 'delivered'; event: DeliverEvent }
  | { kind: 'dropped'; event: DropEvent }
  | { kind: 'pending' };

const key = (msg: number, duplicate: boolean, t: number) => `${msg}:${duplicate ? 1 : 0}@${t}`;

/** The end of every send event of `events`, keyed by the send event itself. */
export function copyEnds(events: readonly TraceEvent[]): Map<SendEvent, CopyEnd> {
  const delivered = new Map<string, DeliverEvent>();
  const dropped = new Map<string, DropEvent[]>();
  for (const e of events) {
    if (e.type === 'deliver') delivered.set(key(e.msg, e.duplicate === true, e.t), e);
    else if (e.type === 'drop') {
      const k = `${e.msg}@${e.t}`;
      dropped.set(k, [...(dropped.get(k) ?? []), e]);
    }
  }
  const ends = new Map<SendEvent, CopyEnd>();
  for (const e of events) {
    if (e.type !== 'send') continue;
    const d = delivered.get(key(e.msg, e.duplicate === true, e.deliverAt));
    if (d !== undefined) {
      ends.set(e, { kind: 'delivered', event: d });
      continue;
    }
    // A drop event carries no duplicate flag, so the copies of one message at one instant share
    // drops in order.
    const drops = dropped.get(`${e.msg}@${e.deliverAt}`);
    const drop = drops?.shift();
    ends.set(e, drop === undefined ? { kind: 'pending' } : { kind: 'dropped', event: drop });
  }
  return ends;
}
