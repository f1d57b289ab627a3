/**
 * Runs a parsed scenario once: builds the simulation, runs it to its end, judges the
 * outcomes and the expectations, and gathers what the reports need.
 *
 * It writes no files and prints nothing; the CLI and the sweep do that.
 */
import { loadBasisPoints } from '../cms/callbridge.js';
import { judgeOutcomes, type Outcome } from '../cms/outcomes.js';
import type { CallBridgeState } from '../cms/state.js';
import { cmsView } from '../cms/world.js';
import {
  ArraySink,
  type RecordedViolation,
  type RunResult,
  type TraceEvent,
  type TraceLevel,
  type TraceSink,
} from '../engine/index.js';
import { type BuildOptions, buildSimulation, type Built } from './build.js';
import { checkExpectations, type ExpectationResult } from './expect.js';
import type { Scenario } from './schema.js';

export interface RunOptions extends Omit<BuildOptions, 'trace' | 'traceLevel'> {
  /** What the trace records. Default `logs`. */
  traceLevel?: TraceLevel;
  /** Where trace events go; by default they are kept in memory and returned. */
  trace?: TraceSink;
  /** Keep the CMS log lines in `RunOutput.logs`. Default true; `onLog` sees them either way. */
  keepLogs?: boolean;
}

/** Above this many participants a run is "large": see `largeRunDefaults`. */
export const LARGE_RUN_PARTICIPANTS = 500;

/**
 * The defaults a large run needs to finish in seconds (docs/performance.md): handlers on the
 * live state instead of immer drafts (the identical trace, tested; at the `state` trace level
 * the engine records the patches with its patch recorder instead of immer), and safety checks
 * once at the end instead of after every event (each check walks every instance). Small runs
 * keep immer and per-event checks. Explicit options win.
 */
export function largeRunDefaults(
  scenario: Scenario,
  options: RunOptions,
): Pick<RunOptions, 'stateMode' | 'safetyChecks'> {
  const large = scenario.participants.length > LARGE_RUN_PARTICIPANTS;
  return {
    stateMode: options.stateMode ?? (large ? 'mutable' : 'immer'),
    safetyChecks: options.safetyChecks ?? (large ? 'end' : 'every-event'),
  };
}

export interface BridgeReport {
  id: string;
  loadLimit: number;
  peakLoadBasisPoints: number;
  /** Participant instances at the end of the run. */
  participants: number;
  /** The most participant instances at once. */
  peakParticipants: number;
  /**
   * Load level and participants over time, [microseconds, basis points, participants], one point
   * per change.
   */
  loadSeries: [number, number, number][];
}

export interface RunOutput {
  scenario: Scenario;
  seed: string | number;
  traceLevel: TraceLevel;
  /** How the run was made: handler state mode and when safety checks ran. */
  mode: Required<Pick<RunOptions, 'stateMode' | 'safetyChecks'>>;
  result: RunResult;
  outcomes: Outcome[];
  violations: RecordedViolation[];
  expectations: ExpectationResult[];
  bridges: BridgeReport[];
  /** The trace events, when kept in memory. */
  events: TraceEvent[] | undefined;
  /** CMS log lines: `[t, node, line]`. */
  logs: [number, string, string][];
  built: Built;
}

/** Runs `scenario` and returns everything a report needs. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutput {
  const level = options.traceLevel ?? 'logs';
  const keepLogs = options.keepLogs ?? true;
  const memory = options.trace === undefined && level !== 'off' ? new ArraySink() : undefined;
  const logs: [number, string, string][] = [];
  /** What the load sampler keeps per call bridge: one lookup per event. */
  interface Sampled {
    loadLimit: number;
    series: [number, number, number][];
    peakParticipants: number;
  }
  const sampled = new Map<string, Sampled>(
    scenario.cluster.callBridges.map((b) => [
      b.id,
      { loadLimit: b.loadLimit, series: [[0, 0, 0]], peakParticipants: 0 },
    ]),
  );
  const mode = largeRunDefaults(scenario, options) as RunOutput['mode'];
  const own: BuildOptions = {
    traceLevel: level,
    trace: options.trace ?? memory,
    onLog: (t, node, line) => {
      if (keepLogs) logs.push([t, node, line]);
      options.onLog?.(t, node, line);
    },
    afterEvent: (world, changed) => {
      // A bridge's load changes only when its own handler runs (or it restarts).
      const b = changed?.kind !== 'callbridge' ? undefined : sampled.get(changed.id);
      if (b === undefined) return;
      const cb = changed!.state as CallBridgeState;
      const s = b.series;
      const bp = loadBasisPoints(cb.load, b.loadLimit);
      const n = cb.instances.size;
      const last = s[s.length - 1]!;
      if (last[1] !== bp || last[2] !== n) s.push([world.now, bp, n]);
      if (n > b.peakParticipants) b.peakParticipants = n;
    },
  };
  // `Object.assign`, not a literal opening with `...options`: on Node 20's V8 such a literal that
  // then gains keys gets a hidden class of its own each time (docs/performance.md, "Warm-up").
  const built = buildSimulation(scenario, Object.assign({}, options, mode, own));
  const result = built.sim.run();
  const world = built.sim.world();
  // The move-outcome check judged this end state as the run stopped; judge again only if not.
  const judged = built.judged;
  const outcomes =
    judged.outcomes !== undefined && judged.atUs === world.now
      ? judged.outcomes
      : judgeOutcomes(world, built.moves);
  const bridges: BridgeReport[] = cmsView(world).callBridges.map((cb) => {
    const b = sampled.get(cb.id)!;
    return {
      id: cb.id,
      loadLimit: b.loadLimit,
      peakLoadBasisPoints: loadBasisPoints(cb.state.peakLoad, b.loadLimit),
      participants: cb.state.instances.size,
      peakParticipants: b.peakParticipants,
      loadSeries: b.series,
    };
  });
  const expectations = checkExpectations(scenario, world, outcomes, result.violations, bridges);
  return {
    scenario,
    seed: built.seed,
    traceLevel: level,
    mode,
    result,
    outcomes,
    violations: result.violations,
    expectations,
    bridges,
    events: memory?.events,
    logs,
    built,
  };
}

/**
 * True when the run kept every promise: every expectation held and no invariant was violated
 * except those the scenario expects (a scenario may demonstrate a known bug).
 */
export function runPassed(out: RunOutput): boolean {
  return unexpectedViolations(out).length === 0 && out.expectations.every((e) => e.ok);
}

/** The violations the scenario did not expect. */
export function unexpectedViolations(out: RunOutput): RecordedViolation[] {
  const expected = new Set(
    out.scenario.expect.flatMap((e) => ('violation' in e ? [e.violation] : [])),
  );
  return out.violations.filter((v) => !expected.has(v.invariant));
}
