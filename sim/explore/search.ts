/**
 * The systematic search of `movesim explore`: every schedule of a run reachable from its own
 * schedule with at most K delays and F faults, on the same handlers as every other run.
 *
 * A schedule is the run's own order of events with a few deviations (`Branch`: at step i, defer
 * the next message past n events, spending n delays, on a link a reorder rule covers also
 * letting later messages of its link overtake it; lose it; or crash a node, each a fault). Each
 * branch is executed from the snapshot of the state it deviates at (`Simulation.snapshot`), or
 * from the start by re-execution (the engine's controlled stepping, control.ts), its deviations
 * applied at their steps, then the run's own order to the end; every state after the
 * last deviation is fingerprinted, and a state already seen with at least the same budget left
 * ends the execution (its futures were explored). At each new state, every deviation the budget
 * allows becomes a new branch. Depth first by default; breadth first (`order: 'bfs'`) runs the
 * branches in order of their number of deviations, so the first counterexample found for an
 * invariant has the fewest.
 *
 * Generic: it knows a simulation, the nodes that may crash and how a finished run is labelled,
 * nothing of CMS (`scenario-system.ts` supplies those for a scenario).
 */
import type {
  Micros,
  NextEvent,
  RunResult,
  Simulation,
  Snapshot,
  StopReason,
} from '../engine/index.js';
import { Fingerprinter } from './state-hash.js';
import { Visit, VisitedSet } from './visited.js';

/** What the search needs of the system it explores. */
export interface ExploreSystem {
  /** A fresh simulation, nothing run yet; the same one every call (deterministic). */
  start(): Simulation;
  /** The nodes a fault may crash, in a fixed order. */
  crashable: readonly string[];
  /**
   * The restart delays a chosen crash is explored with, each a fault choice of its own: how long
   * after the crash the node restarts, in µs; undefined: it stays down. At least one.
   */
  restartDelaysUs: readonly (Micros | undefined)[];
  /**
   * The labels of a finished run (the "sometimes" properties it reaches), e.g. its outcomes;
   * `path` is the schedule that got there.
   */
  labels(sim: Simulation, result: RunResult, path: Path): string[];
}

/** The bounds of a search. */
export interface ExploreOptions {
  /**
   * K: the most delays per schedule; a message deferred past n events spends n. Default 0.
   */
  delays?: number;
  /** F: the most faults (a message lost, a node crashed) per schedule. Default 0. */
  faults?: number;
  /** Stop after this many distinct states (the bound is then not reached). Default 100,000. */
  maxStates?: number;
  /** `dfs` (default) or `bfs`: branches in order of their number of deviations. */
  order?: 'dfs' | 'bfs';
  /**
   * How a branch gets to the state it deviates at: `snapshots` restores the simulation's
   * snapshot taken there (`Simulation.snapshot`), `re-execution` runs the schedule again from
   * the start. Both explore the same states in the same order. Default: `snapshots` depth first,
   * `re-execution` breadth first (its queue of branches would keep a snapshot each).
   */
  stepping?: 'snapshots' | 're-execution';
  /**
   * Called with the states explored and the invariants violated so far, every
   * `progressEveryStates` states: for a progress display, never for a result. Default none.
   */
  onProgress?: (states: number, violations: number) => void;
  /** States between two `onProgress` calls. Default 10,000. */
  progressEveryStates?: number;
}

/** One deviation from the run's own schedule, as it happened. */
export type Deviation =
  | {
      step: number;
      /** `reorder`: a delay that later messages of its link overtook (a reorder rule's link). */
      type: 'delay' | 'reorder' | 'drop';
      msg: number;
      kind: string;
      from: string;
      to: string;
      delayUs: Micros;
    }
  | { step: number; type: 'crash'; node: string; atUs: Micros; restartAfterUs: Micros | undefined };

/** A schedule: its deviations and how many steps it ran. */
export interface Path {
  deviations: Deviation[];
  steps: number;
}

/** A violation found, with the path that reaches it. */
export interface FoundViolation {
  invariant: string;
  detail: string;
  atUs: Micros;
  path: Path;
}

export interface ExploreResult {
  /** States explored: a state counts again when it is reached with more budget left. */
  states: number;
  /** Distinct states (fingerprints) explored. */
  distinct: number;
  /** States reached again and not explored again. */
  revisits: number;
  /** Executions from the start (one per branch). */
  executions: number;
  /** Events run in all executions, replayed prefixes included. */
  events: number;
  /** Branches whose deviation could not be made (nothing to defer past, say). */
  infeasible: number;
  /** Distinct end states, by their labels joined. */
  terminals: Map<string, number>;
  /** Whether every schedule within the bounds was explored (false: `maxStates` stopped it). */
  complete: boolean;
  /** Per invariant, the violation found with the fewest deviations (then the fewest steps). */
  violations: Map<string, FoundViolation>;
  /** Per label reached, the first path that reached it. */
  reached: Map<string, Path>;
  /** The most steps of any schedule. */
  maxSteps: number;
}

/** A schedule to execute: flat pairs [step, choice] and the budget it spends. */
interface Branch {
  devs: number[];
  delays: number;
  faults: number;
  /** With snapshots: where its last deviation is made (shared by the branches made there). */
  at?: Resume;
}

/** A state to deviate at: its snapshot, its step and the deviations that reached it. */
interface Resume {
  snapshot: Snapshot;
  step: number;
  path: readonly Deviation[];
}

/**
 * Choice codes: lose the next message, crash crashable node i with restart delay r (code - CRASH
 * = i * restart delays + r), defer the next message past (code - DEFER) events, or defer it past
 * (code - REORDER) events letting later messages of its link overtake it.
 */
const DROP = 1;
const CRASH = 2;
const DEFER = 1_000_000;
const REORDER = 2_000_000;

/** Runs the search; see the file comment. */
export function explore(system: ExploreSystem, options: ExploreOptions = {}): ExploreResult {
  return new Search(system, options).run();
}

class Search {
  private readonly k: number;
  private readonly f: number;
  private readonly maxStates: number;
  private readonly progressEvery: number;
  private readonly snapshots: boolean;
  /** The one simulation a search with snapshots runs (made by its first execution). */
  private sim: Simulation | undefined;
  private readonly frontier: Branch[] = [{ devs: [], delays: 0, faults: 0 }];
  private head = 0;
  /** Per fingerprint, the budgets (delays, faults left) it was explored with. */
  private readonly visited: VisitedSet;
  /** The fingerprints of the execution under way, written incrementally. */
  private readonly fingerprints = new Fingerprinter();
  private readonly result: ExploreResult = {
    states: 0,
    distinct: 0,
    revisits: 0,
    executions: 0,
    events: 0,
    infeasible: 0,
    terminals: new Map(),
    complete: true,
    violations: new Map(),
    reached: new Map(),
    maxSteps: 0,
  };

  constructor(
    private readonly system: ExploreSystem,
    private readonly options: ExploreOptions,
  ) {
    this.k = options.delays ?? 0;
    this.f = options.faults ?? 0;
    this.maxStates = options.maxStates ?? 100_000;
    this.progressEvery = Math.max(1, options.progressEveryStates ?? 10_000);
    this.visited = new VisitedSet(this.k, this.f);
    const stepping = options.stepping ?? (options.order === 'bfs' ? 're-execution' : 'snapshots');
    this.snapshots = stepping === 'snapshots';
  }

  run(): ExploreResult {
    const bfs = this.options.order === 'bfs';
    while (this.head < this.frontier.length || (!bfs && this.frontier.length > 0)) {
      const b = bfs ? this.frontier[this.head++]! : this.frontier.pop()!;
      if (bfs && this.head >= 4096 && this.head * 2 >= this.frontier.length) {
        // The executed branches are dropped from the queue, so it holds only those to come.
        this.frontier.splice(0, this.head);
        this.head = 0;
      }
      if (!this.execute(b)) {
        this.result.complete = false;
        break;
      }
    }
    return this.result;
  }

  /**
   * Executes one branch, from the start or from the snapshot where it deviates; false when the
   * state bound stopped the search.
   */
  private execute(b: Branch): boolean {
    const r = this.result;
    r.executions++;
    const devs = b.devs;
    const last = devs.length === 0 ? -1 : devs[devs.length - 2]!;
    let sim: Simulation;
    let path: Deviation[];
    let di: number;
    let start: number;
    if (b.at !== undefined) {
      sim = this.sim!;
      sim.restore(b.at.snapshot);
      path = b.at.path.slice();
      di = devs.length - 2;
      start = b.at.step;
    } else {
      sim = this.system.start();
      if (this.snapshots) this.sim = sim;
      this.fingerprints.reset();
      path = [];
      di = 0;
      start = 0;
    }
    let seen = sim.violationsSoFar.length;
    for (let step = start; ; step++) {
      if (step > last) {
        const fresh = this.visit(sim, b);
        if (fresh === undefined) return false;
        if (!fresh) return true;
      }
      const next = sim.nextEvent();
      if (typeof next === 'string') {
        this.finish(sim, next, { deviations: path, steps: step }, seen);
        return true;
      }
      if (di < devs.length && devs[di] === step) {
        const d = this.deviate(sim, next, devs[di + 1]!, step);
        di += 2;
        if (d === undefined) {
          r.infeasible++;
          return true;
        }
        path.push(d);
      } else {
        if (step > last) this.branch(sim, next, b, step, path);
        sim.stepNext();
        this.fingerprints.touched(next.node);
      }
      r.events++;
      if (step >= last) seen = this.violations(sim, { deviations: path, steps: step + 1 }, seen);
    }
  }

  /** Whether the state is new for this budget (then recorded); undefined past the bound. */
  private visit(sim: Simulation, b: Branch): boolean | undefined {
    const key = this.fingerprints.of(sim.fingerprintInput());
    const full = this.result.states >= this.maxStates;
    const seen = this.visited.visit(key, this.k - b.delays, this.f - b.faults, full);
    if (seen === Visit.Covered) {
      this.result.revisits++;
      return false;
    }
    if (full) return undefined;
    this.result.states++;
    if (seen === Visit.New) this.result.distinct++;
    const report = this.options.onProgress;
    if (report !== undefined && this.result.states % this.progressEvery === 0)
      report(this.result.states, this.result.violations.size);
    return true;
  }

  /** Adds a branch for every deviation the budget allows at this state. */
  private branch(
    sim: Simulation,
    next: NextEvent,
    b: Branch,
    step: number,
    path: readonly Deviation[],
  ): void {
    let at: Resume | undefined;
    const add = (choice: number, delays: number, faults: number): void => {
      if (this.snapshots) at ??= { snapshot: sim.snapshot(), step, path };
      this.frontier.push({ devs: [...b.devs, step, choice], delays, faults, at });
    };
    if (next.steerable)
      for (let n = 1; b.delays + n <= this.k; n++) add(DEFER + n, b.delays + n, b.faults);
    if (next.reorderable)
      for (let n = 1; b.delays + n <= this.k; n++) add(REORDER + n, b.delays + n, b.faults);
    if (b.faults >= this.f) return;
    if (next.steerable) add(DROP, b.delays, b.faults + 1);
    if (next.at <= sim.now + 1) return;
    const nodes = sim.world().nodes;
    const delays = this.system.restartDelaysUs.length;
    this.system.crashable.forEach((id, i) => {
      if (nodes.get(id)?.up !== true) return;
      for (let r = 0; r < delays; r++) add(CRASH + i * delays + r, b.delays, b.faults + 1);
    });
  }

  /** Makes one deviation; undefined when it cannot be made. */
  private deviate(
    sim: Simulation,
    next: NextEvent,
    choice: number,
    step: number,
  ): Deviation | undefined {
    const m = next.message;
    if (choice > DEFER || choice === DROP) {
      if (m === undefined) return undefined;
      const type = choice > REORDER ? 'reorder' : choice > DEFER ? 'delay' : 'drop';
      const delayUs =
        type === 'reorder'
          ? sim.deferNext(choice - REORDER, true)
          : type === 'delay'
            ? sim.deferNext(choice - DEFER)
            : sim.dropNext()
              ? 0
              : undefined;
      if (delayUs === undefined) return undefined;
      return { step, type, msg: m.id, kind: m.kind, from: m.from, to: m.to, delayUs };
    }
    const delays = this.system.restartDelaysUs.length;
    const node = this.system.crashable[Math.floor((choice - CRASH) / delays)]!;
    const restartAfterUs = this.system.restartDelaysUs[(choice - CRASH) % delays];
    const atUs = sim.crashNow(node, restartAfterUs);
    this.fingerprints.touched(node);
    return atUs === undefined ? undefined : { step, type: 'crash', node, atUs, restartAfterUs };
  }

  /** Records the violations the engine found since `seen`; gives the new count. */
  private violations(sim: Simulation, path: Path, seen: number): number {
    const all = sim.violationsSoFar;
    for (let i = seen; i < all.length; i++) {
      const v = all[i]!;
      const kept = this.result.violations.get(v.invariant);
      const n = path.deviations.length;
      if (kept !== undefined) {
        const m = kept.path.deviations.length;
        if (m < n || (m === n && kept.path.steps <= path.steps)) continue;
      }
      this.result.violations.set(v.invariant, {
        invariant: v.invariant,
        detail: v.detail,
        atUs: v.t,
        path: { deviations: [...path.deviations], steps: path.steps },
      });
    }
    return all.length;
  }

  /** A finished schedule: its end checks, labels and counts. */
  private finish(sim: Simulation, stop: StopReason, path: Path, seen: number): void {
    const r = this.result;
    const result = sim.finish(stop);
    this.violations(sim, path, seen);
    if (path.steps > r.maxSteps) r.maxSteps = path.steps;
    const labels = this.system.labels(sim, result, path);
    const key = labels.join(', ');
    r.terminals.set(key, (r.terminals.get(key) ?? 0) + 1);
    for (const l of labels)
      if (!r.reached.has(l))
        r.reached.set(l, { deviations: [...path.deviations], steps: path.steps });
  }
}
