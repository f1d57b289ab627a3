/**
 * The systematic-search rows: states per second of `movesim explore`'s search on the
 * single-move scenarios, and the memory it keeps per state explored (its visited set of 64-bit
 * fingerprints, its frontier of branches and their snapshots; no state is kept in the visited
 * set), with snapshots (the default) or by re-executing each branch from the start (the
 * search before snapshots, the baseline of the ratio).
 */
import { join } from 'node:path';

import { scenarioSystem } from '../sim/explore/scenario-system.js';
import { explore, type ExploreOptions } from '../sim/explore/search.js';
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
  /** Heap and typed-array growth over the search divided by its distinct states, in bytes. */
  heapBytesPerState: number;
  stepping: NonNullable<ExploreOptions['stepping']>;
}

/** The heap in use and the typed arrays' memory (the visited set's table), in bytes. */
const memoryNow = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Runs one search of `name` within the bounds and measures it. */
export function benchExplore(
  name: string,
  delays: number,
  faults: number,
  maxStates: number,
  stepping: ExploreBenchResult['stepping'] = 'snapshots',
): ExploreBenchResult {
  const scenario = loadJobScenario({ file: join(ROOT, 'scenarios', `${name}.yaml`) });
  const heapBefore = memoryNow();
  let heapAfter = heapBefore;
  let ends = 0;
  const start = nowMs();
  const system = scenarioSystem(scenario);
  const r = explore(
    {
      ...system,
      // The most memory seen at every 256th end state, while the visited set is alive.
      labels: (sim, result, path) => {
        if ((ends++ & 255) === 0) heapAfter = Math.max(heapAfter, memoryNow());
        return system.labels(sim, result, path);
      },
    },
    { delays, faults, maxStates, stepping },
  );
  const seconds = (nowMs() - start) / 1000;
  return {
    scenario: name,
    delays,
    faults,
    states: r.states,
    complete: r.complete,
    seconds,
    statesPerSecond: r.states / seconds,
    heapBytesPerState: Math.max(0, heapAfter - heapBefore) / Math.max(1, r.distinct),
    stepping,
  };
}
