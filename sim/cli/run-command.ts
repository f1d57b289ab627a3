/**
 * `movesim run <scenario>`: runs one scenario, prints the seed, the move table and the
 * verdicts, and writes `trace.json`, `summary.json` and `cms.log`.
 */
import { join } from 'node:path';
import type { TraceLevel } from '../engine/index.js';
import { TRACE_LEVELS } from '../engine/index.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { formatCmsLog } from '../report/cmslog.js';
import { formatRunReport } from '../report/move-table.js';
import { buildSummary } from '../report/summary.js';
import { traceFileText } from '../report/trace-file.js';
import { formatProblem, loadScenarioFile } from '../scenario/load.js';
import { runScenario, unexpectedViolations } from '../scenario/run.js';
import { EXIT, UsageError } from './exit-codes.js';

export interface RunCommandOptions {
  seed?: string;
  out?: string;
  traceLevel: string;
  json?: boolean;
  set?: string[];
}

/** Parses `--seed`: an integer stays a number, anything else is a string seed. */
export function parseSeed(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export function runCommand(file: string, opts: RunCommandOptions, print: (s: string) => void, printErr: (s: string) => void): number {
  if (!(TRACE_LEVELS as readonly string[]).includes(opts.traceLevel)) {
    throw new UsageError(`--trace-level must be one of ${TRACE_LEVELS.join(', ')}; got "${opts.traceLevel}"`);
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
  writeFileAtomic(join(dir, 'trace.json'), traceFileText(out, out.events ?? []));
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(join(dir, 'cms.log'), formatCmsLog(out.logs));
  const replay = `movesim run ${file} --seed ${seed}${(opts.set ?? []).map((s) => ` --set ${s}`).join('')}`;
  if (opts.json) {
    print(JSON.stringify(summary, null, 2));
  } else {
    print(formatRunReport(out));
    print('');
    print(`run: ${out.result.events} events, ${out.result.messages} messages, stopped (${out.result.stopReason}) at ${(out.result.now / 1000).toFixed(3)} ms`);
    for (const v of out.violations) print(`VIOLATION ${v.invariant} at ${(v.t / 1000).toFixed(3)} ms: ${v.detail}`);
    for (const e of out.expectations) print(`expect ${e.ok ? 'ok  ' : 'FAIL'} ${e.text}${e.ok ? '' : ` (${e.detail})`}`);
    print(`wrote ${join(dir, 'trace.json')}, ${join(dir, 'summary.json')}, ${join(dir, 'cms.log')}`);
  }
  if (summary.passed) return EXIT.ok;
  const n = unexpectedViolations(out).length;
  printErr(`FAILED: ${n} unexpected violation(s), ${out.expectations.filter((e) => !e.ok).length} failed expectation(s). Replay: ${replay}`);
  return EXIT.failed;
}
