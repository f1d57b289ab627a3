/**
 * The memory benchmark: peak resident set size of a model run at 1×, 4× and 16× the
 * workload, each in its own child process, with the trace off and streamed to disk. Each point
 * is run several times (each in a fresh process) and reported by its median: a run's peak moves
 * by a few megabytes with when V8 happens to collect its old generation.
 *
 * The workload grows in length, not in size: the same cluster (the large scenario at a tenth
 * of its participants) with each participant moved once per ten-minute round, 1, 4 or 16
 * rounds. A flat peak means memory does not grow with the run; what still grows is listed in
 * docs/performance.md. It prints nothing; index.ts does.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { TraceLevel } from '../sim/engine/index.js';
import type { ModelJob, ModelRunResult } from './model-job.js';

/** One workload size's measurement. */
export interface MemoryPoint {
  factor: number;
  level: TraceLevel;
  path: ModelJob['path'];
  /** The run with the median peak RSS. */
  result?: ModelRunResult;
  /** The peak RSS of every run of this point, in megabytes, in the order they ran. */
  peakRssMbs: number[];
  error?: string;
}

/** Options of the memory benchmark. */
export interface MemoryBenchOptions {
  /** Participants as a fraction of the large scenario. Default 0.1 (1,000 participants). */
  scale?: number;
  /** Workload factors, each in its own process. Default [1, 4, 16]. */
  factors?: number[];
  /** Runner paths to measure. Default ['core', 'run']. */
  paths?: ModelJob['path'][];
  /**
   * Trace levels to measure; a trace is streamed to disk. Default off and messages for `core`, off
   * for `run`.
   */
  levels?: TraceLevel[];
  /** Wall budget per child process, in milliseconds. Default 300,000. */
  budgetMs?: number;
  /** Runs per point, each in a fresh process; the median is reported. Default 3. */
  repeats?: number;
}

/** Runs every (path, level, factor) in a fresh child process and collects its peak RSS. */
export function benchMemory(options: MemoryBenchOptions = {}): MemoryPoint[] {
  const child = fileURLToPath(new URL('./child-run.js', import.meta.url));
  const points: MemoryPoint[] = [];
  for (const path of options.paths ?? ['core', 'run']) {
    for (const level of options.levels ?? (path === 'core' ? ['off', 'messages'] : ['off'])) {
      for (const factor of options.factors ?? [1, 4, 16]) {
        const job: ModelJob = {
          source: { generate: { scale: options.scale ?? 0.1, rounds: factor } },
          level,
          path,
          stateMode: 'mutable',
          safetyChecks: 'end',
        };
        const results: ModelRunResult[] = [];
        try {
          for (let r = 0; r < (options.repeats ?? 3); r++) {
            const out = execFileSync(process.execPath, [child, JSON.stringify(job)], {
              encoding: 'utf8',
              timeout: options.budgetMs ?? 300_000,
              maxBuffer: 1 << 20,
            });
            results.push(JSON.parse(out) as ModelRunResult);
          }
          const sorted = [...results].sort((a, b) => a.peakRssMb - b.peakRssMb);
          points.push({
            factor,
            level,
            path,
            result: sorted[(sorted.length - 1) >> 1],
            peakRssMbs: results.map((x) => x.peakRssMb),
          });
        } catch (e) {
          points.push({
            factor,
            level,
            path,
            peakRssMbs: results.map((x) => x.peakRssMb),
            error: e instanceof Error ? e.message.split('\n')[0]! : String(e),
          });
        }
      }
    }
  }
  return points;
}
