/**
 * The property search's worker-thread entry (tinypool loads its compiled form,
 * dist/sim/check/check-worker.js): draws a batch of cases of a search by their indices, checks
 * each, and returns, for each, its coverage labels and whether it failed.
 *
 * A worker draws its cases itself (`drawCases`: case i comes from the search's seed and i
 * alone), so which case has which index never depends on the number of workers, and the main
 * thread sends only numbers. Known findings arrive by id (functions cannot cross threads). This
 * file does not shrink or print; `parallel.ts` does the rest.
 */
import { type CaseSearchOptions, checkSketch } from './explore.js';
import { KNOWN_FINDINGS } from './known-findings.js';
import { drawCases } from './schedule.js';

/** One batch of cases: the cases `from` to `from + count - 1` of the search with `seed`. */
export interface CheckTask {
  /** The fast-check seed of the search. */
  seed: number;
  /** The index of the batch's first case (fast-check's run id). */
  from: number;
  /** How many cases the batch has. */
  count: number;
  /** Draw only fault-free cases, as `explore`'s `faultFree`. */
  faultFree: boolean;
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

/**
 * Checks the cases of the batch in order, up to and including the first that fails (the search
 * needs nothing after it).
 */
export default function runCheckTask(task: CheckTask): CaseOutcome[] {
  const ids = task.findingIds;
  const findings =
    ids === undefined ? KNOWN_FINDINGS : KNOWN_FINDINGS.filter((f) => ids.includes(f.id));
  const options = { ...task.options, findings };
  const outcomes: CaseOutcome[] = [];
  for (const sketch of drawCases({ faultFree: task.faultFree }, task.seed, task.from, task.count)) {
    const verdict = checkSketch(options, sketch);
    const failed = verdict.failures.length > 0;
    outcomes.push({ labels: verdict.labels, failed });
    if (failed) break;
  }
  return outcomes;
}
