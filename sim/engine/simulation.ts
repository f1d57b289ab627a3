/**
 * The simulation loop: pops the earliest event, hands it to its node's handler, applies the
 * handler's effects, records the trace and runs the checks.
 *
 * One ordering key, `(at, seq)`, decides everything (see `heap.ts`). A run stops when the
 * queue is empty (`quiescent`), at the end time (`end-time`) or after `maxEvents`
 * (`max-events`), always with that reason. This file knows nodes, messages and timers, never
 * what they mean: it imports nothing outside `sim/engine/`.
 *
 * Hot-path choices (measured with `node --cpu-prof`, see docs/performance.md): every queue
 * entry is one `Entry` class so the heap sees one object shape; each node caches its named
 * random streams, so a draw builds no string; immer runs only in `immer` mode and records
 * patches only at the `state` trace level; auto-freeze is off. None of this changes a result.
 */
import type { Checker, NodeView, RecordedViolation, StopReason, World } from './checks.js';
import {
  type FingerprintInput,
  type MessageFate,
  type NextEvent,
  WHAT_IF_DROP,
} from './control.js';
import type { Distribution } from './distributions.js';
import { EventQueue, type Queued, type QueueImage } from './heap.js';
import { type Link, Network, type NetworkOptions } from './network.js';
import type { Annotations, Context, Handler, Input, Message, NodeSpec } from './node.js';
import { type RandomStream, RandomStreams } from './random.js';
import { copyState, type Snapshot } from './snapshot.js';
import { type StateMode, stateModeFor } from './state-modes.js';
import { type Micros, msToUs } from './time.js';
import {
  type DeliverEvent,
  type DropEvent,
  type LocalEvent,
  type SendEvent,
  type TraceEvent,
  traceIncludes,
  type TraceLevel,
  type TraceSink,
} from './trace.js';

/** Options of a simulation. Every field is optional; faults default to off. */
export interface SimulationOptions {
  /** The one seed every random stream derives from. Default `1`. */
  seed?: string | number;
  /** Virtual end time in microseconds; events after it do not run. Default: no end time. */
  untilUs?: Micros;
  /** Stop after this many events. Default 10,000,000. */
  maxEvents?: number;
  /** What the trace records. Default `off`. */
  traceLevel?: TraceLevel;
  /** Where trace events go; needed unless the trace level is `off`. */
  trace?: TraceSink;
  /**
   * `immer` (default): handlers get an immer draft and a new state object is produced per
   * event. `mutable`: handlers get the live state (faster, no structural sharing); a test
   * shows both give the identical trace.
   *
   * At the `state` trace level, `immer` records each event's patches with immer's
   * `produceWithPatches`, which copies a changed Map or array whole on its first write (slow on
   * large Maps); `mutable` records them with a `PatchRecorder` (patch-recorder.ts): handlers
   * change the live state through a recording view, and nothing is copied but the patch
   * values. Both give the same non-state events and patches that replay to the same states;
   * the patches themselves may differ in order and shape. Both are kept so they can be compared.
   */
  stateMode?: 'immer' | 'mutable';
  /** Link latencies, classes and network faults. Default: zero latency, no faults. */
  network?: NetworkOptions;
  /** Invariant checkers. Default none. */
  checkers?: Checker[];
  /** When safety checkers run: after every event (default) or only at the end. */
  safetyChecks?: 'every-event' | 'end';
  /**
   * After an event that changed one node, ask the checks that have a `checkChanged` about that
   * node alone (the same recorded violations; tested). Default true; false runs every due check
   * in full (for the tests that compare both).
   */
  changedNodeChecks?: boolean;
  /** Receives every log line whatever the trace level (e.g. to write `cms.log`). */
  onLog?: (t: Micros, node: string, line: string) => void;
  /**
   * Called after every event with the world (e.g. to sample load over time), and the view of
   * the one node the event may have changed (its handler ran, it crashed or restarted), or
   * `undefined` when it changed none (a drop, an action lost on a down node). A sampler can
   * look at that node alone instead of walking every node. The world and the view are live
   * (the world's `now` is the clock's, the view's `state` the node's current state): read them
   * during the call, do not keep them. Default none.
   */
  afterEvent?: (world: World, changed: NodeView | undefined) => void;
  /**
   * What happens to particular messages, by message id (see control.ts): lost, later, twice.
   * Default none.
   */
  messageFates?: ReadonlyMap<number, MessageFate>;
}

/** How a run ended. */
export interface RunResult {
  stopReason: StopReason;
  /** Virtual time at the stop, in microseconds. */
  now: Micros;
  /** Events processed (deliveries, drops, timers, actions, crashes, restarts). */
  events: number;
  /** Messages sent. */
  messages: number;
  violations: RecordedViolation[];
  /**
   * Set when the run stopped (end time or event cap) with live events still queued: the end
   * checks (quiescence checkers, and the end-of-run part of safety checkers) were not run,
   * because what is pending (a recovery timer, say) could still change the end state.
   */
  cutOff?: { pendingEvents: number; pending: PendingEvent[] };
}

/** A queued event that a cut-off run never reached. */
export interface PendingEvent {
  /** When it was due, in microseconds. */
  at: Micros;
  node: string;
  /** `timer <name>`, `message <kind>`, `action <type>`, `crash` or `restart`. */
  what: string;
}

/** How many pending events a cut-off result lists (the earliest). */
const PENDING_LISTED = 10;

interface NodeRecord {
  id: string;
  kind: string;
  label: string;
  state: unknown;
  /** The initial state, unless `makeInitial` makes it again when asked. */
  readonly initial: unknown;
  /** Makes the initial state again (`NodeSpec.makeState`), if the node's spec gave a way. */
  readonly makeInitial: (() => unknown) | undefined;
  handler: Handler<unknown>;
  processing: Distribution | undefined;
  /** What the node's processing delays are multiplied by; 1 unless a slow-down is scheduled. */
  processingFactor: number;
  restart: ((s: unknown, initial: unknown) => unknown) | undefined;
  up: boolean;
  /** Increases at every crash; timers set in an earlier epoch never fire. */
  epoch: number;
  /** This node's named streams (`<id>:<name>`), cached so a draw builds no string. */
  readonly streams: Map<string, RandomStream>;
  /** The `proc:<id>` stream of processing delays, made on first use. */
  procStream: RandomStream | undefined;
  /** Where this node has sent before: the receiver's record and the link, by receiver id. */
  readonly out: Map<string, Outbound>;
  /** The node as checkers and `afterEvent` see it. */
  view: NodeView;
  /**
   * Set when a snapshot holds `state` (mutable mode): the next handler or restart works on a
   * copy (snapshot.ts).
   */
  shared: boolean;
}

/** What a snapshot keeps of one node besides the plain numbers (see `SimulationSnapshot`). */
interface NodeImage {
  rec: NodeRecord;
  state: unknown;
  up: boolean;
  epoch: number;
  processingFactor: number;
  procStream: RandomStream | undefined;
  streams: [string, RandomStream][];
  /** The links the node had sent on, and each one's way back as then known. */
  out: [string, Outbound, Outbound | undefined][];
}

/** A snapshot's content (snapshot.ts). */
interface SimulationSnapshot extends Snapshot {
  nodes: NodeImage[];
  /**
   * The positions of every stream and each link's last arrival, in the order `snapshot` walks
   * them (per node: its processing stream, its streams, then per link its last arrival, its
   * latency stream, its fault stream).
   */
  numbers: number[];
  queue: QueueImage<Entry>;
  /** Each queued entry's drop reason (a controlling scheduler's drop sets one). */
  dropReasons: (string | undefined)[];
  named: [string, RandomStream][];
  cancelled: number[];
  reported: string[];
  violations: number;
  safetyRan: boolean[];
  dropsLeft: number[];
  counters: number[];
}

/** A receiver a node has sent to, kept so a send needs one lookup. */
interface Outbound {
  source: NodeRecord;
  target: NodeRecord;
  link: Link;
  /** The way back (target to source), kept once a reply used it: a reply needs no lookup. */
  reverse: Outbound | undefined;
}

/** What a queue entry does when it comes up. */
type EntryKind = 'deliver' | 'timer' | 'action' | 'crash' | 'restart' | 'processing-factor';

/**
 * One queue entry. All its kinds share this class, unused fields left at their defaults, so
 * the heap and the loop see a single object shape (a hot-path choice, not a model).
 */
class Entry implements Queued {
  at = 0;
  seq = 0;
  /** A delivery's message. */
  message: Message | undefined = undefined;
  /** The way a delivery came (its sender's outbound record). */
  via: Outbound | undefined = undefined;
  /** Set when the network decided to lose the message. */
  dropReason: string | undefined = undefined;
  /** The extra copy made by a duplication fault. */
  duplicate = false;
  timerId = 0;
  /** The node's epoch when the timer was set. */
  epoch = 0;
  /** A timer's payload or a scenario action. */
  payload: unknown = undefined;
  restartAfterUs: Micros | undefined = undefined;

  constructor(
    /** What the entry does when it comes due. */
    readonly kind: EntryKind,
    /** The node the entry acts on (a message's receiver, a timer's owner, ...). */
    readonly node: NodeRecord,
  ) {}
}

/** What a queued entry would do, in a few words. */
function describeEntry(e: Entry): string {
  if (e.kind === 'deliver') return `message ${e.message?.kind ?? '?'}`;
  const p = e.payload as { t?: unknown; type?: unknown } | undefined;
  if (e.kind === 'timer') return typeof p?.t === 'string' ? `timer ${p.t}` : 'timer';
  if (e.kind === 'action') return typeof p?.type === 'string' ? `action ${p.type}` : 'action';
  return e.kind;
}

/**
 * A node as checkers and `afterEvent` see it: its record's current state and status. One class
 * for every node, so reading `state` through any view is one shape of object (object literals
 * with their own getters gave each of 10,000 views its own hidden class).
 */
class LiveView implements NodeView {
  readonly id: string;
  readonly kind: string;

  constructor(private readonly rec: NodeRecord) {
    this.id = rec.id;
    this.kind = rec.kind;
  }

  get up(): boolean {
    return this.rec.up;
  }

  get state(): unknown {
    return this.rec.state;
  }
}

/*
 * The world `afterEvent` and the checks get, and the context handlers get, are classes whose
 * getters live on the prototype, each reading the simulation through plain functions it was
 * given. They were object literals with getters: V8 gave each simulation's literal a hidden
 * class of its own (its getters are that simulation's closures), kept in the old generation,
 * and through those closures the whole young simulation, trace included, lived through every
 * young-generation collection and was promoted, until a full collection freed it: about a
 * quarter of a generated case's bytes (docs/performance.md).
 */

/** What a `LiveWorld` reads from its simulation. */
interface WorldClock {
  nowUs(): Micros;
  stopReason(): StopReason | undefined;
}

/** The live world: its time and stop reason are the simulation's now. */
class LiveWorld implements World {
  constructor(
    private readonly clock: WorldClock,
    readonly nodes: ReadonlyMap<string, NodeView>,
  ) {}

  get now(): Micros {
    return this.clock.nowUs();
  }

  get stopReason(): StopReason | undefined {
    return this.clock.stopReason();
  }
}

/** What a `HandlerContext` asks of its simulation: `now` and `self` as functions. */
interface ContextOps extends Omit<Context, 'now' | 'self'> {
  nowUs(): Micros;
  selfId(): string;
}

/** The context handlers get; every call goes to its simulation's `ContextOps`. */
class HandlerContext implements Context {
  constructor(private readonly ops: ContextOps) {}

  get now(): Micros {
    return this.ops.nowUs();
  }

  get self(): string {
    return this.ops.selfId();
  }

  send(to: string, kind: string, data: unknown, notes?: Annotations): void {
    this.ops.send(to, kind, data, notes);
  }

  setTimer(delayUs: Micros, payload: unknown): number {
    return this.ops.setTimer(delayUs, payload);
  }

  cancelTimer(timerId: number): void {
    this.ops.cancelTimer(timerId);
  }

  random(name: string): RandomStream {
    return this.ops.random(name);
  }

  log(line: string): void {
    this.ops.log(line);
  }

  mark(kind: string, data?: unknown, notes?: Annotations): void {
    this.ops.mark(kind, data, notes);
  }
}

export class Simulation {
  readonly random: RandomStreams;
  private readonly queue = new EventQueue<Entry>();
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly views = new Map<string, NodeView>();
  private readonly network: Network;
  private readonly cancelled = new Set<number>();
  private readonly reported = new Set<string>();
  private readonly violations: RecordedViolation[] = [];
  private readonly level: TraceLevel;
  /** How handlers get their node's state and how its changes are recorded (state-modes.ts). */
  private readonly stateMode: StateMode;
  private readonly untilUs: Micros;
  private readonly maxEvents: number;
  private readonly safety: Checker[];
  /** Which safety checks have run at least once (a check with `reads` is never skipped before). */
  private readonly safetyRan: boolean[] = [];
  /** Set once every safety check has run: from then on `dueByKind` decides what runs. */
  private allSafetyRan = false;
  /** The safety checks due after an event that changed a node of a kind (or none: undefined). */
  private readonly dueByKind = new Map<string | undefined, Checker[]>();
  private readonly quiescence: Checker[];
  private nowUs: Micros = 0;
  private processed = 0;
  private nextMessageId = 1;
  private nextTimerId = 1;
  private traceSeq = 0;
  private sentCount = 0;
  private current: NodeRecord | undefined;
  private processingUs: Micros | undefined;
  private stopped: StopReason | undefined;
  /** The way the message being handled came, while its handler runs. */
  private inbound: Outbound | undefined;
  /** The node the last event may have changed, for `afterEvent` and the checks. */
  private changed: NodeRecord | undefined;
  /** Set at the first `advance`, when the trace sink has been told the run began. */
  private started = false;
  private readonly ctx: Context;

  constructor(private readonly options: SimulationOptions = {}) {
    this.random = new RandomStreams(options.seed ?? 1);
    this.network = new Network(this.random, options.network);
    this.level = options.traceLevel ?? 'off';
    if (this.level !== 'off' && options.trace === undefined) {
      throw new Error(`trace level "${this.level}" needs a trace sink`);
    }
    this.stateMode = stateModeFor(options.stateMode ?? 'immer', this.level === 'state');
    this.untilUs = options.untilUs ?? Number.POSITIVE_INFINITY;
    this.maxEvents = options.maxEvents ?? 10_000_000;
    const checkers = options.checkers ?? [];
    this.safety = checkers.filter((c) => c.phase === 'safety');
    this.quiescence = checkers.filter((c) => c.phase === 'quiescence');
    this.ctx = this.makeContext();
  }

  /** The current virtual time in microseconds. */
  get now(): Micros {
    return this.nowUs;
  }

  /**
   * Adds a node. Ids are unique. The node's state is `spec.state` itself. With `makeState` the
   * simulation keeps no initial state and makes one when it needs it; without it, `spec.state`
   * is kept as the initial state: nothing changes it afterwards (the caller must not either). In
   * `immer` mode a handler never changes the state it gets; in `mutable` mode the node is marked
   * shared, so its first handler or restart works on a copy (`copyState`, as after a snapshot).
   * (A structured clone of each initial state was 5 % of a generated case.)
   */
  addNode<S>(spec: NodeSpec<S>): void {
    if (this.nodes.has(spec.id)) throw new Error(`duplicate node id "${spec.id}"`);
    const rec: NodeRecord = {
      id: spec.id,
      kind: spec.kind,
      label: spec.label ?? spec.id,
      state: spec.state,
      initial: spec.makeState === undefined ? spec.state : undefined,
      makeInitial: spec.makeState,
      handler: spec.handler as Handler<unknown>,
      processing: spec.processing,
      processingFactor: 1,
      restart: spec.restart as NodeRecord['restart'],
      up: true,
      epoch: 0,
      streams: new Map(),
      procStream: undefined,
      out: new Map(),
      view: undefined as unknown as NodeView,
      shared: spec.makeState === undefined && this.options.stateMode === 'mutable',
    };
    rec.view = new LiveView(rec);
    this.nodes.set(spec.id, rec);
    this.views.set(spec.id, rec.view);
  }

  /** The nodes as the trace names them, in the order they were added. */
  traceNodes(): { id: string; kind: string; label: string }[] {
    return [...this.nodes.values()].map((n) => ({ id: n.id, kind: n.kind, label: n.label }));
  }

  /** Each node's state when it was added (for the viewer's state inspector). */
  initialStates(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const n of this.nodes.values())
      out[n.id] = n.makeInitial !== undefined ? n.makeInitial() : n.initial;
    return out;
  }

  /** The world as checkers see it: a snapshot of the time and stop reason, live node views. */
  world(): World {
    return { now: this.nowUs, nodes: this.views, stopReason: this.stopped };
  }

  /**
   * The world `afterEvent` gets: one object whose time reads the clock, so no event allocates one.
   */
  private readonly liveWorld: World = new LiveWorld(
    { nowUs: () => this.nowUs, stopReason: () => this.stopped },
    this.views,
  );

  /** The violations recorded so far, in order (the live list; read it, do not change it). */
  get violationsSoFar(): readonly RecordedViolation[] {
    return this.violations;
  }

  /** The current state of node `id`. */
  stateOf<S>(id: string): S {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node "${id}"`);
    return n.state as S;
  }

  /** Delivers `action` to node `node`'s handler at `atUs`. */
  schedule(atUs: Micros, node: string, action: unknown): void {
    const e = new Entry('action', this.requireNode(node, 'schedule an action for'));
    e.payload = action;
    this.queue.push(e, atUs);
  }

  /** Crashes `node` at `atUs`; it restarts after `restartAfterUs` when given. */
  crash(atUs: Micros, node: string, restartAfterUs?: Micros): void {
    const e = new Entry('crash', this.requireNode(node, 'crash'));
    e.restartAfterUs = restartAfterUs;
    this.queue.push(e, atUs);
  }

  /**
   * From `atUs` on, multiplies `node`'s processing delays by `factor` (1 restores them). The
   * change is traced as a `processing-factor` local event of the node; it outlives crashes.
   */
  setProcessingFactor(atUs: Micros, node: string, factor: number): void {
    if (!(factor > 0) || !Number.isFinite(factor))
      throw new Error(`processing factor must be a positive number, got ${String(factor)}`);
    const e = new Entry(
      'processing-factor',
      this.requireNode(node, 'set the processing factor of'),
    );
    e.payload = factor;
    this.queue.push(e, atUs);
  }

  /**
   * Runs events up to and including time `untilUs` (capped at the run's end time), then
   * sets the clock there. Returns the stop reason if the run can go no further.
   */
  advance(untilUs: Micros = Number.POSITIVE_INFINITY): StopReason | undefined {
    this.start();
    const limit = Math.min(untilUs, this.untilUs);
    const checkEach = this.safety.length > 0 && this.options.safetyChecks !== 'end';
    const afterEvent = this.options.afterEvent;
    for (;;) {
      const top = this.queue.peek();
      if (top === undefined) return 'quiescent';
      if (top.at > limit) {
        if (limit === this.untilUs) {
          this.nowUs = this.untilUs;
          return 'end-time';
        }
        if (Number.isFinite(limit)) this.nowUs = Math.max(this.nowUs, limit);
        return undefined;
      }
      if (this.processed >= this.maxEvents) return 'max-events';
      this.queue.pop();
      this.nowUs = top.at;
      if (this.dispatch(top)) {
        this.processed++;
        if (checkEach) this.checkAfterEvent();
        if (afterEvent !== undefined) afterEvent(this.liveWorld, this.changed?.view);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Controlled stepping: a scheduler outside the engine chooses what happens next (control.ts).
  // ---------------------------------------------------------------------------------------------

  /**
   * The event `advance` would run next, or why the run can go no further (then, as `advance`
   * does, the clock is set to the end time when that is the reason).
   */
  nextEvent(): NextEvent | StopReason {
    this.start();
    const top = this.queue.peek();
    if (top === undefined) return 'quiescent';
    if (top.at > this.untilUs) {
      this.nowUs = this.untilUs;
      return 'end-time';
    }
    if (this.processed >= this.maxEvents) return 'max-events';
    const steerable = top.kind === 'deliver' && top.dropReason === undefined && !top.duplicate;
    return {
      at: top.at,
      node: top.node.id,
      type: top.kind,
      live: this.isLive(top),
      message: top.message,
      steerable,
      reorderable: steerable && this.network.reorders(top.message!, top.via!.link),
    };
  }

  /** Runs the next event exactly as `advance` would (the caller checked `nextEvent` first). */
  stepNext(): void {
    const top = this.queue.pop();
    if (top === undefined) return;
    this.nowUs = top.at;
    this.afterDispatch(this.dispatch(top));
  }

  /**
   * Defers the next event, a steerable delivery, past the `passes` live events after it that are
   * not on its link (default 1): it and the later messages of its link (FIFO) now arrive 1 µs
   * after the last of them. With `reorder`, the events passed may be later messages of its own
   * link, and it alone moves: they overtake it (as a reorder fault lets them). Returns the delay
   * given to the deferred message, or undefined (nothing changed) when it is not steerable, fewer
   * events come after it, or the new time is past the end time. The same schedule comes from the
   * message fate `{ delayUs, reorder }` with that delay.
   */
  deferNext(passes = 1, reorder = false): Micros | undefined {
    const h = this.queue.peek();
    if (h === undefined || h.kind !== 'deliver' || h.dropReason !== undefined || h.duplicate)
      return undefined;
    const link = h.via!.link;
    const sameLink = (e: Entry): boolean => e.kind === 'deliver' && e.via?.link === link;
    const after = this.queue
      .entries()
      .filter((e) => e !== h && (reorder || !sameLink(e)) && this.isLive(e))
      .sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = after[passes - 1];
    if (passes < 1 || next === undefined || next.at + 1 > this.untilUs) return undefined;
    const at = next.at + 1;
    const delayUs = at - h.at;
    if (reorder) {
      this.queue.remove(h);
      this.queue.push(h, at);
      return delayUs;
    }
    const moved = this.queue
      .entries()
      .filter((e) => sameLink(e) && !e.duplicate && e.at < at)
      .sort((a, b) => a.seq - b.seq);
    for (const e of moved) this.queue.remove(e);
    for (const e of moved) this.queue.push(e, at);
    if (link.lastArrival < at) link.lastArrival = at;
    return delayUs;
  }

  /**
   * Runs the next event, a steerable delivery, as a loss (reason `what-if`), as the message fate
   * `{ drop: true }` would have. Returns false (nothing done) when it is not steerable.
   */
  dropNext(): boolean {
    const h = this.queue.peek();
    if (h === undefined || h.kind !== 'deliver' || h.dropReason !== undefined || h.duplicate)
      return false;
    h.dropReason = WHAT_IF_DROP;
    this.stepNext();
    return true;
  }

  /**
   * Crashes `node` 1 µs from now, before the next event (which must be later than that), as
   * `crash(now + 1, node, restartAfterUs)` scheduled before the run would. Returns that time,
   * or undefined (nothing done) when the next event is not later or the node is down.
   */
  crashNow(node: string, restartAfterUs?: Micros): Micros | undefined {
    const n = this.requireNode(node, 'crash');
    const at = this.nowUs + 1;
    const top = this.queue.peek();
    if (!n.up || (top !== undefined && top.at <= at) || at > this.untilUs) return undefined;
    const e = new Entry('crash', n);
    e.restartAfterUs = restartAfterUs;
    this.nowUs = at;
    this.afterDispatch(this.dispatch(e));
    return at;
  }

  /**
   * The run's state now, to `restore` later (snapshot.ts); only at the trace level `off` (a
   * trace already written cannot be taken back). Node states are shared copy-on-write.
   */
  snapshot(): Snapshot {
    if (this.level !== 'off') throw new Error('a snapshot needs the trace level "off"');
    const numbers: number[] = [];
    const put = (s: RandomStream | undefined): void => {
      s?.writePosition(numbers);
    };
    const nodes: NodeImage[] = [];
    const copyOnWrite = this.options.stateMode === 'mutable';
    for (const n of this.nodes.values()) {
      if (copyOnWrite) n.shared = true;
      put(n.procStream);
      for (const s of n.streams.values()) put(s);
      const out: [string, Outbound, Outbound | undefined][] = [];
      for (const [to, o] of n.out) {
        out.push([to, o, o.reverse]);
        numbers.push(o.link.lastArrival);
        put(o.link.stream);
        put(o.link.faultStream);
      }
      nodes.push({
        rec: n,
        state: n.state,
        up: n.up,
        epoch: n.epoch,
        processingFactor: n.processingFactor,
        procStream: n.procStream,
        streams: [...n.streams],
        out,
      });
    }
    const queue = this.queue.save();
    const snapshot: SimulationSnapshot = {
      kind: 'simulation-snapshot',
      nodes,
      numbers,
      queue,
      dropReasons: queue.items.map((e) => e.dropReason),
      named: this.random.named(),
      cancelled: [...this.cancelled],
      reported: [...this.reported],
      violations: this.violations.length,
      safetyRan: this.safetyRan.slice(),
      dropsLeft: this.network.dropsLeftNow(),
      counters: [
        this.nowUs,
        this.processed,
        this.nextMessageId,
        this.nextTimerId,
        this.sentCount,
        this.traceSeq,
      ],
    };
    return snapshot;
  }

  /** Puts the run back as it was at `snapshot` (of this simulation); it can be restored again. */
  restore(snapshot: Snapshot): void {
    const s = snapshot as SimulationSnapshot;
    let i = 0;
    const get = (st: RandomStream | undefined): void => {
      if (st === undefined) return;
      st.setPosition(s.numbers, i);
      i += 5;
    };
    const copyOnWrite = this.options.stateMode === 'mutable';
    for (const m of s.nodes) {
      const n = m.rec;
      n.state = m.state;
      n.shared = copyOnWrite;
      n.up = m.up;
      n.epoch = m.epoch;
      n.processingFactor = m.processingFactor;
      n.procStream = m.procStream;
      get(n.procStream);
      n.streams.clear();
      for (const [name, st] of m.streams) {
        n.streams.set(name, st);
        get(st);
      }
      n.out.clear();
      for (const [to, o, reverse] of m.out) {
        n.out.set(to, o);
        o.reverse = reverse;
        o.link.lastArrival = s.numbers[i++]!;
        get(o.link.stream);
        get(o.link.faultStream);
      }
    }
    this.queue.load(s.queue);
    s.queue.items.forEach((e, k) => (e.dropReason = s.dropReasons[k]));
    this.random.keepNamed(s.named);
    this.cancelled.clear();
    for (const id of s.cancelled) this.cancelled.add(id);
    this.reported.clear();
    for (const key of s.reported) this.reported.add(key);
    this.violations.length = s.violations;
    this.safetyRan.length = 0;
    this.safetyRan.push(...s.safetyRan);
    this.allSafetyRan = this.safety.every((_, i) => this.safetyRan[i] === true);
    this.network.setDropsLeft(s.dropsLeft);
    [
      this.nowUs,
      this.processed,
      this.nextMessageId,
      this.nextTimerId,
      this.sentCount,
      this.traceSeq,
    ] = s.counters as [number, number, number, number, number, number];
    this.stopped = undefined;
  }

  /** Gives `n` a copy of its state, which a snapshot holds (copy-on-write, snapshot.ts). */
  private unshare(n: NodeRecord): void {
    n.state = copyState(n.state);
    n.shared = false;
  }

  /** Everything the run's future depends on, as plain data (see `FingerprintInput`). */
  fingerprintInput(): FingerprintInput {
    const nodes: unknown[][] = [];
    const links: unknown[][] = [];
    for (const n of this.nodes.values()) {
      const streams: unknown[] = [n.procStream?.draws];
      for (const [name, st] of n.streams) streams.push(name, st.draws);
      nodes.push([n.id, n.up, n.epoch, n.processingFactor, n.state, streams]);
      for (const [to, o] of n.out) {
        const { lastArrival, stream, faultStream } = o.link;
        links.push([n.id, to, lastArrival, stream.draws, faultStream?.draws]);
      }
    }
    const live = this.queue.entries().filter((e) => this.isLive(e));
    live.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const pending = live.map((e) => [
      e.kind,
      e.node.id,
      e.at,
      e.message?.from,
      e.message?.kind,
      e.message?.data,
      e.dropReason,
      e.duplicate,
      e.payload,
      e.restartAfterUs,
    ]);
    const fates = this.options.messageFates;
    const nextMessageId = fates !== undefined && fates.size > 0 ? this.nextMessageId : undefined;
    return { now: this.nowUs, nextMessageId, nodes, links, pending };
  }

  /** Whether a queued entry would do anything: false for a cancelled or stale timer. */
  private isLive(e: Entry): boolean {
    return (
      e.kind !== 'timer' ||
      (!this.cancelled.has(e.timerId) && e.node.up && e.node.epoch === e.epoch)
    );
  }

  /** What follows a dispatched event in `advance`: the count, the checks and `afterEvent`. */
  private afterDispatch(ran: boolean): void {
    if (!ran) return;
    this.processed++;
    if (this.safety.length > 0 && this.options.safetyChecks !== 'end') this.checkAfterEvent();
    this.options.afterEvent?.(this.liveWorld, this.changed?.view);
  }

  /** Runs to the end and runs the final checks. */
  run(): RunResult {
    const stop = this.advance() ?? 'end-time';
    return this.finish(stop);
  }

  /**
   * Ends the run with `stop`. At quiescence: final safety checks (with their end-of-run part)
   * and the quiescence checks. Cut off with live events still queued: only the safety checks as
   * after any event, and the result lists what was pending.
   */
  finish(stop: StopReason): RunResult {
    this.start();
    const pending = this.pendingEvents();
    if (pending.length > 0) {
      this.check(this.safety);
      this.stopped = stop;
      const listed = pending.slice(0, PENDING_LISTED);
      return { ...this.resultOf(stop), cutOff: { pendingEvents: pending.length, pending: listed } };
    }
    this.stopped = stop;
    this.check(this.safety);
    this.check(this.quiescence);
    return this.resultOf(stop);
  }

  private resultOf(stop: StopReason): RunResult {
    return {
      stopReason: stop,
      now: this.nowUs,
      events: this.processed,
      messages: this.sentCount,
      violations: this.violations,
    };
  }

  /**
   * The queued events that would still do something (not cancelled or stale timers), earliest
   * first.
   */
  private pendingEvents(): PendingEvent[] {
    const live = this.queue.entries().filter((e) => this.isLive(e));
    live.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return live.map((e) => ({ at: e.at, node: e.node.id, what: describeEntry(e) }));
  }

  /** Tells the trace sink the run began, once. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    this.options.trace?.begin?.({ seed: this.options.seed ?? 1, nodes: this.traceNodes() });
  }

  private requireNode(id: string, what: string): NodeRecord {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`cannot ${what} node "${id}": no such node`);
    return n;
  }

  /** Handles one queue entry; returns false when it was a cancelled or stale timer. */
  private dispatch(e: Entry): boolean {
    const n = e.node;
    this.changed = undefined;
    switch (e.kind) {
      case 'deliver': {
        const m = e.message!;
        const reason = e.dropReason ?? (n.up ? undefined : 'node-down');
        if (reason !== undefined) {
          if (this.level !== 'off') this.emit(dropEvent(m, this.nowUs, reason));
          return true;
        }
        if (this.level !== 'off') this.emit(deliverEvent(m, this.nowUs, e.duplicate));
        this.changed = n;
        this.inbound = e.via;
        this.invoke(n, { type: 'message', message: m });
        this.inbound = undefined;
        return true;
      }
      case 'timer': {
        if (this.cancelled.size > 0 && this.cancelled.delete(e.timerId)) return false;
        if (!n.up || n.epoch !== e.epoch) return false;
        this.changed = n;
        this.invoke(n, { type: 'timer', timerId: e.timerId, payload: e.payload });
        return true;
      }
      case 'action': {
        if (!n.up) {
          this.localEvent(n.id, 'action-lost', { reason: 'node-down', action: e.payload });
          return true;
        }
        this.changed = n;
        this.invoke(n, { type: 'action', action: e.payload });
        return true;
      }
      case 'crash': {
        if (!n.up) return true;
        n.up = false;
        n.epoch++;
        this.changed = n;
        this.localEvent(
          n.id,
          'crash',
          e.restartAfterUs === undefined ? {} : { restartAfterUs: e.restartAfterUs },
        );
        if (e.restartAfterUs !== undefined) {
          this.queue.push(new Entry('restart', n), this.nowUs + e.restartAfterUs);
        }
        return true;
      }
      case 'processing-factor': {
        n.processingFactor = e.payload as number;
        this.localEvent(n.id, 'processing-factor', { factor: n.processingFactor });
        return true;
      }
      case 'restart': {
        if (n.shared) this.unshare(n);
        const initial = n.makeInitial !== undefined ? n.makeInitial() : structuredClone(n.initial);
        n.state = n.restart ? n.restart(n.state, initial) : initial;
        n.up = true;
        this.changed = n;
        this.localEvent(n.id, 'restart', {});
        this.invoke(n, { type: 'restart' });
        return true;
      }
    }
  }

  private invoke(n: NodeRecord, input: Input): void {
    if (n.shared) this.unshare(n);
    this.current = n;
    this.processingUs = undefined;
    try {
      const patches = this.stateMode.apply(n, input, this.ctx);
      if (patches !== undefined && patches.length > 0)
        this.emit({ seq: 0, t: this.nowUs, type: 'state', node: n.id, patches });
    } catch (err) {
      const what =
        input.type === 'message'
          ? `message "${input.message.kind}" from ${input.message.from}`
          : input.type;
      const e = new Error(
        `handler of node "${n.id}" (${n.kind}) failed at t=${this.nowUs}us on ${what}: ${(err as Error).message}`,
      );
      (e as Error & { cause?: unknown }).cause = err;
      throw e;
    } finally {
      this.current = undefined;
    }
  }

  private makeContext(): Context {
    const sim = this;
    const self = (): NodeRecord => {
      const c = sim.current;
      if (c === undefined) throw new Error('context used outside a handler');
      return c;
    };
    return new HandlerContext({
      nowUs: () => sim.nowUs,
      selfId: () => self().id,
      send(to: string, kind: string, data: unknown, notes?: Annotations): void {
        sim.send(self(), to, kind, data, notes);
      },
      setTimer(delayUs: Micros, payload: unknown): number {
        const e = new Entry('timer', self());
        e.timerId = sim.nextTimerId++;
        e.epoch = e.node.epoch;
        e.payload = sim.stateMode.detachOut(payload);
        sim.queue.push(e, sim.nowUs + Math.max(0, Math.round(delayUs)));
        return e.timerId;
      },
      cancelTimer(timerId: number): void {
        if (timerId > 0 && timerId < sim.nextTimerId) sim.cancelled.add(timerId);
      },
      random(name: string): RandomStream {
        const n = self();
        let s = n.streams.get(name);
        if (s === undefined) {
          s = sim.random.stream(`${n.id}:${name}`);
          n.streams.set(name, s);
        }
        return s;
      },
      log(line: string): void {
        const n = self();
        sim.options.onLog?.(sim.nowUs, n.id, line);
        if (traceIncludes(sim.level, 'logs'))
          sim.emit({ seq: 0, t: sim.nowUs, type: 'log', node: n.id, line });
      },
      mark(kind: string, data?: unknown, notes?: Annotations): void {
        sim.localEvent(self().id, kind, sim.stateMode.detachOut(data), notes);
      },
    });
  }

  /** `from`'s outbound record to `to`, made on first use. */
  private outbound(from: NodeRecord, to: string, kind: string): Outbound {
    let out = from.out.get(to);
    if (out === undefined) {
      const target = this.nodes.get(to);
      if (target === undefined)
        throw new Error(`"${from.id}" sent "${kind}" to unknown node "${to}"`);
      out = { source: from, target, link: this.network.link(from.id, to), reverse: undefined };
      from.out.set(to, out);
    }
    return out;
  }

  private send(
    from: NodeRecord,
    to: string,
    kind: string,
    data: unknown,
    notes?: Annotations,
  ): void {
    // A reply to the message being handled goes back the way it came, without a lookup.
    const inbound = this.inbound;
    const out =
      inbound !== undefined && inbound.target === from && to === inbound.source.id
        ? (inbound.reverse ??= this.outbound(from, to, kind))
        : this.outbound(from, to, kind);
    const target = out.target;
    if (this.processingUs === undefined) {
      this.processingUs = 0;
      if (from.processing) {
        from.procStream ??= this.random.stream(`proc:${from.id}`);
        this.processingUs = msToUs(
          from.procStream.sampleMs(from.processing) * from.processingFactor,
        );
      }
    }
    const message: Message = {
      id: this.nextMessageId++,
      from: from.id,
      to,
      kind,
      data: this.stateMode.detachOut(data),
    };
    if (notes?.step !== undefined) message.step = notes.step;
    if (notes?.move !== undefined) message.move = notes.move;
    this.sentCount++;
    const network = this.network;
    let deliverAt = network.route(message, this.nowUs + this.processingUs, out.link);
    let duplicateAt = network.duplicateAt;
    let dropReason = network.dropReason;
    const fate = this.options.messageFates?.get(message.id);
    if (fate !== undefined) {
      if ('drop' in fate) dropReason ??= WHAT_IF_DROP;
      else if ('delayUs' in fate) {
        deliverAt += fate.delayUs;
        if (fate.reorder !== true && out.link.lastArrival < deliverAt)
          out.link.lastArrival = deliverAt;
      } else if (dropReason === undefined) duplicateAt = deliverAt;
    }
    if (this.level !== 'off') this.emit(sendEvent(message, this.nowUs, deliverAt, false));
    const e = new Entry('deliver', target);
    e.message = message;
    e.via = out;
    e.dropReason = dropReason;
    this.queue.push(e, deliverAt);
    if (duplicateAt !== undefined) {
      if (this.level !== 'off') this.emit(sendEvent(message, this.nowUs, duplicateAt, true));
      const d = new Entry('deliver', target);
      d.message = message;
      d.via = out;
      d.duplicate = true;
      this.queue.push(d, duplicateAt);
    }
  }

  private localEvent(node: string, kind: string, data?: unknown, notes?: Annotations): void {
    if (this.level === 'off') return;
    // One literal with every field (absent ones undefined, which JSON leaves out): adding fields
    // one by one grew a property store per field.
    const ev: LocalEvent = {
      seq: 0,
      t: this.nowUs,
      type: 'local',
      node,
      kind,
      step: notes?.step,
      move: notes?.move,
      data,
    };
    this.emit(ev);
  }

  /**
   * The safety checks after one event: every check, except those whose declared `reads` kinds
   * the event did not touch (once each has run at least once). Once every check has run, the
   * list for each kind of changed node is made once and kept (`dueByKind`).
   */
  private checkAfterEvent(): void {
    const kind = this.changed?.kind;
    if (this.allSafetyRan) {
      let due = this.dueByKind.get(kind);
      if (due === undefined) {
        due = this.safety.filter(
          (c) => c.reads === undefined || (kind !== undefined && c.reads.includes(kind)),
        );
        this.dueByKind.set(kind, due);
      }
      const changed = this.changed;
      if (changed !== undefined && this.options.changedNodeChecks !== false)
        this.check(due, this.liveWorld, changed.view);
      else this.check(due, this.liveWorld);
      return;
    }
    let due: Checker[] | undefined;
    for (let i = 0; i < this.safety.length; i++) {
      const c = this.safety[i]!;
      const skip =
        c.reads !== undefined &&
        this.safetyRan[i] === true &&
        (kind === undefined || !c.reads.includes(kind));
      if (skip) {
        if (due === undefined) due = this.safety.slice(0, i);
        continue;
      }
      this.safetyRan[i] = true;
      due?.push(c);
    }
    this.allSafetyRan = this.safety.every((_, i) => this.safetyRan[i] === true);
    this.check(due ?? this.safety, this.liveWorld);
  }

  /**
   * Runs `checkers` on `world` (by default a snapshot of the world now), records findings. With
   * `changed`, a checker that has `checkChanged` is asked about that node alone.
   */
  private check(
    checkers: readonly Checker[],
    world: World = this.world(),
    changed?: NodeView,
  ): void {
    if (checkers.length === 0) return;
    for (const c of checkers) {
      const r =
        changed !== undefined && c.checkChanged !== undefined
          ? c.checkChanged(world, changed)
          : c.check(world);
      if (r.ok) continue;
      for (const v of r.violations) {
        const key = `${c.name}|${v.key ?? v.detail}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        this.violations.push({ invariant: c.name, t: this.nowUs, detail: v.detail });
        if (this.level !== 'off') {
          this.emit({
            seq: 0,
            t: this.nowUs,
            type: 'violation',
            invariant: c.name,
            detail: v.detail,
          });
        }
      }
    }
  }

  private emit(ev: TraceEvent): void {
    ev.seq = this.traceSeq++;
    this.options.trace!.write(ev);
  }
}

/*
 * The trace events of a message. Each is one object literal with every field in the order
 * `trace.json` has always written them (msg, from, to, kind, step, move, data, seq, t, type, then
 * the type's own), an absent one `undefined`, which JSON leaves out: the same text as adding the
 * present fields one by one, which grew a property store per field added (about a fifth of a
 * generated case's allocation was its message events; docs/performance.md).
 */

/** The `send` event of message `m` sent at `t`, arriving at `deliverAt`. */
function sendEvent(m: Message, t: Micros, deliverAt: Micros, duplicate: boolean): SendEvent {
  return {
    msg: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind,
    step: m.step,
    move: m.move,
    data: m.data,
    seq: 0,
    t,
    type: 'send',
    deliverAt,
    duplicate: duplicate ? true : undefined,
  };
}

/** The `deliver` event of message `m` at `t`. */
function deliverEvent(m: Message, t: Micros, duplicate: boolean): DeliverEvent {
  return {
    msg: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind,
    step: m.step,
    move: m.move,
    data: m.data,
    seq: 0,
    t,
    type: 'deliver',
    duplicate: duplicate ? true : undefined,
  };
}

/** The `drop` event of message `m` at `t`, lost for `reason`. */
function dropEvent(m: Message, t: Micros, reason: string): DropEvent {
  return {
    msg: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind,
    step: m.step,
    move: m.move,
    data: m.data,
    seq: 0,
    t,
    type: 'drop',
    reason,
  };
}
