/**
 * Reconstruction: the correlated moves and joins as a movesim trace (`trace.json`,
 * `meta.source: "cms-logs"`), so `view`, `export` and the viewer's compare mode read real logs
 * as they read a run. Each step a move's lines show becomes one message (or, for a local step,
 * one local event) between the nodes that play its roles, at the time of its first line; each
 * line becomes a log event. Times are microseconds from the first line read.
 */
import { type Role, type StepNumber, STEPS } from '../cms/protocol.js';
import type { TraceEvent, TraceFile, TraceNode } from '../engine/index.js';
import { evidenceText, explainMove, type LogOutcome } from './explain.js';
import type { Correlation, Evidence, MoveRecord } from './records.js';

/** The id of the node that stands for Meeting Management. */
const CMM = 'CMM';

/** The id of the web bridge when no line names it. */
const WEB_BRIDGE = 'web bridge';

/** The trace's `result` for each outcome class. */
const RESULT: Record<LogOutcome, string> = {
  moved: 'moved',
  'nothing-happened': 'rejected',
  dropped: 'dropped',
  'wrong-meeting': 'wrong-meeting',
  unknown: 'unknown',
};

/** The browser node of a move: its participant's old guest id, or one per move. */
const browserOf = (m: MoveRecord): string => m.oldGuest ?? `browser of ${m.id}`;

/** The node that plays `role` in `m`. */
function nodeOf(m: MoveRecord, role: Role): string {
  switch (role) {
    case 'CMM':
      return CMM;
    case 'API bridge':
      return m.apiNode ?? 'API bridge';
    case 'home bridge':
      return m.home ?? m.apiNode ?? 'home bridge';
    case 'chosen bridge':
      return m.chosen ?? m.apiNode ?? 'chosen bridge';
    case 'web bridge':
      return m.webNode ?? WEB_BRIDGE;
    case 'browser':
      return browserOf(m);
  }
}

/** Builds the trace events of one move; `at` converts a line's time to trace time. */
function moveEvents(m: MoveRecord, at: (e: Evidence) => number, out: TraceEvent[]): void {
  const firstOf = new Map<StepNumber, Evidence>();
  for (const e of m.evidence) {
    out.push({ type: 'log', seq: 0, t: at(e), node: e.entry.node, line: e.entry.message });
    if (e.step !== undefined && e.role !== 'cleanup' && !firstOf.has(e.step))
      firstOf.set(e.step, e);
  }
  for (const [step, e] of firstOf) {
    const row = STEPS[step - 1]!;
    const t = at(e);
    const data = { evidence: evidenceText(e) };
    const from = nodeOf(m, row.from);
    if (row.to.length === 0 || row.kinds.length === 0) {
      const kind = row.marks[0] ?? row.id;
      out.push({ type: 'local', seq: 0, t, node: from, kind, step, move: m.id, data });
      continue;
    }
    const to = nodeOf(m, row.to[0]!);
    const kind = e.role === 'failure' ? `${row.kinds[0]!}.fail` : row.kinds[0]!;
    const msg = { msg: 0, from, to, kind, step, move: m.id, data };
    out.push({ type: 'send', seq: 0, t, deliverAt: t, ...msg });
    out.push({ type: 'deliver', seq: 0, t, ...msg });
  }
}

/** The trace nodes: CMM, the servers (call bridges, web bridges) and one browser per move. */
function traceNodes(c: Correlation, events: readonly TraceEvent[]): TraceNode[] {
  const web = new Set(c.moves.map((m) => m.webNode).filter((n) => n !== undefined));
  const used = new Set<string>();
  for (const e of events) {
    if (e.type === 'send') used.add(e.from).add(e.to);
    else if (e.type === 'local' || e.type === 'log') used.add(e.node);
  }
  const browsers = new Set(c.moves.map(browserOf));
  const nodes: TraceNode[] = [];
  if (used.has(CMM)) nodes.push({ id: CMM, kind: 'cmm', label: 'CMM' });
  for (const id of [...used].sort()) {
    if (id === CMM || browsers.has(id)) continue;
    const isWeb = web.has(id) || id === WEB_BRIDGE;
    nodes.push({ id, kind: isWeb ? 'webbridge' : 'callbridge', label: id });
  }
  for (const id of [...browsers].sort())
    if (used.has(id)) nodes.push({ id, kind: 'browser', label: id });
  return nodes;
}

/** The trace of what the logs show; `name` names it (the scenario field). */
export function reconstruct(
  c: Correlation,
  name: string,
  meta: Record<string, unknown>,
): TraceFile {
  const all = [...c.moves.flatMap((m) => m.evidence), ...c.joins.flatMap((j) => j.evidence)];
  const t0 = all.reduce((min, e) => Math.min(min, e.entry.ms), Number.POSITIVE_INFINITY);
  const dated = all.some((e) => e.entry.dated);
  // Dated logs start at 0; movesim's own clock (no date) keeps its times.
  const base = dated && Number.isFinite(t0) ? t0 : 0;
  const at = (e: Evidence) => Math.max(0, e.entry.ms - base) * 1000;
  const events: TraceEvent[] = [];
  for (const m of c.moves) moveEvents(m, at, events);
  for (const j of c.joins)
    for (const e of j.evidence)
      events.push({ type: 'log', seq: 0, t: at(e), node: e.entry.node, line: e.entry.message });
  // Stable by time: a step's message after the log lines of its instant.
  events.sort((a, b) => a.t - b.t);
  let msg = 0;
  events.forEach((e, i) => {
    e.seq = i;
    if (e.type === 'send') e.msg = ++msg;
    else if (e.type === 'deliver') e.msg = msg;
  });
  const nodeSet = new Set(c.nodes);
  const outcomes = c.moves.map((m) => {
    const x = explainMove(m, nodeSet);
    const first = m.evidence[0];
    const last = m.evidence[m.evidence.length - 1];
    return {
      move: m.id,
      participant: browserOf(m),
      from: m.leftSpace ?? null,
      to: m.joinedSpace ?? m.callId ?? null,
      result: RESULT[x.outcome],
      reason: m.apiReason ?? null,
      requestedAt: first === undefined ? null : at(first),
      completedAt: last === undefined ? null : at(last),
      limboMs: null,
      api: m.apiStatus ?? null,
      failingStep: x.failingStep,
    };
  });
  return {
    format: 'movesim-trace',
    version: 1,
    seed: 0,
    scenario: name,
    units: 'us',
    nodes: traceNodes(c, events),
    events,
    outcomes,
    violations: [],
    meta: {
      source: 'cms-logs',
      ...(dated && Number.isFinite(t0) ? { startedAt: new Date(t0).toISOString() } : {}),
      ...meta,
    },
  };
}
