/**
 * Reconstruction: the correlated moves and joins as a movesim trace (`trace.json`,
 * `meta.source: "cms-logs"`), so `view`, `export` and the viewer's compare mode read real logs
 * as they read a run. Each step a move's lines show becomes one message (or, for a local step,
 * one local event) between the nodes that play its roles, at the time of its first line; each
 * line becomes a log event. Times are microseconds from the first line read (dated logs), or
 * the logs' own clock (movesim's undated `cms.log`).
 *
 * The builder takes records as the correlator finishes them and writes their events in time
 * order as soon as no record in flight can still come before them, so a long log's trace
 * streams to its file.
 */
import { type Role, type StepNumber, STEPS } from '../cms/protocol.js';
import type { TraceEvent, TraceFile, TraceNode } from '../engine/index.js';
import { eventJson } from '../report/event-json.js';
import { evidenceText, explainMove, type LogOutcome } from './explain.js';
import type { Correlation, Evidence, JoinRecord, MoveRecord } from './records.js';

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

/** The trace events of one move; `at` converts a line's time to trace time. */
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

/** Builds a trace from records handed over as they are done. */
export class TraceBuilder {
  private base: number | undefined;
  private dated = false;
  private pending: TraceEvent[] = [];
  private seq = 0;
  private msg = 0;
  private readonly used = new Set<string>();
  private readonly web = new Set<string>();
  private readonly browsers = new Set<string>();
  private readonly outcomes: unknown[] = [];

  /**
   * `name` names the trace (its scenario field); `meta` is added to its `meta`; the first line
   * of a dated log is put at `offsetMs` (default 0), e.g. to line a real move up with a
   * scenario's move in the viewer's compare mode.
   */
  constructor(
    private readonly name: string,
    private readonly meta: Record<string, unknown>,
    private readonly offsetMs = 0,
  ) {}

  /** The time of the first line read: dated logs count from it. */
  start(ms: number, dated: boolean): void {
    if (this.base !== undefined) return;
    this.dated = dated;
    this.base = dated ? ms - this.offsetMs : 0;
  }

  private at = (e: Evidence): number => Math.max(0, e.entry.ms - (this.base ?? 0)) * 1000;

  /** Takes one finished record; `nodes` are the servers whose lines were read. */
  add(r: MoveRecord | JoinRecord, nodes: ReadonlySet<string>): void {
    if (this.base === undefined && r.evidence[0] !== undefined)
      this.start(r.evidence[0].entry.ms, r.evidence[0].entry.dated);
    if (r.kind === 'join') {
      for (const e of r.evidence) {
        this.pending.push({
          type: 'log',
          seq: 0,
          t: this.at(e),
          node: e.entry.node,
          line: e.entry.message,
        });
        this.used.add(e.entry.node);
      }
      return;
    }
    const events: TraceEvent[] = [];
    moveEvents(r, this.at, events);
    for (const e of events) {
      if (e.type === 'send') this.used.add(e.from).add(e.to);
      else if (e.type === 'local' || e.type === 'log') this.used.add(e.node);
      this.pending.push(e);
    }
    if (r.webNode !== undefined) this.web.add(r.webNode);
    this.browsers.add(browserOf(r));
    this.outcomes.push(this.outcomeOf(r, nodes));
  }

  private outcomeOf(m: MoveRecord, nodes: ReadonlySet<string>): unknown {
    const x = explainMove(m, nodes);
    const first = m.evidence[0];
    const last = m.evidence[m.evidence.length - 1];
    return {
      move: m.id,
      participant: browserOf(m),
      from: m.leftSpace ?? null,
      to: m.joinedSpace ?? m.callId ?? null,
      result: RESULT[x.outcome],
      reason: m.apiReason ?? null,
      requestedAt: first === undefined ? null : this.at(first),
      completedAt: last === undefined ? null : this.at(last),
      limboMs: null,
      api: m.apiStatus ?? null,
      failingStep: x.failingStep,
    };
  }

  /**
   * Writes (as `trace.json` event text) the events before `beforeMs` (a log time no record
   * still in flight reaches back to), in time order; all of them when `beforeMs` is infinite.
   */
  flush(beforeMs: number, write: (text: string) => void): void {
    if (this.pending.length === 0) return;
    const cut = Number.isFinite(beforeMs) ? (beforeMs - (this.base ?? 0)) * 1000 : Infinity;
    // Stable by time: a step's message after the log lines of its instant.
    this.pending.sort((a, b) => a.t - b.t);
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.t < cut) n++;
    for (const e of this.pending.slice(0, n)) {
      e.seq = this.seq++;
      if (e.type === 'send') e.msg = ++this.msg;
      else if (e.type === 'deliver') e.msg = this.msg;
      write(eventJson(e));
    }
    this.pending = this.pending.slice(n);
  }

  /** The trace's fields but its events, once every record is in. */
  header(): Omit<TraceFile, 'events'> {
    return {
      format: 'movesim-trace',
      version: 1,
      seed: 0,
      scenario: this.name,
      units: 'us',
      nodes: this.nodes(),
      outcomes: this.outcomes,
      violations: [],
      meta: {
        source: 'cms-logs',
        ...(this.dated && this.base !== undefined
          ? { startedAt: new Date(this.base + this.offsetMs).toISOString() }
          : {}),
        ...this.meta,
      },
    };
  }

  /** CMM, the servers (call bridges, web bridges) and one browser per move. */
  private nodes(): TraceNode[] {
    const nodes: TraceNode[] = [];
    if (this.used.has(CMM)) nodes.push({ id: CMM, kind: 'cmm', label: 'CMM' });
    for (const id of [...this.used].sort()) {
      if (id === CMM || this.browsers.has(id)) continue;
      const isWeb = this.web.has(id) || id === WEB_BRIDGE;
      nodes.push({ id, kind: isWeb ? 'webbridge' : 'callbridge', label: id });
    }
    for (const id of [...this.browsers].sort())
      if (this.used.has(id)) nodes.push({ id, kind: 'browser', label: id });
    return nodes;
  }
}

/** The trace of what the logs show, in memory; `name` names it (the scenario field). */
export function reconstruct(
  c: Correlation,
  name: string,
  meta: Record<string, unknown>,
): TraceFile {
  const b = new TraceBuilder(name, meta);
  const all = [...c.moves, ...c.joins];
  const first = all
    .flatMap((r) => r.evidence.slice(0, 1))
    .reduce<Evidence | undefined>(
      (x, e) => (x === undefined || e.entry.ms < x.entry.ms ? e : x),
      undefined,
    );
  if (first !== undefined) b.start(first.entry.ms, first.entry.dated);
  const nodes = new Set(c.nodes);
  for (const r of all) b.add(r, nodes);
  const events: TraceEvent[] = [];
  b.flush(Number.POSITIVE_INFINITY, (text) => events.push(JSON.parse(text) as TraceEvent));
  return { ...b.header(), events };
}
