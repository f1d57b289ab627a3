/**
 * The Perfetto export of a trace: Chrome trace-event JSON (`{"traceEvents": [...]}`) that the
 * Perfetto UI (ui.perfetto.dev) and chrome://tracing open.
 *
 * One track (thread) per node, grouped in one process per node kind. Each sent message is a 1 µs
 * slice on its sender's track and each delivery a 1 µs slice on its receiver's track; one flow
 * arrow (trace-event flow v2: `bind_id` with `flow_out`/`flow_in`) joins the two ends of every
 * delivered message copy. Drops, local marks and log lines are instants on their node's track,
 * violations are global instants, each move is a slice on a "Moves" track from the API request
 * to its end, and bridge load is a counter. Virtual microseconds map onto the format's
 * microsecond timestamps unchanged. It returns text and writes no file.
 */
import { stepRow } from '../cms/protocol.js';
import type { DeliverEvent, SendEvent, TraceEvent, TraceFile } from '../engine/index.js';
import { copyEnds } from './read-trace.js';

/** One trace-event record, as far as this export uses the format. */
export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 'M' | 'C';
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: 'g' | 'p' | 't';
  bind_id?: number;
  flow_out?: boolean;
  flow_in?: boolean;
  args?: Record<string, unknown>;
}

/** The whole export. */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

const KIND_NAMES: Record<string, string> = {
  cmm: 'CMM',
  callbridge: 'Call bridges',
  webbridge: 'Web bridges',
  browser: 'Browsers (Web App)',
};

const stepName = (step: number | undefined, kind: string) =>
  step === undefined ? kind : `${step} ${kind}`;

/**
 * The step's number and its name as the tech note says it (the step table), for an event's args.
 */
function stepArgs(args: Record<string, unknown>, step: number | undefined): void {
  if (step === undefined) return;
  args.step = step;
  const row = stepRow(step);
  if (row !== undefined) args.stepName = row.name;
}

/** A track's place in the export: its process (pid) and thread (tid). */
interface TrackId {
  pid: number;
  tid: number;
}

/**
 * The tracks of the export: one process per node kind and one thread per node, numbered from 1
 * in the order first seen. Declaring one writes its metadata records into `out`.
 */
class Tracks {
  private readonly pids = new Map<string, number>();
  private readonly byNode = new Map<string, TrackId>();
  private nextTid = 1;

  constructor(private readonly out: ChromeTraceEvent[]) {}

  /** Declares a node's track, and its kind's process the first time that kind comes; once. */
  add(id: string, kind: string, label: string): void {
    if (this.byNode.has(id)) return;
    let pid = this.pids.get(kind);
    if (pid === undefined) {
      pid = this.nextPid();
      this.pids.set(kind, pid);
      this.out.push({
        name: 'process_name',
        ph: 'M',
        pid,
        args: { name: KIND_NAMES[kind] ?? kind },
      });
      this.out.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: pid } });
    }
    const tid = this.newTid();
    this.byNode.set(id, { pid, tid });
    this.out.push({
      name: 'thread_name',
      ph: 'M',
      pid,
      tid,
      args: { name: label === id ? id : `${label} (${id})` },
    });
    this.out.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  }

  /** The track of a node; a node the header does not name gets one of kind `node`. */
  of(id: string): TrackId {
    this.add(id, 'node', id);
    return this.byNode.get(id)!;
  }

  /** The pid after the node kinds' processes (not reserved: the next new kind gets it too). */
  nextPid(): number {
    return this.pids.size + 1;
  }

  /** A new thread id, unique across all processes. */
  newTid(): number {
    return this.nextTid++;
  }
}

/** The trace-event form of a trace. */
export function traceToPerfetto(trace: TraceFile): ChromeTrace {
  const out: ChromeTraceEvent[] = [];
  const tracks = new Tracks(out);
  for (const n of trace.nodes) tracks.add(n.id, n.kind, n.label);
  const flowOf = flowIds(trace.events);
  for (const e of trace.events) {
    const record = eventRecord(e, tracks, flowOf);
    if (record !== undefined) out.push(record);
  }
  pushMoves(out, tracks, trace.outcomes);
  pushLoad(out, tracks, trace.meta);
  return {
    traceEvents: out,
    displayTimeUnit: 'ms',
    metadata: { source: 'movesim', scenario: trace.scenario, seed: trace.seed },
  };
}

/** A flow id for each delivered message copy (from 1, in send order), on its send and deliver. */
function flowIds(events: readonly TraceEvent[]): Map<object, number> {
  const ends = copyEnds(events);
  const flowOf = new Map<object, number>();
  let nextFlow = 1;
  for (const e of events) {
    if (e.type !== 'send') continue;
    const end = ends.get(e);
    if (end?.kind === 'delivered') {
      flowOf.set(e, nextFlow);
      flowOf.set(end.event, nextFlow);
      nextFlow++;
    }
  }
  return flowOf;
}

/** The record of one event (declaring its node's track first if needed); none for state events. */
function eventRecord(
  e: TraceEvent,
  tracks: Tracks,
  flowOf: Map<object, number>,
): ChromeTraceEvent | undefined {
  switch (e.type) {
    case 'send':
      return sendRecord(e, tracks, flowOf.get(e));
    case 'deliver':
      return deliverRecord(e, tracks, flowOf.get(e));
    case 'drop':
      return {
        name: `DROPPED ${stepName(e.step, e.kind)} (${e.reason})`,
        cat: 'drop',
        ph: 'i',
        s: 't',
        ts: e.t,
        ...tracks.of(e.to),
        args: { msg: e.msg, from: e.from, reason: e.reason },
      };
    case 'local': {
      const args = {
        ...(e.move === undefined ? {} : { move: e.move }),
        ...(e.data === undefined ? {} : { data: e.data }),
      };
      return {
        name: stepName(e.step, e.kind),
        cat: 'local',
        ph: 'i',
        s: 't',
        ts: e.t,
        ...tracks.of(e.node),
        args,
      };
    }
    case 'log':
      return { name: e.line, cat: 'log', ph: 'i', s: 't', ts: e.t, ...tracks.of(e.node) };
    case 'violation':
      return {
        name: `VIOLATION ${e.invariant}`,
        cat: 'violation',
        ph: 'i',
        s: 'g',
        ts: e.t,
        pid: 0,
        args: { detail: e.detail },
      };
    case 'state':
      return undefined;
  }
}

/** A send: a 1 µs slice on the sender's track, where a flow starts if the copy is delivered. */
function sendRecord(e: SendEvent, tracks: Tracks, flow: number | undefined): ChromeTraceEvent {
  const args: Record<string, unknown> = { msg: e.msg, to: e.to, deliverAt: e.deliverAt };
  stepArgs(args, e.step);
  if (e.move !== undefined) args.move = e.move;
  if (e.duplicate) args.duplicate = true;
  if (e.data !== undefined) args.data = e.data;
  const flowOut = flow === undefined ? {} : { bind_id: flow, flow_out: true };
  return {
    name: `→ ${stepName(e.step, e.kind)}`,
    cat: 'send',
    ph: 'X',
    ts: e.t,
    dur: 1,
    ...tracks.of(e.from),
    args,
    ...flowOut,
  };
}

/** A delivery: a 1 µs slice on the receiver's track, where its send's flow ends. */
function deliverRecord(
  e: DeliverEvent,
  tracks: Tracks,
  flow: number | undefined,
): ChromeTraceEvent {
  const args: Record<string, unknown> = { msg: e.msg, from: e.from };
  stepArgs(args, e.step);
  if (e.move !== undefined) args.move = e.move;
  if (e.duplicate) args.duplicate = true;
  const flowIn = flow === undefined ? {} : { bind_id: flow, flow_in: true };
  return {
    name: stepName(e.step, e.kind),
    cat: 'deliver',
    ph: 'X',
    ts: e.t,
    dur: 1,
    ...tracks.of(e.to),
    args,
    ...flowIn,
  };
}

/** A "Moves" process with one track per move and a slice from its API request to its end. */
function pushMoves(out: ChromeTraceEvent[], tracks: Tracks, outcomes: readonly unknown[]): void {
  const moves = outcomes.filter(
    (o): o is Record<string, unknown> => typeof o === 'object' && o !== null,
  );
  if (moves.length === 0) return;
  const pid = tracks.nextPid();
  out.push({ name: 'process_name', ph: 'M', pid, args: { name: 'Moves' } });
  out.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: 0 } });
  moves.forEach((o) => {
    const tid = tracks.newTid();
    out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `move ${String(o.move)}` } });
    if (typeof o.requestedAt !== 'number') return;
    const name = `${String(o.move)} ${String(o.participant)} → ${String(o.to)}: ${String(o.result)}${o.reason ? ` (${String(o.reason)})` : ''}`;
    const end = typeof o.completedAt === 'number' ? o.completedAt : o.requestedAt;
    out.push({
      name,
      cat: 'move',
      ph: 'X',
      ts: o.requestedAt,
      dur: Math.max(1, end - o.requestedAt),
      pid,
      tid,
      args: o,
    });
  });
}

/** Bridge load (basis points) as a counter on each bridge's track, from the trace's meta. */
function pushLoad(out: ChromeTraceEvent[], tracks: Tracks, meta: TraceFile['meta']): void {
  const series = (meta as { loadSeries?: Record<string, [number, number][]> } | undefined)
    ?.loadSeries;
  if (series === undefined || typeof series !== 'object') return;
  for (const [id, points] of Object.entries(series)) {
    if (!Array.isArray(points)) continue;
    const { pid, tid } = tracks.of(id);
    for (const [t, bp] of points)
      out.push({
        name: `load ${id}`,
        cat: 'load',
        ph: 'C',
        ts: t,
        pid,
        tid,
        args: { basisPoints: bp },
      });
  }
}

/** The export as JSON text: one trace event a line, so large traces stay diffable. */
export function perfettoJsonText(trace: TraceFile): string {
  const t = traceToPerfetto(trace);
  const events = t.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"displayTimeUnit":"ms","metadata":${JSON.stringify(t.metadata)},"traceEvents":[\n${events}\n]}\n`;
}
