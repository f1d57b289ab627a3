/**
 * `movesim run <scenario>`: runs one scenario, prints the seed, the move table and the
 * verdicts, and writes `trace.json`, `summary.json` and `cms.log` (and with `--html FILE` the
 * self-contained viewer page; for a large `trace.json`, its compact side file), each
 * atomically. With `--json` only the summary is printed. Invalid input writes nothing and exits
 * 2.
 */
import { mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { RerunArgs, TraceLevel } from '../engine/index.js';
import { TRACE_LEVELS } from '../engine/index.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { cmsLogTo } from '../report/cmslog.js';
import {
  detailedMoves,
  formatRunReport,
  formatSummaryTable,
  ReportEventSink,
} from '../report/move-table.js';
import { NdjsonSink, ndjsonTail } from '../report/ndjson-sink.js';
import { SIDE_FILE_MIN_BYTES, writeSideFromEvents } from '../report/side-encode.js';
import { compactSidePath, removeCompactSide } from '../report/side-file.js';
import { buildSummary, cutOffText } from '../report/summary.js';
import { TextFileWriter } from '../report/text-file-writer.js';
import { traceFileText, writeTraceFile } from '../report/trace-file.js';
import { formatProblem, formatWarning, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import { unknownMoveProblem } from '../scenario/option-checks.js';
import { type RunOutput, runScenario, unexpectedViolations } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { readSeedOption } from '../scenario/seed.js';
import { whatIfProblem } from '../scenario/what-if-check.js';
import { replayCommand, shellQuote } from '../sweep/replay.js';
import { EXIT, UsageError } from './exit-codes.js';
import { readInputText } from './input-files.js';
import { watchForInterrupts } from './janitor.js';
import { importOptional } from './optional-module.js';
import { vetOutputFile, vetOutputFolder, type VettedOutput } from './output-paths.js';

export interface RunCommandOptions {
  /** The seed; default the scenario's. An integer is a number seed, anything else a string seed. */
  seed?: string;
  /** The output folder. Default `out/<scenario name>`. */
  out?: string;
  /** One of off, messages, logs, state. */
  traceLevel: string;
  /** Print only the summary JSON on stdout. */
  json?: boolean;
  /** Overrides applied before validation. Default none. */
  set?: string[];
  /** Also write the self-contained viewer page with the trace to this file. */
  html?: string;
  /** Moves to print with their full message table. Default: all when there are at most 3. */
  move?: string[];
  /**
   * What-if selectors (docs/cli.md) added after the scenario's own `whatIf:` list, in order.
   * Default none.
   */
  whatIf?: string[];
  /**
   * Stream the trace to `trace.ndjson` and `cms.log` as the run goes, keeping neither in memory.
   */
  stream?: boolean;
  /**
   * When safety checks run: `every-event` or `end`. Default: after every event, at the end for
   * large runs.
   */
  checks?: string;
  /**
   * A `trace.json` of at least this many bytes also gets its compact side file
   * (`trace.compact.gz`, side-file.ts). Default SIDE_FILE_MIN_BYTES (16 MiB); not a
   * command-line flag (tests lower it).
   */
  sideFileMinBytes?: number;
  /**
   * Write that side file for a large trace. Default false (its encoding costs a large run about
   * as long again as the run); `--compact-side` sets true.
   */
  compactSide?: boolean;
}

/** The module the viewer provides for `--html`. */
interface HtmlModule {
  renderSelfContainedHtml(traceText: string): string;
}

/**
 * Parses `--seed`: an integer stays a number, anything else is a string seed; an integer beyond
 * 2^53 is refused.
 */
export function parseSeed(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  const read = readSeedOption(v);
  if (!read.ok) throw new UsageError(read.message);
  return read.seed;
}

/**
 * Refuses flags that do not fit together, before the scenario is read (so nothing is printed
 * ahead of the refusal); gives the viewer page's module when `--html` asks for it.
 */
async function vetFlags(opts: RunCommandOptions): Promise<HtmlModule | undefined> {
  if (!(TRACE_LEVELS as readonly string[]).includes(opts.traceLevel)) {
    throw new UsageError(
      `--trace-level must be one of ${TRACE_LEVELS.join(', ')}; got "${opts.traceLevel}"`,
    );
  }
  if (opts.checks !== undefined && opts.checks !== 'every-event' && opts.checks !== 'end') {
    throw new UsageError(`--checks must be every-event or end; got "${opts.checks}"`);
  }
  if (opts.stream === true && opts.html !== undefined)
    throw new UsageError(
      '--html needs the whole trace in memory; drop --stream (or export the streamed trace with `movesim export <trace.ndjson> --format html`)',
    );
  if (opts.html !== undefined) {
    if (opts.traceLevel === 'off')
      throw new UsageError(
        '--html needs a trace; drop --trace-level off (or use messages, logs or state)',
      );
    const html = await importOptional<HtmlModule>('../report/html.js');
    if (html === undefined)
      throw new UsageError(
        '--html needs the viewer page (sim/report/html.ts), which this build does not have yet',
      );
    return html;
  }
  return undefined;
}

/**
 * `movesim run FILE`: vets the flags and paths, loads, runs, writes the files, prints the report;
 * gives the exit code.
 */
export async function runCommand(
  file: string,
  opts: RunCommandOptions,
  print: (s: string) => void,
  printErr: (s: string) => void,
): Promise<number> {
  const html = await vetFlags(opts);
  // Output paths given on the command line are vetted before the scenario is even read.
  const htmlOut = opts.html === undefined ? undefined : vetOutputFile(opts.html, '--html');
  const outFiles = [
    opts.stream === true ? 'trace.ndjson' : 'trace.json',
    'summary.json',
    'cms.log',
    ...(opts.stream === true ? [] : ['trace.compact.gz']),
  ];
  if (opts.out !== undefined) vetOutputFolder(opts.out, '--out', outFiles);
  const input = readInputText(file, 'scenario');
  if (!input.ok) {
    printErr(`${input.message}; nothing was run or written.`);
    return EXIT.invalid;
  }
  const loaded = loadScenarioText(input.text, file, { set: opts.set ?? [] });
  if (!loaded.ok) {
    for (const p of loaded.problems) printErr(formatProblem(p));
    printErr(`${oneLine(file)}: ${loaded.problems.length} problem(s); nothing was run or written.`);
    return EXIT.invalid;
  }
  const scenario = withWhatIfs(loaded.scenario, opts.whatIf ?? []);
  const moveProblem = unknownMoveProblem(scenario, opts.move ?? []);
  if (moveProblem !== undefined) throw new UsageError(moveProblem);
  for (const w of loaded.warnings) printErr(formatWarning(w));
  const seed = parseSeed(opts.seed) ?? scenario.seed;
  const level = opts.traceLevel as TraceLevel;
  const dir = opts.out ?? join('out', scenario.name);
  const outDir = vetOutputFolder(
    dir,
    opts.out === undefined ? 'the output folder (out/<scenario name>)' : '--out',
    outFiles,
  );
  guard([outDir, ...(htmlOut === undefined ? [] : [htmlOut])]);
  if (!opts.json) {
    print(`seed: ${seed}`);
    print(`scenario: ${scenario.name}`);
    if (scenario.whatIf.length > 0) print(`what-if: ${scenario.whatIf.join(', ')}`);
    if ((opts.whatIf ?? []).length > 0)
      print(
        `this fork: ${withWhatIfFlags(replayCommand(file, seed, opts.set ?? []), opts.whatIf ?? [])}`,
      );
  }
  const checks =
    opts.checks === undefined ? {} : { safetyChecks: opts.checks as 'every-event' | 'end' };
  if (opts.stream === true)
    return streamedRun(file, scenario, seed, level, dir, checks, opts, print, printErr);
  // The log goes to disk as the run goes and the trace after it, each under a temporary name
  // until everything is written; a trace too long for one string still goes to its file.
  const made = outDir.missing;
  const log = new TextFileWriter(join(dir, 'cms.log'));
  /** Removes what this run began writing: the temporary files, and the folders it made. */
  const discard = (): void => {
    log.abort();
    trace?.abort();
    for (const d of made) if (readdirSync(d).length === 0) rmdirSync(d);
  };
  let trace: TextFileWriter | undefined;
  let out: RunOutput;
  let summary: ReturnType<typeof buildSummary>;
  let page: string | undefined;
  let headerLine: string | undefined;
  try {
    out = runScenario(scenario, {
      seed,
      traceLevel: level,
      ...checks,
      keepLogs: false,
      onLog: cmsLogTo((text) => log.write(text)),
    });
    if (!opts.json) printMode(out, print);
    summary = buildSummary(out);
    if (html !== undefined) {
      const rendered = renderPage(html, out, printErr, rerunArgs(opts));
      if (rendered === undefined) {
        discard();
        return EXIT.invalid;
      }
      page = rendered;
    }
    const traceFile = new TextFileWriter(join(dir, 'trace.json'));
    trace = traceFile;
    headerLine = writeTraceJson(traceFile, out, rerunArgs(opts));
  } catch (e) {
    discard();
    throw e;
  }
  trace.close();
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  log.close();
  if (page !== undefined && opts.html !== undefined) writeFileAtomic(opts.html, page);
  const replay = withWhatIfFlags(replayCommand(file, seed, opts.set ?? []), opts.whatIf ?? []);
  // The side file comes last: should it fail, every other file is already complete.
  const side = await writeSide(join(dir, 'trace.json'), headerLine, out, opts, printErr, replay);
  if (side === false) return EXIT.invalid;
  if (opts.json) {
    print(JSON.stringify(summary, null, 2));
  } else {
    print(
      formatRunReport(
        out,
        opts.move !== undefined && opts.move.length > 0 ? { detailed: opts.move } : {},
      ),
    );
    print(formatSummaryTable(summary));
    print('');
    printVerdicts(out, print);
    print(
      `wrote ${join(dir, 'trace.json')}, ${side === undefined ? '' : `${side}, `}${join(dir, 'summary.json')}, ${join(dir, 'cms.log')}${opts.html === undefined ? '' : `, ${opts.html}`}`,
    );
  }
  if (summary.passed) return EXIT.ok;
  const n = unexpectedViolations(out).length;
  printErr(
    `FAILED: ${n} unexpected violation(s), ${out.expectations.filter((e) => !e.ok).length} failed expectation(s). Replay: ${replay}`,
  );
  return EXIT.failed;
}

/**
 * The scenario with the `--what-if` selectors after its own; a selector that cannot be read or
 * crashes an unknown node is a UsageError.
 */
export function withWhatIfs(scenario: Scenario, selectors: readonly string[]): Scenario {
  if (selectors.length === 0) return scenario;
  for (const sel of selectors) {
    const problem = whatIfProblem(scenario, sel);
    if (problem !== undefined) throw new UsageError(`--what-if: ${oneLine(problem)}`);
  }
  return { ...scenario, whatIf: [...scenario.whatIf, ...selectors] };
}

/**
 * The arguments that changed this run's scenario (`meta.rerunArgs`: `--set` and `--what-if`),
 * for the command line the viewer shows for a fork; nothing when there were none, so a plain
 * run's trace is the one the golden digests hash. Never the file's path, which would make the
 * bytes depend on how the command was typed.
 */
export function rerunArgs(opts: Partial<RerunArgs>): { rerunArgs?: RerunArgs } {
  const set = opts.set ?? [];
  const whatIf = opts.whatIf ?? [];
  return set.length + whatIf.length === 0 ? {} : { rerunArgs: { set, whatIf } };
}

/** A replay command with the `--what-if` flags that made the run. */
export function withWhatIfFlags(command: string, selectors: readonly string[]): string {
  return [command, ...selectors.map((s) => `--what-if ${shellQuote(s)}`)].join(' ');
}

/** Writes a run's `trace.json` through `file`; gives its first line (the header), as written. */
function writeTraceJson(
  file: TextFileWriter,
  out: RunOutput,
  extraMeta: Record<string, unknown>,
): string | undefined {
  let first: string | undefined;
  writeTraceFile(
    (text) => {
      first ??= text;
      file.write(text);
    },
    out,
    out.events ?? [],
    extraMeta,
  );
  return first;
}

/**
 * Writes the compact side file of a large `trace.json` (or removes an old one a small run would
 * leave stale); gives its path, undefined when none is written, or false after saying why it
 * could not be written (nothing half-written is left) and how to run again (`replay`).
 */
async function writeSide(
  tracePath: string,
  headerLine: string | undefined,
  out: RunOutput,
  opts: RunCommandOptions,
  printErr: (s: string) => void,
  replay: string,
): Promise<string | undefined | false> {
  const events = out.events ?? [];
  try {
    const minBytes = opts.sideFileMinBytes ?? SIDE_FILE_MIN_BYTES;
    const bytes = statSync(tracePath).size;
    if (
      headerLine === undefined ||
      events.length === 0 ||
      bytes < minBytes ||
      opts.compactSide !== true
    ) {
      removeCompactSide(tracePath);
      // Asked for and not written: say why, so the missing file is not a surprise.
      if (opts.compactSide === true)
        printErr(
          `movesim: no ${compactSidePath(tracePath)} written: ${tracePath} is ${sizeText(bytes)}, under the ${sizeText(minBytes)} a side file is made for (movesim view encodes a trace this small at once)`,
        );
      return undefined;
    }
    return await writeSideFromEvents(tracePath, headerLine, events);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    printErr(
      `movesim: ${compactSidePath(tracePath)}: the compact side file could not be written (${oneLine(why)}); ${tracePath} is complete, and movesim view encodes it when it serves it. Free space or make the folder writable, then run again: ${replay}${opts.out === undefined ? '' : ` --out ${shellQuote(opts.out)}`}`,
    );
    return false;
  }
}

/** A size as the note about a side file not written says it: in KiB under 1 MiB, else in MiB. */
const sizeText = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KiB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Starts the watcher that cleans up after an interrupt, for the vetted output places. */
function guard(outputs: readonly VettedOutput[]): void {
  watchForInterrupts(
    outputs.map((o) => o.folder),
    outputs.flatMap((o) => o.missing),
  );
}

/**
 * The self-contained viewer page of a run, or undefined (with the reason printed) when it cannot be
 * made.
 */
function renderPage(
  html: HtmlModule,
  out: RunOutput,
  printErr: (s: string) => void,
  extraMeta: Record<string, unknown>,
): string | undefined {
  let traceText: string;
  try {
    traceText = traceFileText(out, out.events ?? [], extraMeta);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const n = out.events?.length ?? 0;
    printErr(
      `movesim: --html: the trace (${n} events) is too large for one page. Drop --html, or lower --trace-level, or use --stream and open the streamed trace with \`movesim view\`. Nothing was written.`,
    );
    return undefined;
  }
  try {
    return html.renderSelfContainedHtml(traceText);
  } catch (e) {
    printErr(`movesim: --html: ${e instanceof Error ? e.message : String(e)} Nothing was written.`);
    return undefined;
  }
}

/** How the run stopped, each violation and each expectation, one line each. */
function printVerdicts(out: RunOutput, print: (s: string) => void): void {
  print(
    `run: ${out.result.events} events, ${out.result.messages} messages, stopped (${out.result.stopReason}) at ${(out.result.now / 1000).toFixed(3)} ms`,
  );
  const cutOff = cutOffText(out);
  if (cutOff !== undefined) print(cutOff);
  for (const v of out.violations)
    print(`VIOLATION ${v.invariant} at ${(v.t / 1000).toFixed(3)} ms: ${v.detail}`);
  for (const e of out.expectations)
    print(`expect ${e.ok ? 'ok  ' : 'FAIL'} ${e.text}${e.ok ? '' : ` (${e.detail})`}`);
}

/** Says so when a large run's defaults changed how it was made. */
function printMode(out: RunOutput, print: (s: string) => void): void {
  const notes: string[] = [];
  if (out.mode.stateMode === 'mutable') {
    notes.push(
      out.traceLevel === 'state'
        ? 'handlers on the live state, patches recorded from it (the same events and states, faster)'
        : 'handlers on the live state (the identical trace, faster)',
    );
  }
  if (out.mode.safetyChecks === 'end')
    notes.push('safety checks once at the end (--checks every-event to check after every event)');
  const n = out.scenario.participants.length;
  if (notes.length > 0) print(`mode (${n} participant${n === 1 ? '' : 's'}): ${notes.join('; ')}`);
}

/**
 * `run --stream`: the trace goes to `DIR/trace.ndjson` and the log to `DIR/cms.log` as the run
 * goes (each under a temporary name until the run ends), so memory does not grow with the run.
 */
function streamedRun(
  file: string,
  scenario: Scenario,
  seed: string | number,
  level: TraceLevel,
  dir: string,
  checks: { safetyChecks?: 'every-event' | 'end' },
  opts: RunCommandOptions,
  print: (s: string) => void,
  printErr: (s: string) => void,
): number {
  mkdirSync(dir, { recursive: true });
  const tracePath = join(dir, 'trace.ndjson');
  const tmpTrace = `${tracePath}.${process.pid}.tmp`;
  const sink =
    level === 'off'
      ? undefined
      : NdjsonSink.toFile(tmpTrace, { scenario: scenario.name, writerThread: true });
  // The events the printed report of the detailed moves needs are kept beside the stream.
  const detailed = new Set(
    detailedMoves(
      scenario.moves.map((m) => m.id ?? ''),
      opts.move,
    ),
  );
  const kept =
    sink === undefined
      ? undefined
      : new ReportEventSink(
          sink,
          scenario.moves
            .filter((m) => detailed.has(m.id ?? ''))
            .map((m) => ({ move: m.id ?? '', participant: m.participant })),
        );
  const log = new TextFileWriter(join(dir, 'cms.log'));
  let out: RunOutput;
  try {
    out = runScenario(scenario, {
      seed,
      traceLevel: level,
      ...checks,
      ...(kept !== undefined ? { trace: kept } : {}),
      keepLogs: false,
      onLog: cmsLogTo((text) => log.write(text)),
    });
    log.close();
    if (sink !== undefined) {
      sink.finish(ndjsonTail(out, rerunArgs(opts)));
      renameSync(tmpTrace, tracePath);
    }
  } catch (e) {
    // Nothing half-written stays: the temporary trace and log are removed.
    log.abort();
    if (sink !== undefined) {
      sink.abort();
      rmSync(tmpTrace, { force: true });
    }
    throw e;
  }
  const summary = buildSummary(out);
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (opts.json) {
    print(JSON.stringify(summary, null, 2));
  } else {
    printMode(out, print);
    print(formatRunReport({ ...out, events: kept?.events }, { detailed: [...detailed] }));
    print(formatSummaryTable(summary));
    print('');
    printVerdicts(out, print);
    print(
      `wrote ${sink === undefined ? '' : `${tracePath}, `}${join(dir, 'summary.json')}, ${join(dir, 'cms.log')}`,
    );
  }
  if (summary.passed) return EXIT.ok;
  printErr(
    `FAILED: ${unexpectedViolations(out).length} unexpected violation(s), ${out.expectations.filter((e) => !e.ok).length} failed expectation(s). Replay: ${withWhatIfFlags(replayCommand(file, seed, opts.set ?? []), opts.whatIf ?? [])} --stream`,
  );
  return EXIT.failed;
}
