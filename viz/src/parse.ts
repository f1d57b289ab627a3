/**
 * Parsing a trace's text into a `TraceFile`.
 *
 * Accepts the whole-file form (`trace.json`) and the streamed form (NDJSON: a header object,
 * then one event a line, then optional `{"outcomes":[...]}`, `{"violations":[...]}` and
 * `{"meta":{...}}` lines). It is lenient: blank and unparsable lines are skipped and counted
 * as warnings, missing `seq` numbers are filled in. It does not build the viewer's model
 * (model.ts does) and never touches the DOM.
 */
import type { TraceEvent, TraceFile, TraceNode } from '../../sim/engine/trace.js';

/** A parsed trace and what was skipped on the way. */
export interface ParsedTrace {
  trace: TraceFile;
  warnings: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asNodes(v: unknown): TraceNode[] {
  if (!Array.isArray(v)) return [];
  const nodes: TraceNode[] = [];
  for (const n of v) {
    if (!isObject(n) || n.id === undefined) continue;
    const id = String(n.id);
    nodes.push({ id, kind: String(n.kind ?? 'node'), label: String(n.label ?? id) });
  }
  return nodes;
}

function asViolations(v: unknown): TraceFile['violations'] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((x) => ({
    invariant: String(x.invariant ?? 'unknown'),
    t: Number(x.t) || 0,
    detail: String(x.detail ?? ''),
  }));
}

/** Builds a trace from a whole-file object, tolerating missing optional parts. */
function fromObject(o: Record<string, unknown>, warnings: string[]): TraceFile {
  const raw = Array.isArray(o.events) ? (o.events as unknown[]) : [];
  const events = (raw.every(isObject) ? raw : raw.filter(isObject)) as unknown as TraceEvent[];
  if (Array.isArray(o.events) && events.length !== o.events.length) {
    warnings.push(`${o.events.length - events.length} events were not objects and were skipped`);
  }
  return {
    format: 'movesim-trace',
    version: 1,
    seed: typeof o.seed === 'number' ? o.seed : String(o.seed ?? ''),
    scenario: String(o.scenario ?? ''),
    units: 'us',
    nodes: asNodes(o.nodes),
    events,
    outcomes: Array.isArray(o.outcomes) ? o.outcomes : [],
    violations: asViolations(o.violations),
    ...(isObject(o.meta) ? { meta: o.meta } : {}),
  };
}

function checkHeader(o: Record<string, unknown>, warnings: string[]): void {
  if (o.format !== 'movesim-trace') {
    throw new Error('This is not a movesim trace: its "format" is not "movesim-trace".');
  }
  if (o.version !== 1)
    warnings.push(`trace version ${String(o.version)} is not 1; reading it as version 1`);
}

/**
 * What to say when no header could be read: a cut-off `trace.json` (one JSON object that never
 * closes) is truncated, not empty.
 */
function notATrace(text: string): string {
  if (/"format"\s*:\s*"movesim-trace"/.test(text.slice(0, 4096)))
    return 'The trace is truncated: it starts as a movesim trace but its JSON is cut off (the run or the copy was interrupted). Run it again, or stream it with --stream to keep what was written.';
  return 'The trace has no movesim header line: it is neither a trace.json nor a streamed trace.';
}

/** Parses the streamed (NDJSON) form. */
function parseNdjson(text: string, warnings: string[]): TraceFile {
  const lines = text.split(/\r?\n/);
  let header: Record<string, unknown> | null = null;
  const events: TraceEvent[] = [];
  let outcomes: unknown[] = [];
  let violations: TraceFile['violations'] = [];
  let meta: Record<string, unknown> | undefined;
  let skipped = 0;
  let sawTail = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (!isObject(v)) {
      skipped++;
      continue;
    }
    if (header === null) {
      checkHeader(v, warnings);
      header = v;
      continue;
    }
    if (typeof v.type === 'string') {
      events.push(v as unknown as TraceEvent);
      continue;
    }
    // The final line carries outcomes, violations and meta together; older files split them.
    const tail = Array.isArray(v.outcomes) || Array.isArray(v.violations) || isObject(v.meta);
    if (!tail) {
      skipped++;
      continue;
    }
    sawTail = true;
    if (Array.isArray(v.outcomes)) outcomes = outcomes.concat(v.outcomes);
    if (Array.isArray(v.violations)) violations = violations.concat(asViolations(v.violations));
    if (isObject(v.meta)) meta = { ...(meta ?? {}), ...v.meta };
  }
  if (header === null) throw new Error(notATrace(text));
  if (skipped > 0) warnings.push(`${skipped} lines could not be read and were skipped`);
  if (!sawTail && events.length > 0)
    warnings.push(
      'the stream has no final line (outcomes, violations, load): the run was cut off or is still running',
    );
  const base = fromObject(header, warnings);
  return {
    ...base,
    events,
    outcomes: outcomes.length > 0 ? outcomes : base.outcomes,
    violations: violations.length > 0 ? violations : base.violations,
    ...(meta || base.meta ? { meta: { ...(base.meta ?? {}), ...(meta ?? {}) } } : {}),
  };
}

/** Fills in missing `seq` numbers and sorts events by `seq`, keeping the file order on ties. */
function normaliseEvents(events: TraceEvent[]): TraceEvent[] {
  const changed = events.some((e) => typeof e.seq !== 'number' || !Number.isFinite(e.seq));
  const out = changed
    ? events.map((e, i) =>
        typeof e.seq === 'number' && Number.isFinite(e.seq) ? e : { ...e, seq: i },
      )
    : events;
  let sorted = true;
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as TraceEvent).seq < (out[i - 1] as TraceEvent).seq) {
      sorted = false;
      break;
    }
  }
  if (!sorted) return [...out].sort((a, b) => a.seq - b.seq);
  return out;
}

/** Reads a trace already parsed as one JSON value (the whole-file form). */
export function parseTraceValue(value: unknown): ParsedTrace {
  const warnings: string[] = [];
  const whole = value;
  if (!isObject(whole) || !Array.isArray(whole.events))
    throw new Error('The trace has no "events" list.');
  checkHeader(whole, warnings);
  const trace = fromObject(whole, warnings);
  return { trace: { ...trace, events: normaliseEvents(trace.events) }, warnings };
}

/** Parses a trace's text, whole-file or streamed. Throws an Error with a readable message. */
export function parseTraceText(text: string): ParsedTrace {
  const warnings: string[] = [];
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new Error('The trace is empty.');
  let whole: unknown;
  let wholeOk = false;
  try {
    whole = JSON.parse(body);
    wholeOk = true;
  } catch {
    // Not one JSON value: it may be NDJSON (wholeOk stays false).
  }
  let trace: TraceFile;
  if (wholeOk && isObject(whole) && Array.isArray(whole.events)) {
    checkHeader(whole, warnings);
    trace = fromObject(whole, warnings);
  } else if (wholeOk && isObject(whole) && !Array.isArray(whole.events)) {
    // A header alone is a streamed trace with no events yet.
    trace = parseNdjson(body, warnings);
  } else if (!wholeOk && body.startsWith('{')) {
    trace = parseNdjson(body, warnings);
  } else {
    throw new Error('The trace is neither JSON nor NDJSON.');
  }
  return { trace: { ...trace, events: normaliseEvents(trace.events) }, warnings };
}
