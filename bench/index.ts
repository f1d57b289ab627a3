/**
 * `npm run bench`: measures the engine, the CMS model at two sizes and three trace levels,
 * the sweep, the property exploration and peak memory, and prints one table of medians, each
 * figure with its ratio to a baseline measured in this same process.
 *
 * Baselines: a bare hand-written heap loop doing the engine workload's scheduling (for the
 * engine and model rows), and single runs of `move-across-bridges` with the trace off through
 * `runScenario` (for the sweep and property rows); the logs row has no baseline (its target is
 * 200 MB of syslog a minute), nor has the export row (its ratios are to the trace's size).
 * Options: `--quick` (fewer and shorter runs), `--json FILE` (all raw figures),
 * `--only engine,model,sweep,check,explore,memory,logs,export`. Wall
 * time is read here only (process.hrtime); nothing here is a test or asserts anything.
 */
import { statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { explore } from '../sim/check/explore.js';
import { CheckPool, exploreOnPool } from '../sim/check/parallel.js';
import { runScenario } from '../sim/scenario/run.js';
import { benchCli } from './cli-bench.js';
import { benchEngine, type EngineBenchResult } from './engine-bench.js';
import { benchExplore } from './explore-bench.js';
import { benchExport } from './export-bench.js';
import { benchLogs } from './logs-bench.js';
import { benchMemory, type MemoryPoint } from './memory-bench.js';
import { measureModel, type ModelMeasure } from './model-bench.js';
import { loadJobScenario, type ModelJob } from './model-job.js';
import { formatMs, formatRate, formatRatio, median, nowMs } from './stats.js';
import { benchSweep, cliHasSweep, ROOT } from './sweep-bench.js';

interface Args {
  quick: boolean;
  only: Set<string>;
  json: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    quick: false,
    only: new Set(['engine', 'model', 'sweep', 'check', 'explore', 'memory', 'logs', 'export']),
    json: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--quick') a.quick = true;
    else if (k === '--only') a.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (k === '--json') a.json = argv[++i];
    else
      throw new Error(
        `unknown option ${k}; usage: npm run bench -- [--quick] [--only engine,model,sweep,check,explore,memory,logs,export] [--json FILE]`,
      );
  }
  return a;
}

/** One line of the printed table. */
interface Row {
  section: string;
  what: string;
  figure: string;
  value: string;
  ratio: string;
  note: string;
}

const rows: Row[] = [];
const raw: Record<string, unknown> = {};

function row(r: Row): void {
  rows.push(r);
  process.stderr.write(
    `  ${r.section} | ${r.what} | ${r.figure} ${r.value} | ${r.ratio} ${r.note}\n`,
  );
}

/** The single-run baseline: runs per second of move-across-bridges, trace off, this process. */
function singleRunBaseline(runs: number): number {
  const scenario = loadJobScenario({ file: join(ROOT, 'scenarios', 'move-across-bridges.yaml') });
  for (let i = 0; i < 20; i++) runScenario(scenario, { traceLevel: 'off' });
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const n = 50;
    const start = nowMs();
    for (let i = 0; i < n; i++) runScenario(scenario, { traceLevel: 'off' });
    rates.push(n / ((nowMs() - start) / 1000));
  }
  return median(rates);
}

function modelRows(
  name: string,
  m: ModelMeasure,
  bareEventsPerSec: number,
  goal: string | undefined,
): void {
  const j = m.job;
  const where =
    j.level === 'off'
      ? ''
      : j.trace === 'memory'
        ? ' (kept in memory)'
        : j.trace === 'count'
          ? ' (recorded, only counted)'
          : ' (NDJSON to disk)';
  const path = j.path === 'run' ? 'runScenario + cms.log' : 'core';
  const what = `${name} · trace ${j.level}${where} · ${path} · ${j.stateMode} · checks ${j.safetyChecks}`;
  raw[what] = m;
  if (m.medianRunMs === undefined) {
    row({
      section: 'model',
      what,
      figure: 'run',
      value: '-',
      ratio: '-',
      note: `${m.stopped ?? 'no run'}${goal === undefined ? '' : `; goal: ${goal}`}`,
    });
    return;
  }
  const first = m.runs[0]!;
  const evps = first.events / (m.medianRunMs / 1000);
  const note = [
    `${m.runs.length} runs`,
    `run ${formatMs(m.medianRunMs)} (CPU ${formatMs(m.medianCpuMs!)})`,
    `load ${formatMs(m.medianLoadMs!)}`,
    `${first.events} events`,
    `${first.moved}/${first.moves} moved`,
    `${first.violations} violations`,
    ...(first.traceBytes > 0 ? [`trace ${(first.traceBytes / 1e6).toFixed(0)} MB`] : []),
    ...(m.stopped !== undefined ? [`then ${m.stopped}`] : []),
    ...(goal !== undefined ? [`goal: ${goal}`] : []),
  ].join(', ');
  row({
    section: 'model',
    what,
    figure: 'events/s',
    value: formatRate(evps),
    ratio: formatRatio(evps / bareEventsPerSec),
    note,
  });
  row({
    section: 'model',
    what,
    figure: 'moves/s',
    value: formatRate(first.moves / (m.medianRunMs / 1000)),
    ratio: '',
    note: '',
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const q = args.quick;
  const started = nowMs();
  const load0 = loadavg();
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}`;
  process.stderr.write(
    `movesim bench on ${machine}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}\n`,
  );

  // The bare-loop baseline is measured inside the engine benchmark, interleaved with the engine.
  const engine = benchEngine({ runs: q ? 3 : 5, events: q ? 500_000 : 2_000_000 });
  raw.engine = engine;
  const bare = engine.baselineEventsPerSec;
  if (args.only.has('engine')) engineRows(engine);
  if (args.only.has('model')) await benchModelSection(q, bare);

  const needSingle = args.only.has('sweep') || args.only.has('check');
  const single = needSingle ? singleRunBaseline(q ? 3 : 5) : 0;
  if (needSingle) {
    raw.singleRunsPerSec = single;
    row({
      section: 'baseline',
      what: 'runScenario move-across-bridges, trace off, in this process',
      figure: 'runs/s',
      value: formatRate(single),
      ratio: formatRatio(1),
      note: 'baseline of the sweep and property rows',
    });
  }
  if (args.only.has('sweep')) benchSweepSection(q, single);
  if (args.only.has('sweep')) benchHeavySweepSection(q);
  if (args.only.has('check')) {
    benchCheckSection(q, single);
    await benchCheckPoolSection(q, single);
  }
  if (args.only.has('explore')) benchExploreSection(q);
  if (args.only.has('memory')) benchMemorySection(q);
  if (args.only.has('logs')) benchLogsSection(q);
  if (args.only.has('export')) benchExportSection(q);

  const load1 = loadavg();
  const lines = [
    `movesim bench — ${machine}`,
    `load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')}; took ${formatMs(nowMs() - started)}`,
    `command: npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    '',
    '| section | what | figure | median | ratio | notes |',
    '|---|---|---|---:|---:|---|',
    ...rows.map(
      (r) => `| ${r.section} | ${r.what} | ${r.figure} | ${r.value} | ${r.ratio} | ${r.note} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (args.json !== undefined)
    writeFileSync(
      args.json,
      `${JSON.stringify({ machine, load: [load0, load1], rows, raw }, null, 2)}\n`,
    );
}

/** The logs row: `movesim logs` on a long syslog, free and with its heap capped at 64 MB. */
function benchLogsSection(quick: boolean): void {
  const r = benchLogs(quick ? 20 : 200);
  raw.logs = r;
  row({
    section: 'logs',
    what: `movesim logs, ${r.megabytes.toFixed(0)} MB of syslog (breakout moves, STATS noise)`,
    figure: 'MB/min',
    value: r.mbPerMinute.toFixed(0),
    ratio: '',
    note: `heap capped at 64 MB: ${r.cappedMbPerMinute === undefined ? 'FAILED' : `${r.cappedMbPerMinute.toFixed(0)} MB/min`}; target 200 MB/min`,
  });
}

/** The export row: the large run's self-contained page, its size and the export's peak memory. */
function benchExportSection(quick: boolean): void {
  const r = benchExport(quick ? 1 : 3);
  raw.export = r;
  const what = `export --format html, large-24-bridges (${r.traceMb.toFixed(0)} MB trace.json)`;
  row({
    section: 'export',
    what,
    figure: 'page MB',
    value: r.htmlMb.toFixed(1),
    ratio: formatRatio(r.htmlMb / r.traceMb),
    note: `ratio to trace.json; goal < 100 MB; ${r.seconds.toFixed(1)} s (${r.runs} run(s))`,
  });
  row({
    section: 'export',
    what,
    figure: 'peak MB',
    value: r.peakMb.toFixed(0),
    ratio: formatRatio(r.peakMb / r.traceMb),
    note: 'resident memory (/usr/bin/time %M), ratio to trace.json size; goal < 1024 MB',
  });
}

/** The engine rows: the bare heap loop (the baseline) and the engine in both state modes. */
function engineRows(engine: EngineBenchResult): void {
  const bare = engine.baselineEventsPerSec;
  const what = `ping-pong, ${engine.pairs} pairs, trace off`;
  row({
    section: 'engine',
    what: `bare heap loop (baseline) · ${what}`,
    figure: 'events/s',
    value: formatRate(bare),
    ratio: formatRatio(1),
    note: `${engine.runs} runs of ${engine.events} events`,
  });
  row({
    section: 'engine',
    what: `engine, stateMode mutable · ${what}`,
    figure: 'events/s',
    value: formatRate(engine.mutableEventsPerSec),
    ratio: formatRatio(engine.mutableEventsPerSec / bare),
    note: 'goal ≥ 0.50×',
  });
  row({
    section: 'engine',
    what: `engine, stateMode immer · ${what}`,
    figure: 'events/s',
    value: formatRate(engine.immerEventsPerSec),
    ratio: formatRatio(engine.immerEventsPerSec / bare),
    note: 'one immer produce per event',
  });
}

/** One model benchmark: its name, the job, how many runs, and the goal it is held to (if any). */
type ModelCase = [string, ModelJob, number, string?];

/** The model cases: breakout-120 at each trace level and path, then the large cluster. */
function modelCases(q: boolean): ModelCase[] {
  const breakout = join(ROOT, 'scenarios', 'breakout-120.yaml');
  const large = join(ROOT, 'scenarios', 'large-24-bridges.yaml');
  const smallRuns = q ? 3 : 5;
  const largeRuns = q ? 1 : 3;
  const cases: ModelCase[] = [];
  for (const level of ['off', 'messages', 'state'] as const) {
    cases.push([
      'breakout-120',
      {
        source: { file: breakout },
        level,
        path: 'run',
        stateMode: 'immer',
        safetyChecks: 'every-event',
        warmups: 1,
      },
      smallRuns,
    ]);
  }
  cases.push([
    'breakout-120',
    {
      source: { file: breakout },
      level: 'off',
      path: 'run',
      stateMode: 'mutable',
      safetyChecks: 'every-event',
      warmups: 1,
    },
    smallRuns,
  ]);
  cases.push([
    'breakout-120',
    {
      source: { file: breakout },
      level: 'off',
      path: 'core',
      stateMode: 'mutable',
      safetyChecks: 'end',
      warmups: 1,
    },
    smallRuns,
  ]);
  const largeSource: ModelJob['source'] = q ? { generate: { scale: 0.1 } } : { file: large };
  const largeName = q ? 'large-24-bridges at 1/10' : 'large-24-bridges';
  const goals = {
    off: 'run under 3 s',
    messages: 'under 10 s',
    state: 'at least 100 k events/s',
  } as const;
  const goal = (level: keyof typeof goals) => (q ? undefined : goals[level]);
  cases.push([
    largeName,
    { source: largeSource, level: 'off', path: 'run', stateMode: 'mutable', safetyChecks: 'end' },
    largeRuns,
    goal('off'),
  ]);
  for (const level of ['off', 'messages', 'state'] as const) {
    cases.push([
      largeName,
      { source: largeSource, level, path: 'core', stateMode: 'mutable', safetyChecks: 'end' },
      largeRuns,
      goal(level),
    ]);
  }
  for (const trace of ['memory', 'count'] as const) {
    cases.push([
      largeName,
      {
        source: largeSource,
        level: 'state',
        trace,
        path: 'core',
        stateMode: 'mutable',
        safetyChecks: 'end',
      },
      largeRuns,
      goal('state'),
    ]);
  }
  // immer at the state level, for comparison: at a tenth of the size (the full size takes minutes).
  const tenth: ModelJob['source'] = { generate: { scale: q ? 0.01 : 0.1 } };
  for (const stateMode of ['immer', 'mutable'] as const) {
    cases.push([
      `large-24-bridges at ${q ? '1/100' : '1/10'}`,
      { source: tenth, level: 'state', path: 'core', stateMode, safetyChecks: 'end' },
      q ? 1 : 3,
    ]);
  }
  return cases;
}

/** The model rows (each case against the bare loop), and the whole CLI command on a full run. */
async function benchModelSection(q: boolean, bare: number): Promise<void> {
  const budgetMs = q ? 30_000 : 120_000;
  for (const [name, job, runs, g] of modelCases(q)) {
    modelRows(name, await measureModel(job, runs, budgetMs), bare, g);
  }
  if (q) return;
  const cli = benchCli(
    ['run', join('scenarios', 'large-24-bridges.yaml'), '--trace-level', 'off'],
    3,
  );
  raw.cli = cli;
  row({
    section: 'model',
    what: 'movesim run scenarios/large-24-bridges.yaml --trace-level off (the whole command)',
    figure: 'wall',
    value: formatMs(cli.medianMs),
    ratio: '',
    note: `${cli.runs} runs (exit ${[...new Set(cli.exitCodes)].join(', ')}): start, load the file (one population, expanded to 10,000 participants and moves), run, write trace.json, summary.json and the 62 MB cms.log; goal: run under 3 s`,
  });
}

/** The sweep rows: seeds per second with 1 and 2 workers, against single runs in this process. */
function benchSweepSection(q: boolean, single: number): void {
  if (!cliHasSweep()) {
    row({
      section: 'sweep',
      what: 'movesim sweep',
      figure: 'seeds/s',
      value: '-',
      ratio: '-',
      note: 'not measured: the built CLI has no `sweep` command (run `npm run build`)',
    });
    return;
  }
  const seeds = q ? 200 : 1000;
  const points = benchSweep(
    join('scenarios', 'move-across-bridges.yaml'),
    seeds,
    [1, 2],
    q ? 1 : 3,
  );
  raw.sweep = points;
  const one = points.find((p) => p.workers === 1)?.seedsPerSec;
  for (const p of points) {
    const what = `movesim sweep move-across-bridges --seeds 1..${p.seeds} --workers ${p.workers}`;
    if (p.seedsPerSec === undefined) {
      row({
        section: 'sweep',
        what,
        figure: 'seeds/s',
        value: '-',
        ratio: '-',
        note: p.error ?? 'no run',
      });
      continue;
    }
    const speedup =
      one === undefined ? '' : `, ${formatRatio(p.seedsPerSec / one)} the 1-worker rate`;
    row({
      section: 'sweep',
      what,
      figure: 'seeds/s',
      value: formatRate(p.seedsPerSec),
      ratio: formatRatio(p.seedsPerSec / single),
      note: `whole command ${formatMs(p.medianMs!)}${speedup}`,
    });
  }
}

/**
 * The heavy sweep rows: breakout-120 (about a thousand times the work of a move-across-bridges
 * run) with 1 and 2 workers, where start-up no longer dominates (goal: 2 workers at least 1.7×
 * the 1-worker rate), and a 10-point × 100-seed grid of it with its report (goals: under five
 * minutes on 2 cores, report under 5 MB).
 */
function benchHeavySweepSection(q: boolean): void {
  const breakout = join('scenarios', 'breakout-120.yaml');
  const seeds = q ? 40 : 1000;
  const points = benchSweep(breakout, seeds, [1, 2], 1);
  raw.heavySweep = points;
  const one = points.find((p) => p.workers === 1)?.seedsPerSec;
  for (const p of points) {
    const speedup = one === undefined || p.seedsPerSec === undefined ? '' : p.seedsPerSec / one;
    row({
      section: 'sweep',
      what: `movesim sweep breakout-120 --seeds 1..${p.seeds} --workers ${p.workers}`,
      figure: 'seeds/s',
      value: p.seedsPerSec === undefined ? '-' : formatRate(p.seedsPerSec),
      ratio: '',
      note:
        p.seedsPerSec === undefined
          ? (p.error ?? 'no run')
          : `whole command ${formatMs(p.medianMs!)}` +
            (speedup === ''
              ? ''
              : `, ${formatRatio(speedup)} the 1-worker rate (goal ≥ 1.7× at 2)`),
    });
  }
  let reportBytes = 0;
  const gridSeeds = q ? 10 : 100;
  const grid = benchSweep(
    breakout,
    gridSeeds,
    [2],
    1,
    [
      '--vary',
      'cluster.loadBalancing.newConferenceLoadLimitBasisPoints=5000..9500:500',
      '--report',
    ],
    (out) => (reportBytes = statSync(join(out, 'report.html')).size),
  )[0]!;
  raw.gridSweep = { ...grid, reportBytes };
  row({
    section: 'sweep',
    what: `movesim sweep breakout-120 --vary (10 points) --seeds 1..${gridSeeds} --workers 2 --report`,
    figure: 'wall',
    value: grid.medianMs === undefined ? '-' : formatMs(grid.medianMs),
    ratio: '',
    note:
      grid.medianMs === undefined
        ? (grid.error ?? 'no run')
        : `${10 * gridSeeds} runs; report.html ${(reportBytes / 1e6).toFixed(2)} MB (goals: under 5 min, report under 5 MB)`,
  });
}

/** The property row: generated cases per second of `explore()`, against single runs. */
function benchCheckSection(q: boolean, single: number): void {
  const runs = q ? 30 : 150;
  const rates: number[] = [];
  for (let r = 0; r < (q ? 1 : 3); r++) {
    const start = nowMs();
    const res = explore({ seed: 42 + r, runs });
    rates.push(res.numRuns / ((nowMs() - start) / 1000));
  }
  const rate = median(rates);
  raw.check = rates;
  row({
    section: 'property',
    what: `explore() generated cases, ${runs} per search`,
    figure: 'cases/s',
    value: formatRate(rate),
    ratio: formatRatio(rate / single),
    note: `${rates.length} searches (sim/check explore, determinism re-run on every 10th seed)`,
  });
}

/**
 * The systematic-search rows: `movesim explore`'s states per second on the single-move scenarios
 * (goal 20,000 on 2 cores) and the heap kept per state.
 */
function benchExploreSection(q: boolean): void {
  const cases: [string, number, number][] = [
    ['move-across-bridges', 1, 1],
    ['move-same-bridge', 1, 1],
    ['move-across-bridges', 2, 1],
  ];
  const cap = q ? 20_000 : 200_000;
  // The baseline: the same first search by re-executing each branch from the start.
  const baseline = benchExplore('move-across-bridges', 1, 1, cap, 're-execution');
  const results = [baseline, ...cases.map(([name, k, f]) => benchExplore(name, k, f, cap))];
  raw.explore = results;
  for (const r of results) {
    const base = r === baseline;
    row({
      section: 'explore',
      what: `explore ${r.scenario} --delays ${r.delays} --faults ${r.faults}${base ? ' (re-execution, the baseline)' : ''}`,
      figure: 'states/s',
      value: formatRate(r.statesPerSecond),
      ratio: base ? '1.00×' : `${(r.statesPerSecond / baseline.statesPerSecond).toFixed(2)}×`,
      note: `${r.states} states${r.complete ? ' (bound reached)' : ' (stopped at the state cap)'} in ${r.seconds.toFixed(1)} s, about ${(r.heapBytesPerState / 1024).toFixed(2)} KB of peak heap growth per state (uncollected garbage included)${base ? '' : '; goal: 20 k states/s'}`,
    });
  }
}

/**
 * The pooled property rows: `movesim check --workers N` on 1 and 2 worker threads, in generated
 * cases per second. First whole searches, each starting its own pool (what one command pays);
 * then one long command's searches (10,000 cases, the start paid once); then searches on a pool
 * started once and warmed by one search first (what a second search of the same process runs
 * at). The goal is 1000 cases/s on 2 cores.
 */
async function benchCheckPoolSection(q: boolean, single: number): Promise<void> {
  const runs = q ? 200 : 1000;
  const searches = q ? 1 : 3;
  const pool: Record<string, number[]> = {};
  raw.checkPool = pool;
  const rated = async (search: () => Promise<{ numRuns: number }>): Promise<number> => {
    const start = nowMs();
    const res = await search();
    return res.numRuns / ((nowMs() - start) / 1000);
  };
  for (const workers of [1, 2]) {
    const rates: number[] = [];
    for (let r = 0; r < searches; r++)
      rates.push(await rated(() => exploreOnPool({ seed: 42 + r, runs, workers })));
    pool[`${workers}`] = rates;
    row({
      section: 'property',
      what: `exploreOnPool() on ${workers} worker thread${workers === 1 ? '' : 's'}, ${runs} cases per search`,
      figure: 'cases/s',
      value: formatRate(median(rates)),
      ratio: formatRatio(median(rates) / single),
      note: `${rates.length} searches (movesim check --workers ${workers}; each starts its pool; ${cpus().length} cores)`,
    });
  }
  // A long command: its pool's start and warm-up spread over many cases.
  const longRuns = q ? 2000 : 10_000;
  const long: number[] = [];
  for (let r = 0; r < searches; r++)
    long.push(await rated(() => exploreOnPool({ seed: 42 + r, runs: longRuns, workers: 2 })));
  pool['long-2'] = long;
  row({
    section: 'property',
    what: `exploreOnPool() on 2 worker threads, ${longRuns} cases per search`,
    figure: 'cases/s',
    value: formatRate(median(long)),
    ratio: formatRatio(median(long) / single),
    note: `${long.length} searches (movesim check --workers 2 --runs ${longRuns}: its pool's start and warm-up included; ${cpus().length} cores; goal 1000 cases/s on 2)`,
  });
  for (const workers of [1, 2]) {
    const started = new CheckPool(workers);
    const rates: number[] = [];
    try {
      await started.search({ seed: 41, runs });
      for (let r = 0; r < searches; r++)
        rates.push(await rated(() => started.search({ seed: 42 + r, runs })));
    } finally {
      await started.destroy();
    }
    pool[`warm-${workers}`] = rates;
    row({
      section: 'property',
      what: `CheckPool.search() on ${workers} started worker thread${workers === 1 ? '' : 's'}, ${runs} cases per search`,
      figure: 'cases/s',
      value: formatRate(median(rates)),
      ratio: formatRatio(median(rates) / single),
      note: `${rates.length} searches after one warm-up search on the same pool (${cpus().length} cores${workers === 2 ? '; goal 1000 cases/s on 2' : ''})`,
    });
  }
}

/** The memory rows: peak RSS as the run grows 1×, 4× and 16× longer, per path and trace level. */
function benchMemorySection(q: boolean): void {
  const points = benchMemory({
    scale: 0.1,
    factors: [1, 4, 16],
    budgetMs: q ? 120_000 : 600_000,
    repeats: q ? 1 : 3,
  });
  raw.memory = points;
  for (const path of ['core', 'run'] as const) {
    for (const level of ['off', 'messages'] as const) {
      const ps = points.filter((p) => p.path === path && p.level === level);
      if (ps.length === 0) continue;
      const base = ps.find((p) => p.factor === 1)?.result?.peakRssMb;
      for (const p of ps) memoryRow(p, path, level, base);
    }
  }
}

/** One memory row: a point's peak RSS and its ratio to the 1× run of the same path and level. */
function memoryRow(
  p: MemoryPoint,
  path: 'core' | 'run',
  level: 'off' | 'messages',
  base: number | undefined,
): void {
  const what = `peak RSS, 1,000 participants × ${p.factor} rounds of moves · trace ${level}${level === 'off' ? '' : ' (NDJSON to disk)'} · ${path === 'run' ? 'runScenario + cms.log' : 'core'}`;
  if (p.result === undefined) {
    row({
      section: 'memory',
      what,
      figure: 'MB',
      value: '-',
      ratio: '-',
      note: p.error ?? 'no run',
    });
    return;
  }
  row({
    section: 'memory',
    what,
    figure: 'MB',
    value: p.result.peakRssMb.toFixed(0),
    ratio: base === undefined ? '-' : formatRatio(p.result.peakRssMb / base),
    note: `${p.peakRssMbs.length === 1 ? '1 run' : `median of ${p.peakRssMbs.length} runs (${Math.min(...p.peakRssMbs).toFixed(0)}–${Math.max(...p.peakRssMbs).toFixed(0)} MB)`}, ${p.result.events} events, run ${formatMs(p.result.runMs)}${p.factor === 16 ? ' · goal 16× < 1.50× of 1×' : ''}`,
  });
}

main().catch((e: unknown) => {
  process.stderr.write(
    `bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exitCode = 1;
});
