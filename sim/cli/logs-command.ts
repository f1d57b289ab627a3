/**
 * `movesim logs <file>...`: reads CMS syslog (text or gzip, one file per server or merged),
 * reconstructs each move as a movesim trace (`trace.json`, `meta.source: "cms-logs"`), explains
 * each move as the tech note's troubleshooting does, checks its order and gaps against a
 * scenario's model, and with `--fit` prints the latency block that makes the model match.
 * Exit 0 when the logs were read (whatever the moves' outcomes); 2 for a file that cannot be
 * read, a binary file, files with no CMS entry at all, or a bad option.
 */
import { join } from 'node:path';

import { type Analysis, analyzeFiles } from '../logs/analyze.js';
import { buildModel, conform, type Conformance } from '../logs/conform.js';
import { fitLatency, fitText } from '../logs/fit.js';
import { LogInputError } from '../logs/read.js';
import { reconstruct } from '../logs/reconstruct.js';
import type { MoveRecord } from '../logs/records.js';
import { buildReport, reportText } from '../logs/report.js';
import { traceText } from '../logs/trace-text.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { packageRoot } from '../report/package-root.js';
import { formatProblem, loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { vetOutputFolder } from './output-paths.js';

/** Options of `movesim logs`. */
export interface LogsOptions {
  /** The scenario whose model the moves are checked against; default by the moves' shape. */
  scenario?: string;
  /** Output folder for trace.json and report.json. Default `out/logs`. */
  out?: string;
  /** Print the report as JSON on stdout, nothing else. Default false. */
  json?: boolean;
  /** Also fit the latency and processing parameters to the observed gaps. Default false. */
  fit?: boolean;
  /** Seeds the model runs. Default 50. */
  modelRuns?: string;
}

/** The shipped scenario that models a move on one bridge, or across bridges. */
function defaultScenario(moves: readonly MoveRecord[]): string {
  const same = moves.every(
    (m) => (m.home ?? m.apiNode) === m.apiNode && (m.chosen ?? m.apiNode) === m.apiNode,
  );
  return join(
    packageRoot(),
    'scenarios',
    same ? 'move-same-bridge.yaml' : 'move-across-bridges.yaml',
  );
}

/** Loads the model's scenario; problems are printed and answered with undefined. */
function loadModel(file: string, io: CliIo): Scenario | undefined {
  const r = loadScenarioFile(file);
  if (r.ok) return r.scenario;
  for (const p of r.problems) io.printErr(formatProblem(p));
  return undefined;
}

/** The number of model runs `--model-runs` asks for. */
function modelRuns(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--model-runs ${text}: give a whole number from 1 to 10000`);
  return n;
}

/** Reads the files; undefined (message printed) when they cannot be read or hold no entry. */
async function read(files: readonly string[], io: CliIo): Promise<Analysis | undefined> {
  let a: Analysis;
  try {
    a = await analyzeFiles(files);
  } catch (e) {
    if (!(e instanceof LogInputError)) throw e;
    io.printErr(e.message);
    return undefined;
  }
  if (a.counts.entries === 0) {
    io.printErr(
      `movesim logs: no CMS log entry in ${files.join(', ')}; pass the call bridges' and web bridges' syslog (lines like "2021-03-04 15:50:03.915 Info API trace 1: ...")`,
    );
    return undefined;
  }
  return a;
}

export async function logsCommand(files: string[], opts: LogsOptions, io: CliIo): Promise<number> {
  const runs = modelRuns(opts.modelRuns);
  const dir = opts.out ?? join('out', 'logs');
  // The folder is vetted before anything is read; its files are written only at the end.
  vetOutputFolder(dir, opts.out === undefined ? 'the output folder (out/logs)' : '--out', [
    'trace.json',
    'report.json',
  ]);
  let scenario: Scenario | undefined;
  if (opts.scenario !== undefined) {
    scenario = loadModel(opts.scenario, io);
    if (scenario === undefined) return EXIT.invalid;
  }
  const a = await read(files, io);
  if (a === undefined) return EXIT.invalid;
  const moves = a.correlation.moves;
  scenario ??= moves.length === 0 ? undefined : loadModel(defaultScenario(moves), io);
  const model = scenario === undefined ? undefined : buildModel(scenario, runs);
  const conformances = new Map<string, Conformance>();
  if (model !== undefined) for (const m of moves) conformances.set(m.id, conform(m, model));
  const report = buildReport(
    a,
    model === undefined ? null : `${model.name}, ${runs} runs`,
    conformances,
  );
  const trace = reconstruct(a.correlation, files.join(' '), { files });
  writeFileAtomic(join(dir, 'trace.json'), traceText(trace));
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const fit = opts.fit === true && scenario !== undefined ? fitLatency(moves, scenario) : undefined;
  if (opts.json === true) {
    io.print(JSON.stringify(fit === undefined ? report : { ...report, fit }, null, 2));
    return EXIT.ok;
  }
  for (const l of reportText(report)) io.print(l);
  if (opts.fit === true)
    for (const l of fit === undefined ? ['fit: no move to fit to'] : fitText(fit)) io.print(l);
  io.print('');
  io.print(
    `wrote ${join(dir, 'trace.json')} (view it: npx movesim view ${join(dir, 'trace.json')}) and ${join(dir, 'report.json')}`,
  );
  return EXIT.ok;
}
