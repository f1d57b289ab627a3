/**
 * `movesim sweep <scenario> --seeds A..B [--workers N] [--shard i/n] [--out DIR]`: runs many
 * seeds of one scenario on worker threads with the trace off, shows progress on stderr, and
 * writes the aggregate `summary.json` (atomically) to `--out` (default `out/<scenario>/sweep/`,
 * or `out/<scenario>/sweep/shard-<i>-of-<n>/` for a shard). Prints the report, or with `--json`
 * only the summary. Exit 0 when every seed passed, 1 when any failed, 2 for invalid input (nothing
 * run or written). With `--vary`, it runs a parameter sweep instead (grid-sweep.ts).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { formatProblem, formatWarning, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import { SweepAccumulator, sweepSummaryText } from '../sweep/aggregate.js';
import { runSeedsOnPool } from '../sweep/pool.js';
import { createProgress } from '../sweep/progress.js';
import { formatSweepReport } from '../sweep/report.js';
import { parseSeedRange, parseShard, seedsOfShard, type Shard, shardSize } from '../sweep/seeds.js';
import { monotonicMs } from './clock.js';
import { EXIT, UsageError } from './exit-codes.js';
import { GRID_FILES, gridSweep } from './grid-sweep.js';
import { type CliIo, readInputFile } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { vetOutputFolder } from './output-paths.js';

/** Options of `movesim sweep`. */
export interface SweepOptions {
  /** The seeds, `A..B`, both ends included. Required. */
  seeds: string;
  /** Worker threads. Default: the number of cores. */
  workers?: string;
  /** `i/n`: run only the seeds s with (s - A) mod n = i. Default: every seed. */
  shard?: string;
  /**
   * Where summary.json goes. Default `out/<scenario name>/sweep` (plus `shard-<i>-of-<n>` for a
   * shard).
   */
  out?: string;
  /** Overrides applied before validation. Default none. */
  set?: string[];
  /** Print only the summary JSON on stdout. */
  json?: boolean;
  /** `KEY=VALUES` (repeatable): run the grid of these keys' values (see grid-sweep.ts). */
  vary?: string[];
  /** Run a grid of more than 100,000 runs. Default false. */
  yes?: boolean;
  /** With --vary: also write report.html. Default false. */
  report?: boolean;
}

/** Reads `--workers`: a whole number from 1 to 1024. */
export function parseWorkers(text: string | undefined): number {
  if (text === undefined) return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 1024) {
    throw new UsageError(
      `--workers "${text}" must be a whole number from 1 to 1024, such as --workers 4`,
    );
  }
  return Number(text);
}

export async function sweepCommand(file: string, opts: SweepOptions, io: CliIo): Promise<number> {
  const range = parseSeedRange(opts.seeds);
  if (!range.ok) throw new UsageError(range.message);
  let shard: Shard = { index: 0, count: 1 };
  if (opts.shard !== undefined) {
    const parsed = parseShard(opts.shard);
    if (!parsed.ok) throw new UsageError(parsed.message);
    shard = parsed.value;
  }
  const workers = parseWorkers(opts.workers);
  const set = opts.set ?? [];

  const vary = opts.vary ?? [];
  if (opts.report && vary.length === 0)
    throw new UsageError(
      '--report draws the metrics against the varied keys, so it needs at least one --vary KEY=VALUES',
    );
  if (opts.out !== undefined)
    vetOutputFolder(opts.out, '--out', vary.length > 0 ? GRID_FILES : ['summary.json']);
  const text = readInputFile(file, io, 'scenario');
  if (text === undefined) return EXIT.invalid;
  const loaded = loadScenarioText(text, file, { set });
  if (!loaded.ok) {
    for (const p of loaded.problems) io.printErr(formatProblem(p));
    io.printErr(
      `${oneLine(file)}: ${loaded.problems.length} problem(s); nothing was run or written.`,
    );
    return EXIT.invalid;
  }
  const scenario = loaded.scenario;
  for (const w of loaded.warnings) io.printErr(formatWarning(w));
  if (vary.length > 0) {
    const grid = { file, text, scenario, range: range.value, shard, workers, set, vary };
    return gridSweep(
      {
        ...grid,
        out: opts.out,
        yes: opts.yes ?? false,
        report: opts.report ?? false,
        json: opts.json ?? false,
      },
      io,
    );
  }
  const sha = createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
  const acc = new SweepAccumulator(
    {
      scenario: scenario.name,
      scenarioFile: file,
      scenarioSha256: sha,
      set: [...set],
      from: range.value.from,
      to: range.value.to,
    },
    shard.count,
  );
  acc.includeShard(shard.index);

  const dir =
    opts.out ??
    join(
      'out',
      scenario.name,
      'sweep',
      ...(shard.count > 1 ? [`shard-${shard.index}-of-${shard.count}`] : []),
    );
  const vetted = vetOutputFolder(
    dir,
    opts.out === undefined ? 'the output folder (out/<scenario name>/sweep)' : '--out',
    ['summary.json'],
  );
  watchForInterrupts([vetted.folder], vetted.missing);
  const total = shardSize(range.value, shard);
  const progress = createProgress({
    total,
    tty: io.stderrIsTTY,
    write: io.writeErr,
    clockMs: monotonicMs,
  });
  let done = 0;
  let failed = 0;
  if (total > 0) {
    await runSeedsOnPool(
      { scenarioText: text, fileName: file, set: [...set] },
      seedsOfShard(range.value, shard),
      {
        workers: Math.min(workers, total),
        total,
        onResults: (results) => {
          for (const r of results) {
            acc.addSeed(r);
            done++;
            if (!r.passed) failed++;
          }
          progress.update(done, failed);
        },
      },
    );
  }
  progress.finish(done, failed);

  const summary = acc.summary();
  const path = join(dir, 'summary.json');
  const textOut = sweepSummaryText(summary);
  writeFileAtomic(path, textOut);
  if (opts.json) {
    io.write(textOut);
  } else {
    io.print(formatSweepReport(summary));
    io.print(`wrote ${path}`);
  }
  return summary.seeds.failed > 0 ? EXIT.failed : EXIT.ok;
}
