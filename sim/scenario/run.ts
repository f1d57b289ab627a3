/**
 * Runs a parsed scenario once: builds the simulation, runs it to its end, judges the
 * outcomes and the expectations, and gathers what the reports need.
 *
 * It writes no files and prints nothing; the CLI and the sweep do that.
 */
import { ArraySink, type RecordedViolation, type RunResult, type TraceEvent, type TraceLevel, type TraceSink } from '../engine/index.js';
import { loadBasisPoints } from '../cms/callbridge.js';
import { judgeOutcomes, type Outcome } from '../cms/outcomes.js';
import { cmsView } from '../cms/world.js';
import { buildSimulation, type BuildOptions, type Built } from './build.js';
import { checkExpectations, type ExpectationResult } from './expect.js';
import type { Scenario } from './schema.js';

export interface RunOptions extends Omit<BuildOptions, 'trace' | 'traceLevel'> {
  /** What the trace records. Default `logs`. */
  traceLevel?: TraceLevel;
  /** Where trace events go; by default they are kept in memory and returned. */
  trace?: TraceSink;
}

export interface BridgeReport {
  id: string;
  loadLimit: number;
  peakLoadBasisPoints: number;
  /** Participant instances at the end of the run. */
  participants: number;
  /** The most participant instances at once. */
  peakParticipants: number;
  /** Load level and participants over time, [microseconds, basis points, participants], one point per change. */
  loadSeries: [number, number, number][];
}

export interface RunOutput {
  scenario: Scenario;
  seed: string | number;
  traceLevel: TraceLevel;
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
  const memory = options.trace === undefined && level !== 'off' ? new ArraySink() : undefined;
  const logs: [number, string, string][] = [];
  const limits = new Map(scenario.cluster.callBridges.map((b) => [b.id, b.loadLimit]));
  const series = new Map<string, [number, number, number][]>([...limits.keys()].map((id) => [id, [[0, 0, 0]]]));
  const peakParticipants = new Map<string, number>([...limits.keys()].map((id) => [id, 0]));
  const built = buildSimulation(scenario, {
    ...options,
    traceLevel: level,
    trace: options.trace ?? memory,
    onLog: (t, node, line) => {
      logs.push([t, node, line]);
      options.onLog?.(t, node, line);
    },
    afterEvent: (world) => {
      for (const cb of cmsView(world).callBridges) {
        const s = series.get(cb.id)!;
        const bp = loadBasisPoints(cb.state.load, limits.get(cb.id)!);
        const n = cb.state.instances.size;
        const last = s[s.length - 1]!;
        if (last[1] !== bp || last[2] !== n) s.push([world.now, bp, n]);
        if (n > peakParticipants.get(cb.id)!) peakParticipants.set(cb.id, n);
      }
    },
  });
  const result = built.sim.run();
  const world = built.sim.world();
  const outcomes = judgeOutcomes(world, built.moves);
  const bridges: BridgeReport[] = cmsView(world).callBridges.map((cb) => ({
    id: cb.id,
    loadLimit: limits.get(cb.id)!,
    peakLoadBasisPoints: loadBasisPoints(cb.state.peakLoad, limits.get(cb.id)!),
    participants: cb.state.instances.size,
    peakParticipants: peakParticipants.get(cb.id)!,
    loadSeries: series.get(cb.id)!,
  }));
  const expectations = checkExpectations(scenario, world, outcomes, result.violations, bridges);
  return {
    scenario,
    seed: built.seed,
    traceLevel: level,
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
  const expected = new Set(out.scenario.expect.flatMap((e) => ('violation' in e ? [e.violation] : [])));
  return out.violations.filter((v) => !expected.has(v.invariant));
}
