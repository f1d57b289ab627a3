/**
 * The systematic-search rows: states per second of `movesim explore`'s search on the
 * single-move scenarios, and the heap it keeps per state explored (its visited set of
 * fingerprints and its frontier of branches; no state is kept).
 */
import { join } from 'node:path';

import { scenarioSystem } from '../sim/explore/scenario-system.js';
import { explore } from '../sim/explore/search.js';
import { loadJobScenario } from './model-job.js';
import { nowMs } from './stats.js';
import { ROOT } from './sweep-bench.js';

/** One measured search. */
export interface ExploreBenchResult {
  scenario: string;
  delays: number;
  faults: number;
  states: number;
  complete: boolean;
  seconds: number;
  statesPerSecond: number;
  /** Heap growth over the search divided by its distinct states, in bytes. */
  heapBytesPerState: number;
}

/** Runs one search of `name` within the bounds and measures it. */
export function benchExplore(
  name: string,
  delays: number,
  faults: number,
  maxStates: number,
): ExploreBenchResult {
  const scenario = loadJobScenario({ file: join(ROOT, 'scenarios', `${name}.yaml`) });
  const heapBefore = process.memoryUsage().heapUsed;
  const start = nowMs();
  const r = explore(scenarioSystem(scenario), { delays, faults, maxStates });
  const seconds = (nowMs() - start) / 1000;
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    scenario: name,
    delays,
    faults,
    states: r.states,
    complete: r.complete,
    seconds,
    statesPerSecond: r.states / seconds,
    heapBytesPerState: Math.max(0, heapAfter - heapBefore) / Math.max(1, r.distinct),
  };
}
