/**
 * Runs a sweep's seeds on a pool of worker threads (tinypool) and hands each batch of results to
 * a callback as it completes, in whatever order the workers finish.
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
  /** Seeds per task; default: about eight tasks per worker, between 1 and 64 seeds each. */
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
  const workers = Math.max(1, Math.floor(opts.workers));
  const size = opts.batchSize ?? Math.max(1, Math.min(64, Math.floor(opts.total / (workers * 8))));
  const pool = new Tinypool({ filename: workerFile(), minThreads: workers, maxThreads: workers });
  try {
    const inflight = new Set<Promise<void>>();
    for (const batch of batches(seeds, size)) {
      const task: SweepTask = { ...base, seeds: batch };
      const done: Promise<void> = pool
        .run(task)
        .then(
          (results: SeedResult[]) => opts.onResults(results),
          (e: unknown) => opts.onResults(batch.map((s) => errorResult(s, e))),
        )
        .finally(() => inflight.delete(done));
      inflight.add(done);
      if (inflight.size >= workers * 2) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  } finally {
    await pool.destroy();
  }
}
