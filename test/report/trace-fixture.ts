/**
 * Shared pieces of the export tests: runs a scenario in this process and gives its trace as the
 * `trace.json` text and as the streamed NDJSON form (in its older shape, the meta in the header
 * line). Each event is written with `eventJson`, as both real writers write it: plain
 * `JSON.stringify` would write the Maps of a state event's patches (a restarted bridge's whole
 * state, its `calls`, ...) as `{}`. This is not a test file; it holds no assertions.
 */
import type { TraceLevel } from '../../sim/engine/index.js';
import { eventJson } from '../../sim/report/event-json.js';
import { traceFileText, traceHeader } from '../../sim/report/trace-file.js';
import { formatProblem, loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

/** A run's trace in both forms. */
export interface TraceTexts {
  /** The `trace.json` text. */
  json: string;
  /** The streamed form: header line, one event a line, then the outcomes/violations line. */
  ndjson: string;
}

/** Runs `file` (relative to the project root, where vitest runs) and returns its trace texts. */
export function traceOf(
  file: string,
  opts: { seed?: number; set?: string[]; level?: TraceLevel } = {},
): TraceTexts {
  const loaded = loadScenarioFile(file, { set: opts.set ?? [] });
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const out = runScenario(loaded.scenario, {
    traceLevel: opts.level ?? 'logs',
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  });
  const events = out.events ?? [];
  const { outcomes, violations, ...header } = traceHeader(out);
  const ndjson = [
    JSON.stringify(header),
    ...events.map((e) => eventJson(e)),
    JSON.stringify({ outcomes, violations }),
  ].join('\n');
  return { json: traceFileText(out, events), ndjson: `${ndjson}\n` };
}

/**
 * A scenario whose messages are sometimes lost (3 %) and duplicated (5 %), so seeds differ in drops
 * and copies.
 */
export const FAULTY = {
  file: 'scenarios/move-across-bridges.yaml',
  set: ['network.loss=[{probability: 0.03}]', 'network.duplication=[{probability: 0.05}]'],
};

/** The seeds the export tests try; together they show drops, duplicates and violations. */
export const FAULTY_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
