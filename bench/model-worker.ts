/**
 * The worker thread of the model benchmark: runs one `ModelJob` (its `workerData`) and posts
 * the `ModelRunResult` back, or `{ error }`.
 *
 * A fresh worker per run gives each run a fresh heap, and lets the benchmark stop a run that
 * passes its time budget. It measures nothing itself; model-job.ts does.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { type ModelJob, runModelJob } from './model-job.js';

try {
  parentPort!.postMessage({ result: runModelJob(workerData as ModelJob) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
