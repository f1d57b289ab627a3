/**
 * The property search on a pool of worker threads (`movesim check --workers N`), with the same
 * result whatever N: the same cases, the same first failure and the same shrunk counterexample as
 * `explore` on one thread.
 *
 * The main thread draws every case with fast-check's `sample` under the search's seed (the same
 * sequence `fc.check` generates: `plannedCases` of `schedule.ts`), hands them to the workers in
 * batches by index, and takes the failure of the lowest index. It then replays that one case
 * with `explore` and its fast-check path (the index), which shrinks it on this thread exactly as
 * a one-thread search would.
 * Coverage counts the cases up to and including the failing one, as `explore` does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import Tinypool from 'tinypool';

import type { CaseOutcome, CheckTask } from './check-worker.js';
import { Coverage } from './coverage.js';
import { explore, type ExploreOptions, type ExploreResult } from './explore.js';
import { plannedCases } from './schedule.js';

/** Options of `exploreOnPool`. */
export interface PoolExploreOptions extends Omit<ExploreOptions, 'focus' | 'path' | 'onCase'> {
  /** Worker threads; at least 1. */
  workers: number;
  /** Cases per task. Default: about eight tasks per worker, between 1 and 50 cases each. */
  batchSize?: number;
}

/** The compiled worker file: beside this module when compiled, else under dist/ of the project. */
function workerFile(): string {
  for (const rel of ['./check-worker.js', '../../dist/sim/check/check-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(
    'the check worker dist/sim/check/check-worker.js is missing; run `npm run build` in the movesim folder first',
  );
}

/** Runs a search on `workers` threads; the result equals `explore`'s with the same options. */
export async function exploreOnPool(options: PoolExploreOptions): Promise<ExploreResult> {
  const runs = options.runs ?? 100;
  const workers = Math.max(1, Math.floor(options.workers));
  const size = options.batchSize ?? Math.max(1, Math.min(50, Math.floor(runs / (workers * 8))));
  const sketches = plannedCases({ faultFree: options.faultFree ?? false }, options.seed, runs);
  const task = (from: number): CheckTask => ({
    sketches: sketches.slice(from, from + size),
    options: {
      ...(options.breakModel !== undefined ? { breakModel: options.breakModel } : {}),
      ...(options.determinismEvery !== undefined
        ? { determinismEvery: options.determinismEvery }
        : {}),
      ...(options.onlyWhatBreakCauses !== undefined
        ? { onlyWhatBreakCauses: options.onlyWhatBreakCauses }
        : {}),
    },
    ...(options.findings !== undefined ? { findingIds: options.findings.map((f) => f.id) } : {}),
  });
  const outcomes: (CaseOutcome | undefined)[] = new Array<CaseOutcome | undefined>(runs);
  let firstFailure = Infinity;
  const pool = new Tinypool({ filename: workerFile(), minThreads: workers, maxThreads: workers });
  try {
    const inflight = new Set<Promise<void>>();
    for (let from = 0; from < runs && from < firstFailure; from += size) {
      const done: Promise<void> = pool
        .run(task(from))
        .then((batch: CaseOutcome[]) => {
          batch.forEach((o, k) => {
            outcomes[from + k] = o;
            if (o.failed) firstFailure = Math.min(firstFailure, from + k);
          });
        })
        .finally(() => inflight.delete(done));
      inflight.add(done);
      if (inflight.size >= workers * 2) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  } finally {
    await pool.destroy();
  }
  const coverage = options.coverage ?? new Coverage();
  const counted = Math.min(runs, firstFailure + 1);
  for (let i = 0; i < counted; i++) coverage.add(outcomes[i]!.labels);
  if (firstFailure === Infinity)
    return { seed: options.seed, numRuns: runs, counterexample: undefined, coverage };
  const { workers: _w, batchSize: _b, coverage: _c, ...rest } = options;
  const shrunk = explore({ ...rest, path: String(firstFailure) });
  return { ...shrunk, numRuns: firstFailure + 1, coverage };
}
