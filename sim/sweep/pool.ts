/**
 * Runs a sweep's seeds (of one scenario, or of every point of a grid) on a pool of worker threads
 * (tinypool) and hands each batch of results to a callback as it completes, in whatever order the
 * workers finish.
 *
 * It keeps only a few batches in flight, so a million seeds need no million promises, and turns
 * a batch whose worker failed into failed seeds instead of a crash. It does not aggregate (the
 * callback does) and measures no time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import Tinypool from 'tinypool';

import { errorResult, type SeedResult } from './seed-result.js';
import type { SweepTask } from './worker.js';

/** Options of `runSeedsOnPool`. */
export interface PoolOptions {
  /** Worker threads to start; at least 1. */
  workers: number;
  /** How many seeds there are (sizes the batches). */
  total: number;
  /**
   * Seeds per task; default: about 32 tasks per worker, between 1 and 64 seeds each. Small tasks
   * keep the workers finishing together: with eight per worker, a 1,000-seed `breakout-120`
   * sweep gave one worker a ninth 62-seed task (about 20 s) while the other waited
   * (docs/performance.md, "Sweep batches").
   */
  batchSize?: number;
  /** Called with each finished batch's results. */
  onResults: (results: SeedResult[]) => void;
}

/** The compiled worker file: beside this module when compiled, else under dist/ of the project. */
export function workerFile(): string {
  for (const rel of ['./worker.js', '../../dist/sim/sweep/worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(
    'the sweep worker dist/sim/sweep/worker.js is missing; run `npm run build` in the movesim folder first',
  );
}

function* batches(seeds: Iterable<number>, size: number): Generator<number[]> {
  let batch: number[] = [];
  for (const s of seeds) {
    batch.push(s);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Runs `seeds` of the task's scenario on `workers` threads; resolves when every seed has a result.
 */
export async function runSeedsOnPool(
  base: Omit<SweepTask, 'seeds'>,
  seeds: Iterable<number>,
  opts: PoolOptions,
): Promise<void> {
  await runJobsOnPool([{ base, seeds, tag: 0 }], {
    ...opts,
    onResults: (_, r) => opts.onResults(r),
  });
}

/** One scenario's seeds (a grid point's) for `runJobsOnPool`, with a tag its results carry. */
export interface PoolJob<T> {
  base: Omit<SweepTask, 'seeds'>;
  seeds: Iterable<number>;
  tag: T;
}

/**
 * Runs every job's seeds on `workers` threads, in batches of at most one job each; the results of
 * a batch arrive with its job's tag. Resolves when every seed has a result.
 */
export async function runJobsOnPool<T>(
  jobs: Iterable<PoolJob<T>>,
  opts: Omit<PoolOptions, 'onResults'> & { onResults: (tag: T, results: SeedResult[]) => void },
): Promise<void> {
  const workers = Math.max(1, Math.floor(opts.workers));
  const size = opts.batchSize ?? Math.max(1, Math.min(64, Math.floor(opts.total / (workers * 32))));
  const pool = new Tinypool({ filename: workerFile(), minThreads: workers, maxThreads: workers });
  try {
    const inflight = new Set<Promise<void>>();
    for (const job of jobs) {
      for (const batch of batches(job.seeds, size)) {
        const task: SweepTask = { ...job.base, seeds: batch };
        const done: Promise<void> = pool
          .run(task)
          .then(
            (results: SeedResult[]) => opts.onResults(job.tag, results),
            (e: unknown) =>
              opts.onResults(
                job.tag,
                batch.map((s) => errorResult(s, e)),
              ),
          )
          .finally(() => inflight.delete(done));
        inflight.add(done);
        if (inflight.size >= workers * 2) await Promise.race(inflight);
      }
    }
    await Promise.all(inflight);
  } finally {
    await pool.destroy();
  }
}
