/**
 * The viewer's model of one run: messages paired from their send and deliver/drop events,
 * local marks, violations, outcomes, state patches and load series, all indexed for drawing.
 *
 * Built once per loaded trace from a parsed `TraceFile`; pure data, no DOM, no drawing, no
 * filtering (filter.ts) and no positions (layout.ts). Every string here came from the trace and
 * must be rendered as text only.
 */
import type { PatchOp, TraceEvent, TraceFile, TraceNode } from '../../sim/engine/trace.js';
import { keepReader, LazyLogLine, LazyMark, LazyMessage, type LazyReader } from './lazy-items.js';
import { keepResolver, ParticipantResolver } from './participants.js';

/** How a message ended. */
export type MessageStatus = 'delivered' | 'dropped' | 'pending';

/** One message: its send, and its deliver or drop when the trace has them. */
export interface Message {
  /** Position in `Model.messages` (which is in send order). */
  index: number;
  msg: number;
  from: string;
  to: string;
  kind: string;
  step: number | undefined;
  move: string | undefined;
  data: unknown;
  duplicate: boolean;
  tSend: number;
  /** When it was delivered or dropped; `deliverAt` while still pending at the end of the run. */
  tEnd: number;
  deliverAt: number;
  sendSeq: number;
  /** Seq of the deliver or drop event, or -1. */
  endSeq: number;
  status: MessageStatus;
  reason: string | undefined;
  participant: string | undefined;
  /** Index of the message whose delivery made the sender send this one, or -1. */
  cause: number;
}

/** A local mark: something that happened inside one node (step 4 or 10, a JWT, a crash). */
export interface Mark {
  index: number;
  seq: number;
  t: number;
  node: string;
  kind: string;
  step: number | undefined;
  move: string | undefined;
  data: unknown;
  participant: string | undefined;
}

/** A broken invariant, from a violation event or from the file's `violations` list. */
export interface Violation {
  index: number;
  seq: number;
  t: number;
  invariant: string;
  detail: string;
}

/** A move's outcome, as the trace's `outcomes` list gives it. */
export interface Outcome {
  move: string;
  participant: string;
  from: string;
  to: string;
  result: string;
  reason: string | undefined;
  requestedAt: number;
  /** When the move completed, if it did. */
  completedAt: number | undefined;
  /** How long the browser was between calls, if the move got that far. */
  limboMs: number | undefined;
}

/** One row of the run's timeline: an event the viewer can step to and draw. */
export interface Item {
  seq: number;
  t: number;
  type: 'send' | 'deliver' | 'drop' | 'local' | 'violation';
  /** Index into messages, marks or violations, by type. */
  ref: number;
}

/** A log line of one node. */
export interface LogLine {
  seq: number;
  t: number;
  node: string;
  line: string;
}

export interface Model {
  scenario: string;
  seed: string;
  /** The `--set` overrides the run was made with (`path=value`), from the trace's meta. */
  sets: string[];
  /** Nodes in lifeline order: cmm, call bridges, web bridges, browsers, others. */
  nodes: TraceNode[];
  nodeById: Map<string, TraceNode>;
  messages: Message[];
  marks: Mark[];
  violations: Violation[];
  outcomes: Outcome[];
  /** Sends, delivers, drops, marks and violations in seq order. */
  items: Item[];
  logs: LogLine[];
  statePatches: Map<string, { seq: number; patches: PatchOp[] }[]>;
  /** Seqs of the deliver events into each node, ascending. */
  deliverSeqs: Map<string, number[]>;
  initialStates: Record<string, unknown> | undefined;
  loadSeries: Map<string, [number, number][]>;
  thresholds: { newLimit: number; existingLimit: number } | undefined;
  t0: number;
  t1: number;
  moves: string[];
  participants: string[];
  kinds: string[];
  /** Participant of each browser node, where one can be told. */
  browserParticipant: Map<string, string>;
  warnings: string[];
  /** The trace's `meta` as read (the what-ifs read `rerun` and `replay` from it). */
  meta: Record<string, unknown> | undefined;
}

const KIND_ORDER: Record<string, number> = { cmm: 0, callbridge: 1, webbridge: 2, browser: 3 };

/** Orders nodes for lifelines: cmm, call bridges, web bridges, browsers, then any other kind. */
export function orderNodes(nodes: readonly TraceNode[]): TraceNode[] {
  return nodes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => (KIND_ORDER[a.n.kind] ?? 4) - (KIND_ORDER[b.n.kind] ?? 4) || a.i - b.i)
    .map((x) => x.n);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function num(v: unknown, fallback = 0): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function stepOf(v: unknown): number | undefined {
  const n = Number(v);
  return v !== undefined && v !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Tells which participant a browser node belongs to: by id, prefix/suffix or label. */
export function matchBrowserParticipant(
  node: TraceNode,
  participants: readonly string[],
): string | undefined {
  return participantMatcher(participants)(node);
}

/** What separates a participant's name from the rest of a browser's id. */
const SEPARATOR = /[-:_./@]/;

/**
 * matchBrowserParticipant for many browsers at once: the participants are indexed, so each
 * browser costs its id's length, not the number of participants. Where several match, the
 * earliest in `participants` wins: an id or label equal to one, else one that is the id's prefix
 * or suffix up to a separator.
 */
function participantMatcher(
  participants: readonly string[],
): (node: TraceNode) => string | undefined {
  const rank = new Map<string, number>();
  participants.forEach((p, i) => {
    if (!rank.has(p)) rank.set(p, i);
  });
  return (node) => {
    let best = Infinity;
    const consider = (p: string): void => {
      const r = rank.get(p);
      if (r !== undefined && r < best) best = r;
    };
    consider(node.id);
    consider(node.label);
    if (best === Infinity) {
      const id = node.id;
      for (let j = 0; j < id.length; j++) {
        if (!SEPARATOR.test(id.charAt(j))) continue;
        consider(id.slice(j + 1));
        consider(id.slice(0, j));
      }
    }
    return best === Infinity ? undefined : participants[best];
  };
}

function asOutcome(v: unknown): Outcome | null {
  if (!isObject(v)) return null;
  const move = str(v.move);
  if (move === undefined) return null;
  return {
    move,
    participant: str(v.participant) ?? '',
    from: str(v.from) ?? '',
    to: str(v.to) ?? '',
    result: str(v.result) ?? 'unknown',
    reason: str(v.reason),
    requestedAt: num(v.requestedAt),
    completedAt: optNum(v.completedAt),
    limboMs: optNum(v.limboMs),
  };
}

/** The `--set` overrides a run was made with, from `meta.rerunArgs.set` (none when absent). */
function setsOf(meta: Record<string, unknown> | undefined): string[] {
  const args = meta?.rerunArgs;
  const set = isObject(args) ? args.set : undefined;
  return Array.isArray(set) ? set.map(String) : [];
}

function asLoadSeries(meta: Record<string, unknown> | undefined): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  const ls = meta?.loadSeries;
  if (!isObject(ls)) return out;
  for (const [bridge, series] of Object.entries(ls)) {
    if (!Array.isArray(series)) continue;
    const pts: [number, number][] = [];
    for (const p of series) {
      if (Array.isArray(p) && p.length >= 2) pts.push([num(p[0]), num(p[1])]);
    }
    pts.sort((a, b) => a[0] - b[0]);
    out.set(bridge, pts);
  }
  return out;
}

/** A trace event as read: its typed fields and whatever else the trace put on it. */
type RawEvent = TraceEvent & Record<string, unknown>;

/** Everything reading the events gathers, in the order the events came. */
interface Reading {
  /** The participant of each move, as the outcomes give it. */
  moveParticipant: Map<string, string>;
  nodeById: Map<string, TraceNode>;
  messages: Message[];
  marks: Mark[];
  violations: Violation[];
  items: Item[];
  logs: LogLine[];
  /** A lazy source's log events, kept as references until `logs` is first asked for. */
  lazyLogs: LazyLogs;
  statePatches: Map<string, { seq: number; patches: PatchOp[] }[]>;
  deliverSeqs: Map<string, number[]>;
  /**
   * Messages sent and not yet ended, by msg id and duplicate flag: an index, or several oldest
   * first.
   */
  open: Map<number, number | number[]>;
  /** The last message delivered to each node, with its time, for causality. */
  lastDelivered: Map<string, { index: number; t: number }>;
  /** Reads data values and log lines the events only refer to (dataRef, lineRef), if any do. */
  lazy: LazyReader | undefined;
  /** Works out the participants of a lazy source's messages and marks, when first asked. */
  resolve: ParticipantResolver;
  /** The earliest time seen so far (Infinity before any event). */
  t0: number;
  /** The latest time seen so far, deliveries due included (-Infinity before any event). */
  t1: number;
}

/**
 * A trace to build a model from: a parsed TraceFile, or one whose events are visited one at a
 * time (a decoded compact trace, compact-source.ts), so no object is made for each event. A
 * visited event may be one object reused: what the model keeps of it is copied. With `lazy`,
 * visited events carry `dataRef` (an index for lazy.data, -1 for none) instead of their data
 * and patches and `lineRef` (for lazy.text, 0 for none) instead of a log's line, and the model
 * reads those when they are first asked for (lazy-items.ts).
 */
export type ModelSource =
  | TraceFile
  | (Omit<TraceFile, 'events'> & {
      eachEvent: (visit: (e: TraceEvent) => void) => void;
      lazy?: LazyReader;
      /** The run's time span when the events visited are only some of them (first-view.ts). */
      span?: [number, number];
    });

/** Builds the model of a parsed trace. */
export function buildModel(trace: ModelSource, warnings: string[] = []): Model {
  const meta = isObject(trace.meta) ? trace.meta : undefined;
  const outcomes = trace.outcomes.map(asOutcome).filter((o): o is Outcome => o !== null);
  const r = readEvents(trace, outcomes);
  addListedViolations(r.violations, trace.violations);
  const span = 'span' in trace ? trace.span : undefined;
  const [lo, hi] = span ?? [r.t0, r.t1];
  const t0 = Number.isFinite(lo) ? lo : 0;
  const t1 = !Number.isFinite(hi) || hi < t0 ? t0 : hi;

  const nodes = orderNodes([...r.nodeById.values()]);
  const { browserParticipant, participants } = assignParticipants(nodes, outcomes);
  // A lazy source's participants are worked out in idle time after the first frame (their data
  // is read for that), or for one item when it is asked for first; the first frame needs none.
  r.resolve.start(r.messages, r.marks, browserParticipant, r.lazy !== undefined);
  if (r.lazy === undefined) r.resolve.settle();

  const model: Model = {
    scenario: trace.scenario,
    seed: String(trace.seed),
    sets: setsOf(meta),
    nodes,
    nodeById: r.nodeById,
    messages: r.messages,
    marks: r.marks,
    violations: r.violations,
    outcomes,
    items: r.items,
    logs: r.logs,
    statePatches: r.statePatches,
    deliverSeqs: r.deliverSeqs,
    initialStates: isObject(meta?.initialStates)
      ? (meta?.initialStates as Record<string, unknown>)
      : undefined,
    loadSeries: asLoadSeries(meta),
    thresholds: asThresholds(meta),
    t0,
    t1,
    moves: movesOf(outcomes, r.messages, r.marks),
    participants,
    kinds: kindsOf(r.messages, r.marks),
    browserParticipant,
    warnings,
    meta,
  };
  if (r.lazy !== undefined) {
    lazyLogLines(model, r.lazyLogs, r.lazy);
    keepReader(model, r.lazy);
  }
  keepResolver(model, r.resolve);
  return model;
}

/** A lazy source's log events: seq, time, node and text reference of each, in order. */
interface LazyLogs {
  seq: number[];
  t: number[];
  node: string[];
  ref: number[];
}

/**
 * Makes the model's `logs` the lazy source's log lines, made the first time `logs` is read
 * (the first frame shows none); each line's text is read when first asked for.
 */
function lazyLogLines(model: Model, logs: LazyLogs, lazy: LazyReader): void {
  let made: LogLine[] | undefined;
  Object.defineProperty(model, 'logs', {
    enumerable: true,
    configurable: true,
    get: (): LogLine[] =>
      (made ??= logs.seq.map(
        (seq, i) => new LazyLogLine(seq, logs.t[i]!, logs.node[i]!, logs.ref[i]!, lazy),
      )),
  });
}

/** Reads the events in file order into messages, marks, violations, logs and state patches. */
function readEvents(trace: ModelSource, outcomes: readonly Outcome[]): Reading {
  const r: Reading = {
    moveParticipant: new Map(),
    nodeById: new Map(),
    messages: [],
    marks: [],
    violations: [],
    items: [],
    logs: [],
    lazyLogs: { seq: [], t: [], node: [], ref: [] },
    statePatches: new Map(),
    deliverSeqs: new Map(),
    open: new Map(),
    lastDelivered: new Map(),
    lazy: 'eachEvent' in trace ? trace.lazy : undefined,
    resolve: new ParticipantResolver(),
    t0: Infinity,
    t1: -Infinity,
  };
  for (const o of outcomes) if (o.participant) r.moveParticipant.set(o.move, o.participant);
  // Nodes: the declared ones here; ensureNode adds any an event names that the header forgot.
  for (const n of trace.nodes) if (!r.nodeById.has(n.id)) r.nodeById.set(n.id, n);
  if ('eachEvent' in trace) trace.eachEvent((e) => readEvent(r, e as RawEvent));
  else for (const raw of trace.events) readEvent(r, raw as RawEvent);
  return r;
}

/** Reads one event: widens the run's time span and files the event by its type. */
function readEvent(r: Reading, e: RawEvent): void {
  const seq = num(e.seq);
  const t = num(e.t);
  if (t < r.t0) r.t0 = t;
  if (t > r.t1) r.t1 = t;
  switch (e.type) {
    case 'send':
      readSend(r, e, seq, t);
      break;
    case 'deliver':
    case 'drop':
      readEnd(r, e, e.type, seq, t);
      break;
    case 'local':
      readLocal(r, e, seq, t);
      break;
    case 'violation':
      readViolation(r, e, seq, t);
      break;
    case 'log':
      if (r.lazy !== undefined) {
        const l = r.lazyLogs;
        l.seq.push(seq);
        l.t.push(t);
        l.node.push(str(e.node) ?? '?');
        l.ref.push(num(e.lineRef));
      } else r.logs.push({ seq, t, node: str(e.node) ?? '?', line: str(e.line) ?? '' });
      break;
    case 'state':
      readState(r, e, seq);
      break;
    default:
      break;
  }
}

/** Adds a node an event names but the header does not declare. */
function ensureNode(r: Reading, id: string): void {
  if (!r.nodeById.has(id)) r.nodeById.set(id, { id, kind: 'node', label: id });
}

/** The participant a move belongs to, or undefined. */
function participantOfMove(r: Reading, move: string | undefined): string | undefined {
  return move !== undefined ? r.moveParticipant.get(move) : undefined;
}

/** The key of a message in `Reading.open`: its msg id and duplicate flag. */
function keyOf(msg: number, dup: boolean): number {
  return msg * 2 + (dup ? 1 : 0);
}

/** Takes the oldest open message with this key out of `open`: its index, or -1. */
function takeOpen(open: Reading['open'], key: number): number {
  const q = open.get(key);
  if (q === undefined) return -1;
  if (typeof q === 'number') {
    open.delete(key);
    return q;
  }
  const i = q.shift() as number;
  if (q.length === 0) open.delete(key);
  return i;
}

/** The facts of a message's start that depend on how it was found (sent, or made up). */
export interface MessageStart {
  msg: number;
  duplicate: boolean;
  tSend: number;
  deliverAt: number;
  sendSeq: number;
  cause: number;
}

/** Appends a pending message from the fields of a send (or of an end that lacks its send). */
function newMessage(r: Reading, e: RawEvent, at: MessageStart): Message {
  const from = str(e.from) ?? '?';
  const to = str(e.to) ?? '?';
  ensureNode(r, from);
  ensureNode(r, to);
  const move = str(e.move);
  const kind = str(e.kind) ?? '?';
  const step = stepOf(e.step);
  const participant = participantOfMove(r, move);
  const index = r.messages.length;
  const m: Message =
    r.lazy !== undefined
      ? new LazyMessage(
          index,
          at,
          from,
          to,
          kind,
          step,
          move,
          num(e.dataRef, -1),
          r.lazy,
          participant,
          r.resolve,
        )
      : {
          index,
          msg: at.msg,
          from,
          to,
          kind,
          step,
          move,
          data: e.data,
          duplicate: at.duplicate,
          tSend: at.tSend,
          tEnd: at.deliverAt,
          deliverAt: at.deliverAt,
          sendSeq: at.sendSeq,
          endSeq: -1,
          status: 'pending',
          reason: undefined,
          participant,
          cause: at.cause,
        };
  r.messages.push(m);
  return m;
}

/** A send: a new pending message, open until its deliver or drop. */
function readSend(r: Reading, e: RawEvent, seq: number, t: number): void {
  const deliverAt = num(e.deliverAt, t);
  if (deliverAt > r.t1) r.t1 = deliverAt;
  const last = r.lastDelivered.get(str(e.from) ?? '?');
  const cause = last !== undefined && last.t === t ? last.index : -1;
  const m = newMessage(r, e, {
    msg: num(e.msg, -1),
    duplicate: e.duplicate === true,
    tSend: t,
    deliverAt,
    sendSeq: seq,
    cause,
  });
  const k = keyOf(m.msg, m.duplicate);
  const q = r.open.get(k);
  if (q === undefined) r.open.set(k, m.index);
  else if (typeof q === 'number') r.open.set(k, [q, m.index]);
  else q.push(m.index);
  r.items.push({ seq, t, type: 'send', ref: m.index });
}

/** A deliver or drop: ends the oldest open message it matches, or one made up for it. */
function readEnd(r: Reading, e: RawEvent, type: 'deliver' | 'drop', seq: number, t: number): void {
  const msgId = num(e.msg, -1);
  const dup = e.duplicate === true;
  let index = takeOpen(r.open, keyOf(msgId, dup));
  // A drop of a duplicate may not repeat the flag; fall back to the other copy.
  if (index < 0 && type === 'drop') index = takeOpen(r.open, keyOf(msgId, !dup));
  // An end without a send (a trace cut short at the front): make the message up.
  if (index < 0) {
    const start = { msg: msgId, duplicate: dup, tSend: t, deliverAt: t, sendSeq: seq, cause: -1 };
    index = newMessage(r, e, start).index;
  }
  const m = r.messages[index] as Message;
  m.endSeq = seq;
  m.tEnd = t;
  if (type === 'drop') {
    m.status = 'dropped';
    m.reason = str(e.reason) ?? 'unknown';
  } else {
    m.status = 'delivered';
    // One record per node, updated in place (a large run delivers hundreds of thousands).
    const last = r.lastDelivered.get(m.to);
    if (last !== undefined) {
      last.index = index;
      last.t = t;
    } else r.lastDelivered.set(m.to, { index, t });
    const ds = r.deliverSeqs.get(m.to);
    if (ds) ds.push(seq);
    else r.deliverSeqs.set(m.to, [seq]);
  }
  r.items.push({ seq, t, type, ref: index });
}

/** A local mark inside one node. */
function readLocal(r: Reading, e: RawEvent, seq: number, t: number): void {
  const node = str(e.node) ?? '?';
  ensureNode(r, node);
  const move = str(e.move);
  const fields = {
    index: r.marks.length,
    seq,
    t,
    node,
    kind: str(e.kind) ?? '?',
    step: stepOf(e.step),
    move,
  };
  const participant = participantOfMove(r, move);
  const mark: Mark =
    r.lazy !== undefined
      ? new LazyMark(fields, num(e.dataRef, -1), r.lazy, participant, r.resolve)
      : { ...fields, data: e.data, participant };
  r.marks.push(mark);
  r.items.push({ seq, t, type: 'local', ref: mark.index });
}

/** A violation event. */
function readViolation(r: Reading, e: RawEvent, seq: number, t: number): void {
  const v: Violation = {
    index: r.violations.length,
    seq,
    t,
    invariant: str(e.invariant) ?? 'unknown',
    detail: str(e.detail) ?? '',
  };
  r.violations.push(v);
  r.items.push({ seq, t, type: 'violation', ref: v.index });
}

/** A state event: its patches, kept per node in seq order. */
function readState(r: Reading, e: RawEvent, seq: number): void {
  const node = str(e.node) ?? '?';
  // A lazy source's patches are read now: the state strips need them (runs with state only).
  const raw =
    r.lazy !== undefined && num(e.dataRef, -1) >= 0 ? r.lazy.data(num(e.dataRef)) : e.patches;
  const patches = Array.isArray(raw) ? (raw as PatchOp[]) : [];
  const list = r.statePatches.get(node);
  if (list) list.push({ seq, patches });
  else r.statePatches.set(node, [{ seq, patches }]);
}

/** Violations the file lists but no event carries: placed on the timeline by time, with no seq. */
function addListedViolations(violations: Violation[], listed: TraceFile['violations']): void {
  const seen = new Set(violations.map((v) => `${v.invariant}@${v.t}`));
  for (const v of listed) {
    if (seen.has(`${v.invariant}@${v.t}`)) continue;
    violations.push({
      index: violations.length,
      seq: -1,
      t: v.t,
      invariant: v.invariant,
      detail: v.detail,
    });
  }
}

/**
 * Each browser is one participant's: the outcome's participant it matches, or itself. Returns
 * that map and every participant, sorted.
 */
function assignParticipants(
  nodes: readonly TraceNode[],
  outcomes: readonly Outcome[],
): { browserParticipant: Map<string, string>; participants: string[] } {
  const outcomeParticipants = [
    ...new Set(outcomes.map((o) => o.participant).filter((p) => p !== '')),
  ];
  const browserParticipant = new Map<string, string>();
  const match = participantMatcher(outcomeParticipants);
  for (const n of nodes) {
    if (n.kind !== 'browser') continue;
    browserParticipant.set(n.id, match(n) ?? n.id);
  }
  const participants = [
    ...new Set([...outcomeParticipants, ...browserParticipant.values()]),
  ].sort();
  return { browserParticipant, participants };
}

/** Every kind of message or mark, sorted. */
function kindsOf(messages: readonly Message[], marks: readonly Mark[]): string[] {
  const kinds = new Set<string>();
  for (const m of messages) kinds.add(m.kind);
  for (const k of marks) kinds.add(k.kind);
  return [...kinds].sort();
}

/** Every move the outcomes, messages or marks name, sorted. */
function movesOf(
  outcomes: readonly Outcome[],
  messages: readonly Message[],
  marks: readonly Mark[],
): string[] {
  // One set, filled in loops: spreading three arrays of a large run's events costs more.
  const moves = new Set<string>();
  for (const o of outcomes) moves.add(o.move);
  for (const m of messages) if (m.move !== undefined) moves.add(m.move);
  for (const k of marks) if (k.move !== undefined) moves.add(k.move);
  return [...moves].sort();
}

/** The load limits the trace's meta gives, in basis points, with CMS's defaults for gaps. */
function asThresholds(meta: Record<string, unknown> | undefined): Model['thresholds'] {
  const raw = meta?.thresholds;
  return isObject(raw)
    ? {
        newLimit: num(raw.newConferenceLoadLimitBasisPoints, 5000),
        existingLimit: num(raw.existingConferenceLoadLimitBasisPoints, 8000),
      }
    : undefined;
}

/** Finds the timeline item with the given seq (binary search), or -1. */
export function itemIndexOfSeq(items: readonly Item[], seq: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (items[mid] as Item).seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
