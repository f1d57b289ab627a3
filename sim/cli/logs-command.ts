/**
 * `movesim logs <file>...`: reads CMS syslog (text or gzip, one file per server or merged),
 * reconstructs each move as a movesim trace (`trace.json`, `meta.source: "cms-logs"`), explains
 * each move as the tech note's troubleshooting does, checks its order and gaps against a
 * scenario's model, and with `--fit` prints the latency block that makes the model match.
 *
 * Everything streams: each move is explained, checked and written (to `report.json` and
 * `trace.json`) as soon as its lines are done, so memory holds the moves in flight. The text
 * report lists every move when there are at most `LIST_ALL` of them, else the ones that did
 * not move (at most `LIST_MAX`). Exit 0 when the logs were read (whatever the moves' outcomes);
 * 2 for a file that cannot be read, a binary file, files with no CMS entry, or a bad option,
 * with nothing written.
 */
import { readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

import { type RecordSink, streamFiles } from '../logs/analyze.js';
import { buildModel, conform, type Model } from '../logs/conform.js';
import { explainMove, type LogOutcome } from '../logs/explain.js';
import { collectGaps, fitText, fitToGaps } from '../logs/fit.js';
import { LogInputError } from '../logs/read.js';
import { TraceBuilder } from '../logs/reconstruct.js';
import type { MoveRecord } from '../logs/records.js';
import { type MoveEntry, moveText, summaryOf, summaryText } from '../logs/report.js';
import { packageRoot } from '../report/package-root.js';
import { TextFileWriter } from '../report/text-file-writer.js';
import { formatProblem, loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { vetOutputFolder } from './output-paths.js';

/** Options of `movesim logs`. */
export interface LogsOptions {
  /** The scenario whose model the moves are checked against; default by each move's shape. */
  scenario?: string;
  /** Output folder for trace.json and report.json. Default `out/logs`. */
  out?: string;
  /** Print the report as JSON on stdout, nothing else. Default false. */
  json?: boolean;
  /** Also fit the latency and processing parameters to the observed gaps. Default false. */
  fit?: boolean;
  /** Seeds the model is run for. Default 50. */
  modelRuns?: string;
  /** Trace time, in ms, of the first line of a dated log. Default 0. */
  offsetMs?: string;
}

/** Up to this many moves, the text report lists them all. */
const LIST_ALL = 20;

/** Beyond `LIST_ALL` moves, it lists at most this many that did not move. */
const LIST_MAX = 50;

/** The shipped scenario that models `m`: a move on one bridge, or across bridges. */
function defaultScenario(m: MoveRecord): string {
  const one = (m.home ?? m.apiNode) === m.apiNode && (m.chosen ?? m.apiNode) === m.apiNode;
  return join(
    packageRoot(),
    'scenarios',
    one ? 'move-same-bridge.yaml' : 'move-across-bridges.yaml',
  );
}

/** The number of model runs `--model-runs` asks for. */
function modelRuns(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--model-runs ${text}: give a whole number from 1 to 10000`);
  return n;
}

/** The offset `--offset-ms` asks for. */
function offsetMs(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 86_400_000)
    throw new UsageError(`--offset-ms ${text}: give whole milliseconds from 0 to 86400000`);
  return n;
}

/** Loads a scenario; problems are printed and answered with undefined. */
function loadModelScenario(file: string, io: CliIo): Scenario | undefined {
  const r = loadScenarioFile(file);
  if (r.ok) return r.scenario;
  for (const p of r.problems) io.printErr(formatProblem(p));
  return undefined;
}

/** The files a read writes, and how it keeps what it prints. */
class Output implements RecordSink {
  readonly outcomes: Partial<Record<LogOutcome, number>> = {};
  readonly listed: MoveEntry[] = [];
  readonly gaps = new Map<string, number[]>();
  readonly models = new Map<string, Model>();
  moves = 0;
  joins = 0;
  private firstEvent = true;
  private firstMove = true;

  constructor(
    readonly trace: TextFileWriter,
    readonly report: TextFileWriter,
    readonly builder: TraceBuilder,
    private readonly modelOf: (m: MoveRecord) => { key: string; scenario: Scenario },
    private readonly runs: number,
  ) {
    trace.write('{"format":"movesim-trace","version":1,"events":[\n');
    report.write('{"moves":[\n');
  }

  start(ms: number, dated: boolean): void {
    this.builder.start(ms, dated);
  }

  record(r: Parameters<RecordSink['record']>[0], servers: ReadonlySet<string>): void {
    this.builder.add(r, servers);
    if (r.kind === 'join') {
      this.joins++;
      return;
    }
    this.moves++;
    const { key, scenario } = this.modelOf(r);
    let model = this.models.get(key);
    if (model === undefined) {
      model = buildModel(scenario, this.runs);
      this.models.set(key, model);
    }
    const entry: MoveEntry = { ...explainMove(r, servers), conformance: conform(r, model) };
    this.outcomes[entry.outcome] = (this.outcomes[entry.outcome] ?? 0) + 1;
    collectGaps(r, this.gaps);
    this.report.write(`${this.firstMove ? '' : ',\n'}${JSON.stringify(entry)}`);
    this.firstMove = false;
    const notMoved = this.listed.filter((x) => x.outcome !== 'moved').length;
    if (this.moves <= LIST_ALL || (entry.outcome !== 'moved' && notMoved < LIST_MAX))
      this.listed.push(entry);
  }

  watermark(beforeMs: number): void {
    this.builder.flush(beforeMs, (text) => {
      this.trace.write(`${this.firstEvent ? '' : ',\n'}${text}`);
      this.firstEvent = false;
    });
  }

  /** The entries to print: all of them, or past `LIST_ALL` the ones that did not move. */
  shown(): MoveEntry[] {
    return this.moves <= LIST_ALL ? this.listed : this.listed.filter((x) => x.outcome !== 'moved');
  }
}

export async function logsCommand(files: string[], opts: LogsOptions, io: CliIo): Promise<number> {
  const runs = modelRuns(opts.modelRuns);
  const offset = offsetMs(opts.offsetMs);
  const dir = opts.out ?? join('out', 'logs');
  const vetted = vetOutputFolder(
    dir,
    opts.out === undefined ? 'the output folder (out/logs)' : '--out',
    ['trace.json', 'report.json'],
  );
  let given: Scenario | undefined;
  if (opts.scenario !== undefined) {
    given = loadModelScenario(opts.scenario, io);
    if (given === undefined) return EXIT.invalid;
  }
  const defaults = new Map<string, Scenario | undefined>();
  const modelOf = (m: MoveRecord) => {
    if (given !== undefined) return { key: given.name, scenario: given };
    const file = defaultScenario(m);
    if (!defaults.has(file)) defaults.set(file, loadModelScenario(file, io));
    return { key: file, scenario: defaults.get(file)! };
  };
  const out = new Output(
    new TextFileWriter(join(dir, 'trace.json')),
    new TextFileWriter(join(dir, 'report.json')),
    new TraceBuilder(files.join(' '), { files }, offset),
    modelOf,
    runs,
  );
  const discard = (message: string): number => {
    out.trace.abort();
    out.report.abort();
    for (const d of vetted.missing) if (readdirSync(d).length === 0) rmdirSync(d);
    io.printErr(message);
    return EXIT.invalid;
  };
  let read: Awaited<ReturnType<typeof streamFiles>>;
  try {
    read = await streamFiles(files, out);
  } catch (e) {
    if (e instanceof LogInputError) return discard(e.message);
    out.trace.abort();
    out.report.abort();
    throw e;
  }
  if (read.counts.entries === 0)
    return discard(
      `movesim logs: no CMS log entry in ${files.join(', ')}; pass the call bridges' and web bridges' syslog (lines like "2021-03-04 15:50:03.915 Info API trace 1: ...")`,
    );
  const models = [...out.models.values()].map((m) => `${m.name}, ${m.runs} runs`);
  const summary = summaryOf(
    read.counts,
    read.correlation,
    { moves: out.moves, joins: out.joins },
    models,
    out.outcomes,
  );
  out.trace.write(`\n],${JSON.stringify(out.builder.header()).slice(1)}\n`);
  out.trace.close();
  out.report.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
  out.report.close();
  const fitWith = given ?? (defaults.size === 1 ? [...defaults.values()][0] : undefined);
  const fit = opts.fit === true && fitWith !== undefined ? fitToGaps(out.gaps, fitWith) : undefined;
  if (opts.json === true) {
    io.print(
      JSON.stringify(
        { summary, moves: out.shown(), ...(fit === undefined ? {} : { fit }) },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  for (const l of summaryText(summary)) io.print(l);
  for (const m of out.shown()) for (const l of moveText(m)) io.print(l);
  if (out.moves > LIST_ALL)
    io.print(`\n(${out.moves} moves: those that did not move are listed; all are in report.json)`);
  if (opts.fit === true)
    for (const l of fit === undefined
      ? ['', 'fit: no move of one shape to fit to (give --scenario)']
      : fitText(fit))
      io.print(l);
  const trace = join(dir, 'trace.json');
  io.print('');
  io.print(`wrote ${trace} (view it: npx movesim view ${trace}) and ${join(dir, 'report.json')}`);
  return EXIT.ok;
}
