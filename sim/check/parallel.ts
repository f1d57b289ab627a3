/**
 * The property search on a pool of worker threads (`movesim check --workers N`), with the same
 * result whatever N: the same cases, the same first failure and the same shrunk counterexample as
 * `explore` on one thread.
 *
 * The main thread hands out the cases as ranges of indices, in order, a few batches per worker
 * in flight; each worker draws the cases of its range itself (`drawCases`: case i depends on the
 * search's seed and i only) and checks them. The failure of the lowest index wins: the main
 * thread then replays that one case with `explore` and its fast-check path (the index), which
 * shrinks it on this thread exactly as a one-thread search would. Coverage counts the cases up
 * to and including the failing one, as `explore` does. A `CheckPool` can run many searches on
 * the same threads, so their start (and the warming of their code) is paid once.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import Tinypool from 'tinypool';

import type { CaseOutcome, CheckTask } from './check-worker.js';
import { Coverage } from './coverage.js';
import { explore, type ExploreOptions, type ExploreResult } from './explore.js';

/** Options of a search on a pool. */
export interface PoolSearchOptions extends Omit<ExploreOptions, 'focus' | 'path' | 'onCase'> {
  /**
   * Cases per task. Default: about sixteen tasks per worker, between 1 and 25 cases each (small
   * tasks keep the workers finishing together and waste little after a failure).
   */
  batchSize?: number;
}

/** Options of `exploreOnPool`. */
export interface PoolExploreOptions extends PoolSearchOptions {
  /** Worker threads; at least 1. */
  workers: number;
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

/** The part of a task that is the same for every batch of a search. */
function taskBase(options: PoolSearchOptions): Omit<CheckTask, 'from' | 'count'> {
  return {
    seed: options.seed,
    faultFree: options.faultFree ?? false,
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
  };
}

/** Worker threads that run property searches, started once for any number of searches. */
export class CheckPool {
  readonly workers: number;
  private readonly pool: Tinypool;

  /** Starts `workers` threads (at least 1). */
  constructor(workers: number) {
    this.workers = Math.max(1, Math.floor(workers));
    this.pool = new Tinypool({
      filename: workerFile(),
      minThreads: this.workers,
      maxThreads: this.workers,
    });
  }

  /** Runs one search on the pool's threads; the result equals `explore`'s with the same options. */
  async search(options: PoolSearchOptions): Promise<ExploreResult> {
    const runs = options.runs ?? 100;
    const size =
      options.batchSize ?? Math.max(1, Math.min(25, Math.floor(runs / (this.workers * 16))));
    const outcomes = await this.runBatches(taskBase(options), runs, size);
    const failing = outcomes.findIndex((o) => o?.failed === true);
    const counted = failing < 0 ? runs : failing + 1;
    const coverage = options.coverage ?? new Coverage();
    for (let i = 0; i < counted; i++) coverage.add(outcomes[i]!.labels);
    if (failing < 0)
      return { seed: options.seed, numRuns: runs, counterexample: undefined, coverage };
    const { batchSize: _b, coverage: _c, ...rest } = options;
    const shrunk = explore({ ...rest, path: String(failing) });
    return { ...shrunk, numRuns: failing + 1, coverage };
  }

  /** Stops the threads. */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }

  /**
   * Runs the cases `0` to `runs - 1` in tasks of `size`, in order, until every case before the
   * first failure has run; returns each case's outcome by index (none after a failing case of
   * its batch, nor for batches never started).
   */
  private async runBatches(
    base: Omit<CheckTask, 'from' | 'count'>,
    runs: number,
    size: number,
  ): Promise<(CaseOutcome | undefined)[]> {
    const outcomes = new Array<CaseOutcome | undefined>(runs);
    let firstFailure = Infinity;
    let error: unknown;
    const inflight = new Set<Promise<void>>();
    for (let from = 0; from < runs && from < firstFailure && error === undefined; from += size) {
      const task: CheckTask = { ...base, from, count: Math.min(size, runs - from) };
      const done: Promise<void> = this.pool
        .run(task)
        .then(
          (batch: CaseOutcome[]) =>
            batch.forEach((o, k) => {
              outcomes[from + k] = o;
              if (o.failed) firstFailure = Math.min(firstFailure, from + k);
            }),
          (e: unknown) => {
            error ??= e;
          },
        )
        .finally(() => inflight.delete(done));
      inflight.add(done);
      if (inflight.size >= this.workers * 2) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    // A worker that threw met a bug of sim/check (as `explore` would on one thread): surface it.
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    return outcomes;
  }
}

/** Runs a search on `workers` new threads, then stops them; the result equals `explore`'s. */
export async function exploreOnPool(options: PoolExploreOptions): Promise<ExploreResult> {
  const { workers, ...search } = options;
  const pool = new CheckPool(workers);
  try {
    return await pool.search(search);
  } finally {
    await pool.destroy();
  }
}
