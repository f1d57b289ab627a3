/**
 * `movesim explore <scenario>`: every schedule of the scenario within K delays and F faults
 * (sim/explore/search.ts), with its counts, the outcomes and failure reasons reached ("sometimes"
 * properties, each with an example path), and for each invariant violated the schedule with the
 * fewest deviations as a scenario file that `movesim run` replays, checked by replaying it, and
 * that run's trace. Writes `explore.json` and those files under `--out` (default
 * `out/<scenario name>/explore`). Exit 0 no violation, 1 a violation, 2 invalid input.
 */
import { join } from 'node:path';

import { formatMs, msToUs } from '../engine/index.js';
import {
  counterexampleText,
  replayCounterexample,
  selectorsOf,
} from '../explore/counterexample.js';
import { describePath } from '../explore/describe.js';
import { scenarioSystem, sometimesProperties } from '../explore/scenario-system.js';
import {
  explore,
  type ExploreResult,
  type ExploreSystem,
  type FoundViolation,
} from '../explore/search.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { traceFileText } from '../report/trace-file.js';
import { parseDurationMs } from '../scenario/duration.js';
import { formatProblem, formatWarning, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import type { Scenario } from '../scenario/schema.js';
import { createProgress } from '../sweep/progress.js';
import { COMMAND_PREFIX, shellQuote } from '../sweep/replay.js';
import { monotonicMs } from './clock.js';
import { EXIT, UsageError } from './exit-codes.js';
import { readInputText } from './input-files.js';
import type { CliIo } from './io.js';
import { vetOutputFolder } from './output-paths.js';
import { parseSeed } from './run-command.js';

/** Options of `movesim explore`, as commander hands them over (strings). */
export interface ExploreCommandOptions {
  /** K, the most deferred messages per schedule. Default 1. */
  delays?: string;
  /** F, the most faults (a lost message, a crash) per schedule. Default 1. */
  faults?: string;
  /** Stop after this many states. Default 100000. */
  maxStates?: string;
  /** Breadth first: counterexamples with the fewest deviations first. Default off. */
  bfs?: boolean;
  /**
   * How long after a chosen crash the node restarts: durations or `never`, separated by commas,
   * each explored. Default: 1 s and the scenario's own crash faults' restart delays.
   */
  restartAfter?: string;
  /** The output folder. Default `out/<scenario name>/explore`. */
  out?: string;
  /** The seed; default the scenario's. */
  seed?: string;
  /** Overrides applied before validation. Default none. */
  set?: string[];
  /** Print the report as JSON on stdout, nothing else. */
  json?: boolean;
}

/** A whole number at least `min` from a flag, or a UsageError. */
function count(v: string | undefined, flag: string, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!/^\d{1,9}$/.test(v.trim()) || Number(v) < min)
    throw new UsageError(`${flag} must be a whole number of at least ${min}; got "${oneLine(v)}"`);
  return Number(v);
}

/** `--restart-after`: microseconds each (undefined for `never`), or undefined when not given. */
function restartDelaysUs(v: string | undefined): (number | undefined)[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((one) => {
    const d = one.trim();
    if (d === 'never') return undefined;
    try {
      return msToUs(parseDurationMs(/^\d+(?:\.\d+)?$/.test(d) ? Number(d) : d));
    } catch (e) {
      throw new UsageError(
        `--restart-after: ${(e as Error).message}, or "never" (several separated by commas)`,
      );
    }
  });
}

/** The bounds as read from the flags. */
interface Bounds {
  delays: number;
  faults: number;
  maxStates: number;
  order: 'dfs' | 'bfs';
  /** The restart delays given; undefined: the scenario's defaults. */
  restartDelaysUs: (number | undefined)[] | undefined;
}

function readBounds(opts: ExploreCommandOptions): Bounds {
  return {
    delays: count(opts.delays, '--delays', 1, 0),
    faults: count(opts.faults, '--faults', 1, 0),
    maxStates: count(opts.maxStates, '--max-states', 100_000, 1),
    order: opts.bfs === true ? 'bfs' : 'dfs',
    restartDelaysUs: restartDelaysUs(opts.restartAfter),
  };
}

/** The command line that repeats this search. */
function exploreCommandLine(file: string, b: Bounds, opts: ExploreCommandOptions): string {
  const args = ['explore', file, '--delays', String(b.delays), '--faults', String(b.faults)];
  args.push('--max-states', String(b.maxStates));
  if (b.order === 'bfs') args.push('--bfs');
  if (opts.restartAfter !== undefined) args.push('--restart-after', opts.restartAfter);
  if (opts.seed !== undefined) args.push('--seed', opts.seed);
  for (const s of opts.set ?? []) args.push('--set', s);
  return `${COMMAND_PREFIX} ${args.map(shellQuote).join(' ')}`;
}

/** A counterexample written and replayed. */
interface Written {
  found: FoundViolation;
  file: string;
  trace: string;
  reproduced: boolean;
  expected: boolean;
}

export function exploreCommand(file: string, opts: ExploreCommandOptions, io: CliIo): number {
  const bounds = readBounds(opts);
  const seedFlag = parseSeed(opts.seed);
  if (opts.out !== undefined) vetOutputFolder(opts.out, '--out', ['explore.json']);
  const input = readInputText(file, 'scenario');
  if (!input.ok) {
    io.printErr(`${input.message}; nothing was explored or written.`);
    return EXIT.invalid;
  }
  const loaded = loadScenarioText(input.text, file, { set: opts.set ?? [] });
  if (!loaded.ok) {
    for (const p of loaded.problems) io.printErr(formatProblem(p));
    io.printErr(
      `${oneLine(file)}: ${loaded.problems.length} problem(s); nothing was explored or written.`,
    );
    return EXIT.invalid;
  }
  for (const w of loaded.warnings) io.printErr(formatWarning(w));
  const scenario = loaded.scenario;
  const seed = seedFlag ?? scenario.seed;
  const dir = opts.out ?? join('out', scenario.name, 'explore');
  vetOutputFolder(dir, opts.out === undefined ? 'the output folder' : '--out', ['explore.json']);
  const system = scenarioSystem(scenario, {
    seed,
    ...(bounds.restartDelaysUs !== undefined ? { restartDelaysUs: bounds.restartDelaysUs } : {}),
  });
  const started = monotonicMs();
  const progress = createProgress({
    total: bounds.maxStates,
    tty: io.stderrIsTTY,
    write: io.writeErr,
    clockMs: monotonicMs,
    unit: 'states',
    label: 'explore',
    failedWord: 'invariant(s) violated',
  });
  const result = explore(system, { ...bounds, onProgress: (n, v) => progress.update(n, v) });
  // On a terminal the bar's line is ended; in a log the report below says the same.
  if (io.stderrIsTTY) progress.finish(result.states, result.violations.size);
  const seconds = (monotonicMs() - started) / 1000;
  const command = exploreCommandLine(file, bounds, opts);
  const written = writeCounterexamples(result, {
    text: input.text,
    scenario,
    seed,
    dir,
    command,
    opts,
  });
  const report = reportJson(scenario, seed, bounds, system, result, written, command);
  writeFileAtomic(join(dir, 'explore.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (opts.json === true) io.print(JSON.stringify(report, null, 2));
  else printReport(io, scenario, bounds, result, written, seconds, join(dir, 'explore.json'));
  const failing = written.filter((w) => !w.expected);
  if (failing.length === 0) return EXIT.ok;
  const first = failing[0]!;
  io.printErr(
    `FAILED: ${failing.length} invariant(s) violated within the bounds. Replay: ${COMMAND_PREFIX} run ${shellQuote(first.file)}`,
  );
  return EXIT.failed;
}

/** What writing the counterexamples needs. */
interface WriteContext {
  text: string;
  scenario: Scenario;
  seed: string | number;
  dir: string;
  command: string;
  opts: ExploreCommandOptions;
}

/** Writes each violation's counterexample and its replay's trace; replays each to check it. */
function writeCounterexamples(r: ExploreResult, c: WriteContext): Written[] {
  const expected = new Set(
    c.scenario.expect.flatMap((e) => ('violation' in e ? [e.violation] : [])),
  );
  return [...r.violations.values()].map((found) => {
    const name = `${c.scenario.name}-${found.invariant}`.slice(0, 100);
    const file = join(c.dir, `${name}.yaml`);
    const trace = join(c.dir, `${name}.trace.json`);
    const text = counterexampleText(
      {
        text: c.text,
        set: c.opts.set ?? [],
        seed: c.seed,
        name,
        header: [
          `Counterexample found by movesim explore: ${found.invariant} is violated.`,
          `Found with: ${c.command}`,
          `Replay: ${COMMAND_PREFIX} run ${shellQuote(file)}`,
          `Path: ${describePath(found.path)}`,
        ],
      },
      found.path,
    );
    const replay = replayCounterexample(text, file, found.invariant);
    writeFileAtomic(file, text);
    writeFileAtomic(trace, traceFileText(replay.out, replay.events));
    return {
      found,
      file,
      trace,
      reproduced: replay.reproduced,
      expected: expected.has(found.invariant),
    };
  });
}

/** The report as `explore.json` keeps it (nothing from the wall clock: the same every time). */
function reportJson(
  scenario: Scenario,
  seed: string | number,
  b: Bounds,
  system: ExploreSystem,
  r: ExploreResult,
  written: Written[],
  command: string,
): unknown {
  const props = sometimesProperties(scenario);
  return {
    scenario: scenario.name,
    seed,
    command,
    bounds: {
      delays: b.delays,
      faults: b.faults,
      maxStates: b.maxStates,
      order: b.order,
      crashable: system.crashable,
      restartAfterMs: system.restartDelaysUs.map((us) => (us === undefined ? null : us / 1000)),
    },
    complete: r.complete,
    states: r.states,
    distinctStates: r.distinct,
    revisits: r.revisits,
    executions: r.executions,
    events: r.events,
    infeasible: r.infeasible,
    maxSteps: r.maxSteps,
    terminals: Object.fromEntries([...r.terminals].sort(([a], [c]) => a.localeCompare(c))),
    sometimes: {
      reached: Object.fromEntries(
        props
          .filter((p) => r.reached.has(p))
          .map((p) => [
            p,
            { path: describePath(r.reached.get(p)!), whatIf: selectorsOf(r.reached.get(p)!) },
          ]),
      ),
      notReached: props.filter((p) => !r.reached.has(p)),
    },
    violations: written.map((w) => ({
      invariant: w.found.invariant,
      detail: w.found.detail,
      atMs: w.found.atUs / 1000,
      path: describePath(w.found.path),
      whatIf: selectorsOf(w.found.path),
      expected: w.expected,
      file: w.file,
      trace: w.trace,
      reproduced: w.reproduced,
    })),
  };
}

/** The printed report. */
function printReport(
  io: CliIo,
  scenario: Scenario,
  b: Bounds,
  r: ExploreResult,
  written: Written[],
  seconds: number,
  reportFile: string,
): void {
  const rate = seconds > 0 ? Math.round(r.states / seconds) : r.states;
  io.print(`scenario: ${scenario.name}`);
  io.print(
    `bounds: ${b.delays} delay(s), ${b.faults} fault(s), ${b.order}, at most ${b.maxStates} states`,
  );
  io.print(
    r.complete
      ? `bound reached: every schedule within the bounds was explored`
      : `bound NOT reached: stopped at ${r.states} states; what is below covers only the schedules explored so far`,
  );
  io.print(
    `states: ${r.states} explored (${r.distinct} distinct, ${r.revisits} reached again), ${r.executions} executions, ${r.events} events, ${rate} states/s (${seconds.toFixed(1)} s)`,
  );
  io.print('terminal states by outcome:');
  for (const [k, n] of [...r.terminals].sort(([a], [c]) => a.localeCompare(c)))
    io.print(`  ${k || '(no move)'}: ${n}`);
  const props = sometimesProperties(scenario);
  io.print('sometimes (reached, with an example):');
  for (const p of props.filter((x) => r.reached.has(x)))
    io.print(`  ${p}: ${describePath(r.reached.get(p)!)}`);
  const missing = props.filter((p) => !r.reached.has(p));
  if (missing.length > 0)
    io.print(`never reached (bounds too small, or the model cannot): ${missing.join(', ')}`);
  if (written.length === 0) io.print('always: no invariant violated on any schedule explored');
  for (const w of written) {
    io.print(
      `VIOLATION ${w.found.invariant}${w.expected ? ' (expected by the scenario)' : ''} at ${formatMs(w.found.atUs)} ms: ${w.found.detail}`,
    );
    io.print(`  path: ${describePath(w.found.path)}`);
    io.print(
      `  counterexample: ${w.file} (${w.reproduced ? 'replayed: reproduces the violation' : 'replayed: does NOT reproduce it; please report'}); trace: ${w.trace}`,
    );
    io.print(`  replay: ${COMMAND_PREFIX} run ${shellQuote(w.file)}`);
  }
  io.print(`wrote ${reportFile}`);
}
