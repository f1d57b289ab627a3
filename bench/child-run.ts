/**
 * The child process of the memory benchmark: runs one `ModelJob` given as JSON in argv[2] and
 * prints its `ModelRunResult` (with the process's peak resident set size) as one JSON line.
 *
 * Each workload size runs in its own process so one run's heap never inflates another's peak.
 * It decides nothing about what is measured; memory-bench.ts does.
 */
import { type ModelJob, runModelJob } from './model-job.js';

const job = JSON.parse(process.argv[2] ?? '') as ModelJob;
process.stdout.write(`${JSON.stringify(runModelJob(job))}\n`);
