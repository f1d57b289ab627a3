/**
 * The model benchmark: runs `ModelJob`s in fresh worker threads of this process, several times
 * each, with a wall-time budget per run, and reports medians.
 *
 * A run past its budget is stopped (the worker is terminated) and reported as such, so a slow
 * path shows up as "over budget" instead of hanging the benchmark. It does not choose the
 * cases; index.ts does.
 */
import { Worker } from 'node:worker_threads';

import type { ModelJob, ModelRunResult } from './model-job.js';
import { median } from './stats.js';

/** Medians over the runs of one job, or why there are none. */
export interface ModelMeasure {
  job: ModelJob;
  runs: ModelRunResult[];
  /** Set when a run passed the budget or failed; the runs before it are kept. */
  stopped?: string;
  medianRunMs?: number;
  medianCpuMs?: number;
  medianLoadMs?: number;
}

/** Runs `job` once in a fresh worker; resolves with its result or a reason it has none. */
export function runInWorker(
  job: ModelJob,
  budgetMs: number,
): Promise<{ result?: ModelRunResult; stopped?: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./model-worker.js', import.meta.url), { workerData: job });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ stopped: `over the ${(budgetMs / 1000).toFixed(0)} s budget` });
    }, budgetMs);
    worker.once('message', (m: { result?: ModelRunResult; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(
        m.result !== undefined
          ? { result: m.result }
          : { stopped: `failed: ${m.error ?? 'unknown error'}` },
      );
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve({ stopped: `failed: ${e.message}` });
    });
  });
}

/** Runs `job` `runs` times, one worker each, stopping at the first run past `budgetMs`. */
export async function measureModel(
  job: ModelJob,
  runs: number,
  budgetMs: number,
): Promise<ModelMeasure> {
  const m: ModelMeasure = { job, runs: [] };
  for (let i = 0; i < runs; i++) {
    const r = await runInWorker(job, budgetMs);
    if (r.result === undefined) {
      m.stopped = r.stopped;
      break;
    }
    m.runs.push(r.result);
  }
  if (m.runs.length > 0) {
    m.medianRunMs = median(m.runs.map((r) => r.runMs));
    m.medianCpuMs = median(m.runs.map((r) => r.cpuMs));
    m.medianLoadMs = median(m.runs.map((r) => r.loadMs));
  }
  return m;
}
