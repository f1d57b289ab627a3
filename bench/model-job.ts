/**
 * One measured run of the CMS model: load a scenario (a file or the large-scenario generator),
 * run it once with the given trace level, state mode and safety-check schedule, and report the
 * wall and CPU time of the run, its events, messages and moves.
 *
 * Used inside a worker thread (model-worker.ts) and by the memory child (child-run.ts). Two
 * paths: `run` goes through `runScenario` as `movesim run` does (with `cms.log` written to a
 * temporary file as the run goes); `core` builds the simulation and
 * runs it with no runner bookkeeping (no per-event load sampler, no kept log lines), to show
 * what the model itself costs. It prints nothing.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type LargeOptions, largeScenario } from '../scripts/gen-large.js';
import { judgeOutcomes } from '../sim/cms/outcomes.js';
import { ArraySink, type TraceLevel, type TraceSink } from '../sim/engine/index.js';
import { cmsLogTo } from '../sim/report/cmslog.js';
import { NdjsonSink, ndjsonTail } from '../sim/report/ndjson-sink.js';
import { TextFileWriter } from '../sim/report/text-file-writer.js';
import { buildSimulation } from '../sim/scenario/build.js';
import { loadScenarioFile } from '../sim/scenario/load.js';
import { checkReferences } from '../sim/scenario/references.js';
import { runScenario } from '../sim/scenario/run.js';
import { type Scenario, ScenarioSchema } from '../sim/scenario/schema.js';
import { nowMs } from './stats.js';

/** What to run. */
export interface ModelJob {
  /** A scenario file, or options for the large-scenario generator. */
  source: { file: string } | { generate: LargeOptions };
  level: TraceLevel;
  /**
   * `run`: through `runScenario`, writing `cms.log`, as `movesim run`. `core`: the built simulation
   * alone.
   */
  path: 'run' | 'core';
  stateMode: 'immer' | 'mutable';
  safetyChecks: 'every-event' | 'end';
  /**
   * Where a trace other than `off` goes: streamed as NDJSON to a file, kept in memory, or only
   * counted (what recording the trace costs, without keeping or writing it). Default `ndjson`.
   */
  trace?: 'ndjson' | 'memory' | 'count';
  /** Unmeasured runs first, so the measured one runs compiled code. Default 0. */
  warmups?: number;
}

/** A sink that only counts the events it gets. */
class CountingSink implements TraceSink {
  events = 0;
  write(): void {
    this.events++;
  }
}

/** What one run measured. */
export interface ModelRunResult {
  scenario: string;
  /** Wall milliseconds to read and validate the scenario. */
  loadMs: number;
  /** Wall milliseconds of the run (building included), trace writing included. */
  runMs: number;
  /** CPU milliseconds of the process during the run (all threads). */
  cpuMs: number;
  events: number;
  messages: number;
  moves: number;
  moved: number;
  violations: number;
  /** Bytes of the streamed NDJSON trace; 0 when the trace is off. */
  traceBytes: number;
  /** Peak resident set size of the process so far, in megabytes. */
  peakRssMb: number;
}

/**
 * Loads the job's scenario; throws with every problem when it does not validate. A generated
 * scenario is validated as an object (schema and references), without YAML text, so its size
 * does not add a YAML parser's memory to the measurement.
 */
export function loadJobScenario(source: ModelJob['source']): Scenario {
  if ('generate' in source) {
    const input = largeScenario(source.generate);
    const parsed = ScenarioSchema.safeParse(input);
    const refs = checkReferences(input);
    if (!parsed.success || refs.length > 0) {
      const issues = parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(
        `the generated scenario does not validate: ${[...issues, ...refs.map((f) => `${f.path.join('.')}: ${f.message}`)].join('; ')}`,
      );
    }
    return parsed.data;
  }
  const loaded = loadScenarioFile(source.file);
  if (!loaded.ok)
    throw new Error(
      `${source.file} does not validate: ${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return loaded.scenario;
}

/**
 * Runs the job (after its warm-up runs) and measures the last run. A trace other than `off` is
 * streamed as NDJSON to a temporary file.
 */
export function runModelJob(job: ModelJob): ModelRunResult {
  for (let i = 0; i < (job.warmups ?? 0); i++) runOnce(job);
  return runOnce(job);
}

function runOnce(job: ModelJob): ModelRunResult {
  const t0 = nowMs();
  const scenario = loadJobScenario(job.source);
  const loadMs = nowMs() - t0;
  const toFile = job.level !== 'off' && (job.trace ?? 'ndjson') === 'ndjson';
  const dir =
    !toFile && job.path === 'core' ? undefined : mkdtempSync(join(tmpdir(), 'movesim-bench-'));
  const tracePath = dir === undefined || !toFile ? undefined : join(dir, 'trace.ndjson');
  const memory =
    job.level === 'off' || toFile
      ? undefined
      : job.trace === 'memory'
        ? new ArraySink()
        : new CountingSink();
  const sink: TraceSink | undefined =
    tracePath === undefined
      ? memory
      : NdjsonSink.toFile(tracePath, { scenario: scenario.name, writerThread: true });
  const ndjson = sink instanceof NdjsonSink ? sink : undefined;
  const cpu0 = process.cpuUsage();
  const t1 = nowMs();
  let events: number;
  let messages: number;
  let moved: number;
  let violations: number;
  if (job.path === 'run') {
    // As `movesim run` does it: the CMS log goes to a file as the run goes, not into memory.
    const log = new TextFileWriter(join(dir!, 'cms.log'));
    const out = runScenario(scenario, {
      traceLevel: job.level,
      ...(sink === undefined ? {} : { trace: sink }),
      stateMode: job.stateMode,
      safetyChecks: job.safetyChecks,
      keepLogs: false,
      onLog: cmsLogTo((text) => log.write(text)),
    });
    log.close();
    ndjson?.finish(ndjsonTail(out));
    ({ events, messages } = out.result);
    moved = out.outcomes.filter((o) => o.result === 'moved').length;
    violations = out.violations.length;
  } else {
    const built = buildSimulation(scenario, {
      traceLevel: job.level,
      ...(sink === undefined ? {} : { trace: sink }),
      stateMode: job.stateMode,
      safetyChecks: job.safetyChecks,
    });
    const result = built.sim.run();
    const outcomes = built.judged.outcomes ?? judgeOutcomes(built.sim.world(), built.moves);
    ndjson?.finish({ outcomes, violations: result.violations });
    ({ events, messages } = result);
    moved = outcomes.filter((o) => o.result === 'moved').length;
    violations = result.violations.length;
  }
  const runMs = nowMs() - t1;
  const cpu = process.cpuUsage(cpu0);
  const traceBytes = tracePath === undefined ? 0 : statSync(tracePath).size;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  return {
    scenario: scenario.name,
    loadMs,
    runMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    events,
    messages,
    moves: scenario.moves.length,
    moved,
    violations,
    traceBytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
