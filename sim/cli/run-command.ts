/**
 * `movesim run <scenario>`: runs one scenario, prints the seed, the move table and the
 * verdicts, and writes `trace.json`, `summary.json` and `cms.log` (and with `--html FILE` the
 * self-contained viewer page), each atomically. With `--json` only the summary is printed.
 * Invalid input writes nothing and exits 2.
 */
import { join } from 'node:path';
import type { TraceLevel } from '../engine/index.js';
import { TRACE_LEVELS } from '../engine/index.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { formatCmsLog } from '../report/cmslog.js';
import { formatRunReport, formatSummaryTable } from '../report/move-table.js';
import { buildSummary } from '../report/summary.js';
import { traceFileText } from '../report/trace-file.js';
import { formatProblem, loadScenarioFile } from '../scenario/load.js';
import { runScenario, unexpectedViolations } from '../scenario/run.js';
import { replayCommand } from '../sweep/replay.js';
import { EXIT, UsageError } from './exit-codes.js';
import { importOptional } from './optional-module.js';

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
}

/** The module the viewer provides for `--html`. */
interface HtmlModule {
  renderSelfContainedHtml(traceText: string): string;
}

/** Parses `--seed`: an integer stays a number, anything else is a string seed. */
export function parseSeed(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export async function runCommand(file: string, opts: RunCommandOptions, print: (s: string) => void, printErr: (s: string) => void): Promise<number> {
  if (!(TRACE_LEVELS as readonly string[]).includes(opts.traceLevel)) {
    throw new UsageError(`--trace-level must be one of ${TRACE_LEVELS.join(', ')}; got "${opts.traceLevel}"`);
  }
  let html: HtmlModule | undefined;
  if (opts.html !== undefined) {
    if (opts.traceLevel === 'off') throw new UsageError('--html needs a trace; drop --trace-level off (or use messages, logs or state)');
    html = await importOptional<HtmlModule>('../report/html.js');
    if (html === undefined) throw new UsageError('--html needs the viewer page (sim/report/html.ts), which this build does not have yet');
  }
  const loaded = loadScenarioFile(file, { set: opts.set ?? [] });
  if (!loaded.ok) {
    for (const p of loaded.problems) printErr(formatProblem(p));
    printErr(`${file}: ${loaded.problems.length} problem(s); nothing was run or written.`);
    return EXIT.invalid;
  }
  const scenario = loaded.scenario;
  const seed = parseSeed(opts.seed) ?? scenario.seed;
  const level = opts.traceLevel as TraceLevel;
  if (!opts.json) {
    print(`seed: ${seed}`);
    print(`scenario: ${scenario.name}`);
  }
  const out = runScenario(scenario, { seed, traceLevel: level });
  const dir = opts.out ?? join('out', scenario.name);
  const summary = buildSummary(out);
  const traceText = traceFileText(out, out.events ?? []);
  let page: string | undefined;
  if (html !== undefined) {
    try {
      page = html.renderSelfContainedHtml(traceText);
    } catch (e) {
      printErr(`movesim: --html: ${e instanceof Error ? e.message : String(e)} Nothing was written.`);
      return EXIT.invalid;
    }
  }
  writeFileAtomic(join(dir, 'trace.json'), traceText);
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(join(dir, 'cms.log'), formatCmsLog(out.logs));
  if (page !== undefined && opts.html !== undefined) writeFileAtomic(opts.html, page);
  const replay = replayCommand(file, seed, opts.set ?? []);
  if (opts.json) {
    print(JSON.stringify(summary, null, 2));
  } else {
    print(formatRunReport(out, opts.move !== undefined && opts.move.length > 0 ? { detailed: opts.move } : {}));
    print(formatSummaryTable(summary));
    print('');
    print(`run: ${out.result.events} events, ${out.result.messages} messages, stopped (${out.result.stopReason}) at ${(out.result.now / 1000).toFixed(3)} ms`);
    for (const v of out.violations) print(`VIOLATION ${v.invariant} at ${(v.t / 1000).toFixed(3)} ms: ${v.detail}`);
    for (const e of out.expectations) print(`expect ${e.ok ? 'ok  ' : 'FAIL'} ${e.text}${e.ok ? '' : ` (${e.detail})`}`);
    print(`wrote ${join(dir, 'trace.json')}, ${join(dir, 'summary.json')}, ${join(dir, 'cms.log')}${opts.html === undefined ? '' : `, ${opts.html}`}`);
  }
  if (summary.passed) return EXIT.ok;
  const n = unexpectedViolations(out).length;
  printErr(`FAILED: ${n} unexpected violation(s), ${out.expectations.filter((e) => !e.ok).length} failed expectation(s). Replay: ${replay}`);
  return EXIT.failed;
}
