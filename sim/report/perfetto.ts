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
import type { TraceFile } from '../engine/index.js';
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

const stepName = (step: number | undefined, kind: string) => (step === undefined ? kind : `${step} ${kind}`);

/** The step's number and its name as the tech note says it (the step table), for an event's args. */
function stepArgs(args: Record<string, unknown>, step: number | undefined): void {
  if (step === undefined) return;
  args.step = step;
  const row = stepRow(step);
  if (row !== undefined) args.stepName = row.name;
}

/** The trace-event form of a trace. */
export function traceToPerfetto(trace: TraceFile): ChromeTrace {
  const out: ChromeTraceEvent[] = [];
  const pids = new Map<string, number>();
  const tracks = new Map<string, { pid: number; tid: number }>();
  let nextTid = 1;
  const addNode = (id: string, kind: string, label: string) => {
    if (tracks.has(id)) return;
    let pid = pids.get(kind);
    if (pid === undefined) {
      pid = pids.size + 1;
      pids.set(kind, pid);
      out.push({ name: 'process_name', ph: 'M', pid, args: { name: KIND_NAMES[kind] ?? kind } });
      out.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: pid } });
    }
    const tid = nextTid++;
    tracks.set(id, { pid, tid });
    out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: label === id ? id : `${label} (${id})` } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  };
  for (const n of trace.nodes) addNode(n.id, n.kind, n.label);
  const track = (id: string) => {
    addNode(id, 'node', id);
    return tracks.get(id)!;
  };

  const ends = copyEnds(trace.events);
  const flowOf = new Map<object, number>();
  let nextFlow = 1;
  for (const e of trace.events) {
    if (e.type !== 'send') continue;
    const end = ends.get(e);
    if (end?.kind === 'delivered') {
      flowOf.set(e, nextFlow);
      flowOf.set(end.event, nextFlow);
      nextFlow++;
    }
  }

  for (const e of trace.events) {
    switch (e.type) {
      case 'send': {
        const flow = flowOf.get(e);
        const args: Record<string, unknown> = { msg: e.msg, to: e.to, deliverAt: e.deliverAt };
        stepArgs(args, e.step);
        if (e.move !== undefined) args.move = e.move;
        if (e.duplicate) args.duplicate = true;
        if (e.data !== undefined) args.data = e.data;
        const flowOut = flow === undefined ? {} : { bind_id: flow, flow_out: true };
        out.push({ name: `→ ${stepName(e.step, e.kind)}`, cat: 'send', ph: 'X', ts: e.t, dur: 1, ...track(e.from), args, ...flowOut });
        break;
      }
      case 'deliver': {
        const flow = flowOf.get(e);
        const args: Record<string, unknown> = { msg: e.msg, from: e.from };
        stepArgs(args, e.step);
        if (e.move !== undefined) args.move = e.move;
        if (e.duplicate) args.duplicate = true;
        const flowIn = flow === undefined ? {} : { bind_id: flow, flow_in: true };
        out.push({ name: stepName(e.step, e.kind), cat: 'deliver', ph: 'X', ts: e.t, dur: 1, ...track(e.to), args, ...flowIn });
        break;
      }
      case 'drop':
        out.push({
          name: `DROPPED ${stepName(e.step, e.kind)} (${e.reason})`,
          cat: 'drop',
          ph: 'i',
          s: 't',
          ts: e.t,
          ...track(e.to),
          args: { msg: e.msg, from: e.from, reason: e.reason },
        });
        break;
      case 'local':
        const args = { ...(e.move === undefined ? {} : { move: e.move }), ...(e.data === undefined ? {} : { data: e.data }) };
        out.push({ name: stepName(e.step, e.kind), cat: 'local', ph: 'i', s: 't', ts: e.t, ...track(e.node), args });
        break;
      case 'log':
        out.push({ name: e.line, cat: 'log', ph: 'i', s: 't', ts: e.t, ...track(e.node) });
        break;
      case 'violation':
        out.push({ name: `VIOLATION ${e.invariant}`, cat: 'violation', ph: 'i', s: 'g', ts: e.t, pid: 0, args: { detail: e.detail } });
        break;
      case 'state':
        break;
    }
  }

  const moves = trace.outcomes.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null);
  if (moves.length > 0) {
    const pid = pids.size + 1;
    out.push({ name: 'process_name', ph: 'M', pid, args: { name: 'Moves' } });
    out.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: 0 } });
    moves.forEach((o) => {
      const tid = nextTid++;
      out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `move ${String(o.move)}` } });
      if (typeof o.requestedAt !== 'number') return;
      const name = `${String(o.move)} ${String(o.participant)} → ${String(o.to)}: ${String(o.result)}${o.reason ? ` (${String(o.reason)})` : ''}`;
      const end = typeof o.completedAt === 'number' ? o.completedAt : o.requestedAt;
      out.push({ name, cat: 'move', ph: 'X', ts: o.requestedAt, dur: Math.max(1, end - o.requestedAt), pid, tid, args: o });
    });
  }

  const series = (trace.meta as { loadSeries?: Record<string, [number, number][]> } | undefined)?.loadSeries;
  if (series !== undefined && typeof series === 'object') {
    for (const [id, points] of Object.entries(series)) {
      if (!Array.isArray(points)) continue;
      const { pid, tid } = track(id);
      for (const [t, bp] of points) out.push({ name: `load ${id}`, cat: 'load', ph: 'C', ts: t, pid, tid, args: { basisPoints: bp } });
    }
  }
  return { traceEvents: out, displayTimeUnit: 'ms', metadata: { source: 'movesim', scenario: trace.scenario, seed: trace.seed } };
}

/** The export as JSON text: one trace event a line, so large traces stay diffable. */
export function perfettoJsonText(trace: TraceFile): string {
  const t = traceToPerfetto(trace);
  const events = t.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"displayTimeUnit":"ms","metadata":${JSON.stringify(t.metadata)},"traceEvents":[\n${events}\n]}\n`;
}
