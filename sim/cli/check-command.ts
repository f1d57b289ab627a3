/**
 * `movesim check [--runs N] [--seed S] [--out DIR]`: property exploration from the command
 * line. It generates clusters, workloads and fault plans, checks every property of
 * `sim/check/properties.ts` on each, and on a failure shrinks it and writes the smallest case
 * as a replayable scenario file.
 *
 * It prints the seed first (a random one when none is given, so repeated runs explore new
 * ground), then a coverage summary, then either "ok" or the failure with the commands that
 * replay it. Exit 0: no failure; 1: a failure, written as a file; 2: invalid options. The wall
 * clock is read only to print how long the search took.
 */
import { randomInt } from 'node:crypto';

import {
  type Coverage,
  DEFAULT_MUTANT_RUNS,
  DEFAULT_MUTANT_SEED,
  explore,
  exploreOnPool,
  type ExploreOptions,
  failureName,
  matrixTable,
  REQUIRED_CELLS,
  REQUIRED_CLASSES,
  writeCounterexample,
} from '../check/index.js';
import { oneLine } from '../scenario/one-line.js';
import { checkReplayCommand, COMMAND_PREFIX, shellQuote } from '../sweep/replay.js';
import { runMutants } from './check-mutants.js';
import { checkPathProblem, replayPathProblem } from './check-path.js';
import { monotonicMs } from './clock.js';
import { EXIT } from './exit-codes.js';
import { vetOutputFolder } from './output-paths.js';

/** The options as commander hands them over (all strings). */
export interface CheckCommandOptions {
  /** How many cases to generate. Default 200. */
  runs?: string;
  /** The fast-check seed, a 32-bit integer. Default: a random one, printed first. */
  seed?: string;
  /** Where a failing case is written. Default `test/counterexamples`. */
  out?: string;
  /** A fast-check path (from a counterexample's header): replays that one case of the search. */
  path?: string;
  /** Run the search against each model mutant instead (see `check-mutants.ts`). Default false. */
  mutants?: boolean;
  /** Worker threads sharing the cases; the result is the same whatever the number. Default 1. */
  workers?: string;
}

/** Test-only switches, never reachable from the command line. */
export interface CheckCommandHooks {
  /** Breaks the model on purpose (see `buildSimulation`). */
  breakModel?: ExploreOptions['breakModel'];
  /** The known findings to excuse; the built-in list when absent. */
  findings?: ExploreOptions['findings'];
}

/** The default number of generated cases. */
export const DEFAULT_CHECK_RUNS = 200;

/** The default folder for counterexamples. */
export const DEFAULT_CHECK_OUT = 'test/counterexamples';

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Parses `--runs`: a positive integer. */
function parseRuns(v: string | undefined): number | string {
  if (v === undefined) return DEFAULT_CHECK_RUNS;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1)
    return `--runs must be a positive whole number of cases, such as 500; got "${v}"`;
  return Number(v);
}

/** Parses `--workers`: a whole number from 1 to 64. */
function parseWorkers(v: string | undefined): number | string {
  if (v === undefined) return 1;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 64)
    return `--workers must be a whole number of threads from 1 to 64, such as 2; got "${v}"`;
  return Number(v);
}

/** Parses `--seed`: a 32-bit integer, as fast-check takes it. */
function parseSeed(v: string | undefined): number | string {
  if (v === undefined) return randomInt(0, INT32.max);
  const n = Number(v.trim());
  if (!/^-?\d+$/.test(v.trim()) || n < INT32.min || n > INT32.max) {
    return `--seed must be a whole number between ${INT32.min} and ${INT32.max} (fast-check seeds are 32-bit); got "${v}"`;
  }
  return n;
}

/** A block of text indented by two spaces. */
const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** One line on what the cases exercised, and the required classes never generated. */
function coverageLines(c: Coverage): string[] {
  const count = (k: string) => c.counts.get(k) ?? 0;
  const family = (prefix: string) =>
    [...c.counts]
      .filter(([k]) => k.startsWith(prefix))
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k.slice(prefix.length)} ${v}`)
      .join(', ');
  const lines = [
    `cases: ${c.cases} (${count('case:fault-free')} without faults)`,
    `outcomes: ${family('outcome:') || 'none'}`,
    `steps hit by a fault: ${family('fault-step:') || 'none'}`,
  ];
  const excused = family('excused:');
  if (excused !== '') lines.push(`excused by known findings (docs/findings.md): ${excused}`);
  lines.push(`moves (fc.statistics style):`, indent(c.moveStatistics()));
  lines.push('steps x faults (cases that hit the cell):', indent(matrixTable(c.counts)));
  const emptyCells = c.missing(REQUIRED_CELLS);
  lines.push(
    emptyCells.length === 0
      ? 'every reachable cell of the matrix was hit'
      : `cells still empty: ${emptyCells.map((x) => x.slice('hit:'.length)).join(', ')}`,
  );
  const missing = c.missing(REQUIRED_CLASSES).filter((x) => !emptyCells.includes(x));
  if (missing.length > 0)
    lines.push(`never generated (run more cases to cover them): ${missing.join(', ')}`);
  return lines;
}

export async function checkCommand(
  opts: CheckCommandOptions,
  print: (s: string) => void,
  printErr: (s: string) => void,
  hooks: CheckCommandHooks = {},
): Promise<number> {
  const runs = parseRuns(opts.runs);
  const seed = parseSeed(opts.seed);
  const workers = parseWorkers(opts.workers);
  for (const problem of [runs, seed, workers, checkPathProblem(opts.path)]) {
    if (typeof problem === 'string') {
      printErr(`movesim check: ${problem}`);
      return EXIT.invalid;
    }
  }
  if (opts.mutants === true) {
    if (opts.out !== undefined) vetOutputFolder(opts.out, '--out');
    const s = opts.seed === undefined ? DEFAULT_MUTANT_SEED : (seed as number);
    const n = opts.runs === undefined ? DEFAULT_MUTANT_RUNS : (runs as number);
    return runMutants({ seed: s, runs: n, out: opts.out }, print);
  }
  const out = opts.out ?? DEFAULT_CHECK_OUT;
  // The folder a counterexample would go to is vetted before the search spends its time.
  vetOutputFolder(
    out,
    opts.out === undefined ? `the counterexample folder (${DEFAULT_CHECK_OUT})` : '--out',
  );
  print(`seed: ${seed as number}`);
  print(
    opts.path === undefined
      ? `checking ${runs as number} generated cases${opts.workers === undefined ? '' : ` on ${workers as number} worker threads`}`
      : `replaying the case at path "${opts.path}"`,
  );
  const started = monotonicMs();
  let result: ReturnType<typeof explore>;
  const search = {
    seed: seed as number,
    runs: runs as number,
    ...(hooks.breakModel !== undefined ? { breakModel: hooks.breakModel } : {}),
    ...(hooks.findings !== undefined ? { findings: hooks.findings } : {}),
  };
  try {
    result =
      opts.workers !== undefined && opts.path === undefined
        ? await exploreOnPool({ ...search, workers: workers as number })
        : explore({ ...search, ...(opts.path !== undefined ? { path: opts.path } : {}) });
  } catch (e) {
    const problem = replayPathProblem(e, opts.path);
    if (problem === undefined) throw e;
    printErr(`movesim check: ${problem}`);
    return EXIT.invalid;
  }
  for (const line of coverageLines(result.coverage)) print(line);
  const seconds = ((monotonicMs() - started) / 1000).toFixed(1);
  const cx = result.counterexample;
  if (cx === undefined) {
    print(`ok: no property failed in ${result.numRuns} cases (${seconds} s)`);
    return EXIT.ok;
  }
  const file = writeCounterexample(out, {
    input: cx.input,
    scenario: cx.scenario,
    failures: cx.failures,
    foundBy: { seed: result.seed, path: cx.path, numShrinks: cx.numShrinks, reduced: cx.reduced },
  });
  const first = cx.failures[0]!;
  printErr(
    `FAILED: ${failureName(first)} after ${result.numRuns} cases (${seconds} s): ${first.detail}`,
  );
  print(
    `shrunk in ${cx.numShrinks} steps to a case of ${cx.scenario.participants.length} participant(s), ${cx.scenario.moves.length} move(s), ${cx.scenario.faults.length} fault(s)`,
  );
  print(`wrote ${oneLine(file)}`);
  print(`replay the run: ${COMMAND_PREFIX} run ${shellQuote(file)}`);
  print(`replay the search: ${checkReplayCommand(result.seed, cx.path)}`);
  return EXIT.failed;
}
