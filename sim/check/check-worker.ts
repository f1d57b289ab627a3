/**
 * The property search's worker-thread entry (tinypool loads its compiled form,
 * dist/sim/check/check-worker.js): checks a batch of generated cases and returns, for each, its
 * coverage labels and whether it failed.
 *
 * Cases arrive as sketches drawn by the main thread, so which case has which index never depends
 * on the number of workers. Known findings arrive by id (functions cannot cross threads). This
 * file does not shrink or print; `parallel.ts` does the rest.
 */
import { type CaseSearchOptions, checkSketch } from './explore.js';
import { KNOWN_FINDINGS } from './known-findings.js';
import type { Sketch } from './sketch.js';

/** One batch of cases. */
export interface CheckTask {
  sketches: Sketch[];
  /** The search options that can cross a thread (no `focus`, findings by id). */
  options: Omit<CaseSearchOptions, 'focus' | 'findings'>;
  /** The ids of the known findings to excuse; all of them when absent. */
  findingIds?: string[];
}

/** What one case showed. */
export interface CaseOutcome {
  labels: string[];
  failed: boolean;
}

/** Checks every case of the batch, in order. */
export default function runCheckTask(task: CheckTask): CaseOutcome[] {
  const ids = task.findingIds;
  const findings =
    ids === undefined ? KNOWN_FINDINGS : KNOWN_FINDINGS.filter((f) => ids.includes(f.id));
  return task.sketches.map((sketch) => {
    const verdict = checkSketch({ ...task.options, findings }, sketch);
    return { labels: verdict.labels, failed: verdict.failures.length > 0 };
  });
}
