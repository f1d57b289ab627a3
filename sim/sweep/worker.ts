/**
 * The sweep's worker-thread entry (tinypool loads its compiled form, dist/sim/sweep/worker.js):
 * runs a batch of seeds of one scenario and returns their small results.
 *
 * The scenario arrives as text and is loaded once per worker for each text, file and overrides
 * (a grid's points differ in their overrides), and kept for the next tasks. The main thread has
 * already validated it, so a load failure here is a bug and throws. This file does not aggregate
 * or print.
 */
import { formatProblem, loadScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { runSeed, type SeedResult } from './seed-result.js';

/** One batch of seeds of one scenario. */
export interface SweepTask {
  /** The scenario file's text. */
  scenarioText: string;
  /** The file name, which decides YAML or JSON and names problems. */
  fileName: string;
  /** `--set` overrides, applied before validation. */
  set: string[];
  /** The seeds to run, in order. */
  seeds: number[];
}

/** The scenarios loaded so far, by text, file and overrides; a grid has one per point. */
const cache = new Map<string, Scenario>();

/** The most scenarios kept; a worker of a large grid drops the oldest. */
const CACHE_SIZE = 32;

function scenarioOf(task: SweepTask): Scenario {
  const key = JSON.stringify([task.fileName, task.set, task.scenarioText]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const loaded = loadScenarioText(task.scenarioText, task.fileName, { set: task.set });
  if (!loaded.ok)
    throw new Error(
      `the scenario does not load in the worker:\n${loaded.problems.map(formatProblem).join('\n')}`,
    );
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, loaded.scenario);
  return loaded.scenario;
}

/** Runs every seed of the task; a seed whose run throws becomes a failed result. */
export default function runTask(task: SweepTask): SeedResult[] {
  const scenario = scenarioOf(task);
  return task.seeds.map((seed) => runSeed(scenario, seed));
}
