/**
 * `movesim sweep <scenario> --vary KEY=VALUES [--vary …] --seeds A..B`: the parameter sweep.
 * Every grid point × seed is one run on the worker pool; the results go to `sweep.json` (per
 * point, the summary a sweep of that point would write), `points.csv` (one row per point and
 * metric) and, with `--report`, `report.html` and the worst seed's run of each point as a viewer
 * page (worst-runs.ts). Sharding works as for a plain sweep (by seed), and
 * `movesim merge` joins the shards' `sweep.json` files.
 *
 * Every input problem (a key the schema does not know, a value that fails validation at some
 * point, an empty grid, a grid over 100,000 runs without `--yes`) is found before anything runs
 * and exits 2 with nothing written.
 */
import { join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { formatProblem, loadScenarioText, readFullPath } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import {
  type GridPoint,
  gridPoints,
  gridSize,
  parseVary,
  type Vary,
  varyKeyProblem,
} from '../sweep/grid.js';
import { formatGridReport } from '../sweep/grid-report.js';
import { GridAccumulator, gridSummaryText, type PreparedPoint } from '../sweep/grid-summary.js';
import { pointsCsv } from '../sweep/points-csv.js';
import { runJobsOnPool } from '../sweep/pool.js';
import { createProgress } from '../sweep/progress.js';
import { sweepReportHtml } from '../sweep/report-data.js';
import { type SeedRange, seedsOfShard, type Shard, shardSize } from '../sweep/seeds.js';
import { monotonicMs } from './clock.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { vetOutputFolder } from './output-paths.js';
import { scenarioSha256, writeWorstRuns } from './worst-runs.js';

/** The most runs (points × seeds) a sweep starts without `--yes`. */
export const MAX_RUNS_WITHOUT_YES = 100_000;

/** The files a parameter sweep writes. */
export const GRID_FILES = ['sweep.json', 'points.csv', 'report.html'];

/** What the plain sweep has already read from the command line. */
export interface GridArgs {
  file: string;
  text: string;
  scenario: Scenario;
  range: SeedRange;
  shard: Shard;
  workers: number;
  set: string[];
  vary: string[];
  out?: string | undefined;
  yes: boolean;
  report: boolean;
  json: boolean;
}

/** Reads every `--vary`; two for the same key are refused. */
function readVaries(texts: readonly string[]): Vary[] {
  const varies: Vary[] = [];
  for (const t of texts) {
    const parsed = parseVary(t);
    if (!parsed.ok) throw new UsageError(parsed.message);
    if (varies.some((v) => v.key === parsed.value.key))
      throw new UsageError(
        `--vary ${parsed.value.key} is given twice; give each key once with all its values`,
      );
    varies.push(parsed.value);
  }
  return varies;
}

/** Checks every key against the schema and the file (after `--set`). */
function checkKeys(args: GridArgs, varies: readonly Vary[]): void {
  const read = readFullPath(args.text, args.file, args.set);
  const data = 'problems' in read ? undefined : read.data;
  for (const v of varies) {
    const problem = varyKeyProblem(v.key, data);
    if (problem !== undefined) throw new UsageError(problem);
  }
}

/** Loads every point's scenario; the problems of the first points that fail, or the points. */
function preparePoints(
  args: GridArgs,
  points: readonly GridPoint[],
  io: CliIo,
): PreparedPoint[] | undefined {
  const prepared: PreparedPoint[] = [];
  let bad = 0;
  for (const point of points) {
    const loaded = loadScenarioText(args.text, args.file, { set: [...args.set, ...point.set] });
    if (!loaded.ok) {
      if (bad++ < 5) {
        io.printErr(`grid point ${point.index} (${point.set.join(', ')}) is not a valid scenario:`);
        for (const p of loaded.problems) io.printErr(`  ${formatProblem(p)}`);
      }
      continue;
    }
    const lb = loaded.scenario.cluster.loadBalancing;
    prepared.push({
      point,
      scenarioSha256: scenarioSha256(loaded.scenario),
      thresholds: {
        newConferenceLoadLimitBasisPoints: lb.newConferenceLoadLimitBasisPoints,
        existingConferenceLoadLimitBasisPoints: lb.existingConferenceLoadLimitBasisPoints,
      },
    });
  }
  if (bad === 0) return prepared;
  io.printErr(
    `${bad} of ${points.length} grid point(s) are not valid scenarios; fix the --vary values. Nothing was run or written.`,
  );
  return undefined;
}

/** The output folder, vetted and watched for interrupts. */
function outputFolder(args: GridArgs): string {
  const { shard } = args;
  const dir =
    args.out ??
    join(
      'out',
      args.scenario.name,
      'sweep',
      ...(shard.count > 1 ? [`shard-${shard.index}-of-${shard.count}`] : []),
    );
  const vetted = vetOutputFolder(
    dir,
    args.out === undefined ? 'the output folder (out/<scenario name>/sweep)' : '--out',
    GRID_FILES,
  );
  watchForInterrupts([vetted.folder, join(vetted.folder, 'runs')], vetted.missing);
  return dir;
}

/** Runs the parameter sweep; the exit code. */
export async function gridSweep(args: GridArgs, io: CliIo): Promise<number> {
  const varies = readVaries(args.vary);
  checkKeys(args, varies);
  const seedsPerPoint = shardSize(args.range, args.shard);
  const allRuns = gridSize(varies) * (args.range.to - args.range.from + 1);
  if (allRuns > MAX_RUNS_WITHOUT_YES && !args.yes)
    throw new UsageError(
      `the grid has ${gridSize(varies)} points × ${args.range.to - args.range.from + 1} seeds = ${allRuns} runs, more than ${MAX_RUNS_WITHOUT_YES}; pass --yes to run them all, or vary fewer values`,
    );
  const points = gridPoints(varies);
  const prepared = preparePoints(args, points, io);
  if (prepared === undefined) return EXIT.invalid;
  const dir = outputFolder(args);

  const sha = scenarioSha256(args.scenario);
  const acc = new GridAccumulator(
    {
      scenario: args.scenario.name,
      scenarioFile: args.file,
      scenarioSha256: sha,
      set: [...args.set],
      vary: varies,
      from: args.range.from,
      to: args.range.to,
    },
    prepared,
    args.shard.count,
  );
  acc.includeShard(args.shard.index);
  await runGrid(args, prepared, seedsPerPoint, acc, io);

  const grid = acc.summary();
  const text = gridSummaryText(grid);
  writeFileAtomic(join(dir, 'sweep.json'), text);
  writeFileAtomic(join(dir, 'points.csv'), pointsCsv(grid));
  const written = [join(dir, 'sweep.json'), join(dir, 'points.csv')];
  if (args.report) {
    const source = { text: args.text, file: args.file };
    const pages = await writeWorstRuns(grid, source, dir, io, {
      linkOldPages: false,
      command: 'sweep',
    });
    writeFileAtomic(join(dir, 'report.html'), sweepReportHtml(grid, pages.byPoint));
    written.push(join(dir, 'report.html'));
    if (pages.written.length > 0)
      written.push(`${pages.written.length} run page(s) in ${join(dir, 'runs')}`);
  }
  if (args.json) io.write(text);
  else {
    io.print(formatGridReport(grid));
    io.print(`wrote ${written.join(', ')}`);
  }
  return grid.seeds.failed > 0 ? EXIT.failed : EXIT.ok;
}

/** Runs every point's seeds of this shard on the pool, with a progress display. */
async function runGrid(
  args: GridArgs,
  prepared: readonly PreparedPoint[],
  seedsPerPoint: number,
  acc: GridAccumulator,
  io: CliIo,
): Promise<void> {
  const total = prepared.length * seedsPerPoint;
  const donePerPoint = prepared.map(() => 0);
  let current = 0;
  const progress = createProgress({
    total,
    tty: io.stderrIsTTY,
    write: io.writeErr,
    clockMs: monotonicMs,
    unit: 'runs',
    detail: () => {
      while (current < prepared.length - 1 && donePerPoint[current]! >= seedsPerPoint) current++;
      const p = prepared[current]!.point;
      return `point ${p.index + 1}/${prepared.length} ${p.set.join(' ')}`;
    },
  });
  let done = 0;
  let failed = 0;
  if (total > 0) {
    await runJobsOnPool(
      prepared.map((p) => ({
        base: { scenarioText: args.text, fileName: args.file, set: [...args.set, ...p.point.set] },
        seeds: seedsOfShard(args.range, args.shard),
        tag: p.point.index,
      })),
      {
        workers: Math.min(args.workers, total),
        total: seedsPerPoint * Math.min(prepared.length, args.workers),
        onResults: (index, results) => {
          for (const r of results) {
            acc.addSeed(index, r);
            donePerPoint[index]!++;
            done++;
            if (!r.passed) failed++;
          }
          progress.update(done, failed);
        },
      },
    );
  }
  progress.finish(done, failed);
}
