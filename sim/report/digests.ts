/**
 * Golden digests: the sha256 of the three files `movesim run` writes for one scenario, seed
 * and trace level (`trace.json`, `summary.json`, `cms.log`), computed in memory from the same
 * writers the command uses, so the bytes hashed are the bytes the command would write.
 *
 * `test/golden/digests.json` keeps them for every shipped scenario; `npm run golden:update`
 * writes that file anew and says which digests changed. A change to a digest is a decision,
 * named in the commit that makes it.
 */
import { createHash } from 'node:crypto';

import type { TraceLevel } from '../engine/index.js';
import { loadScenarioFile } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { cmsLogTo } from './cmslog.js';
import { buildSummary } from './summary.js';
import { writeTraceFile } from './trace-file.js';

/** The digests of one run's files, as lowercase hex sha256. */
export interface RunDigests {
  trace: string;
  summary: string;
  log: string;
}

/** The seeds and trace levels every shipped scenario is locked at. */
export const GOLDEN_SEEDS = [1, 2, 3] as const;
export const GOLDEN_LEVELS = ['messages', 'state'] as const satisfies readonly TraceLevel[];

/** The key of one run in the digests file: `<scenario file>@<seed>/<level>`. */
export function goldenKey(file: string, seed: number, level: TraceLevel): string {
  return `${file}@${seed}/${level}`;
}

/** Loads a shipped scenario file for `digestsOf`; a file that does not load is an error. */
export function loadGoldenScenario(path: string): Scenario {
  const loaded = loadScenarioFile(path, { set: [] });
  if (!loaded.ok) throw new Error(`${path}: does not load (${loaded.problems.length} problem(s))`);
  return loaded.scenario;
}

/** Runs `scenario` as `movesim run --seed SEED --trace-level LEVEL` would, and hashes its files. */
export function digestsOf(scenario: Scenario, seed: number, level: TraceLevel): RunDigests {
  const log = createHash('sha256');
  const out = runScenario(scenario, {
    seed,
    traceLevel: level,
    keepLogs: false,
    onLog: cmsLogTo((text) => log.update(text)),
  });
  const trace = createHash('sha256');
  writeTraceFile((text) => trace.update(text), out, out.events ?? []);
  const summary = createHash('sha256').update(`${JSON.stringify(buildSummary(out), null, 2)}\n`);
  return { trace: trace.digest('hex'), summary: summary.digest('hex'), log: log.digest('hex') };
}
