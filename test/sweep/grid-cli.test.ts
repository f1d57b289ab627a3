/**
 * Tests of parameter sweeps through the real binary: `--vary` writes sweep.json, points.csv and
 * (with --report) report.html; shards merged give the unsharded sweep.json byte for byte; the
 * merged file makes the same report and run pages; a JSON array varies values with commas; and
 * every kind of bad input (an unknown key, a value that fails at some point, an empty grid, a
 * bracketed value that is not JSON, too many runs, --report without --vary) exits 2 with nothing
 * written. Needs `npm run build` first (npm test does it), which also builds the report page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GridSummary } from '../../sim/sweep/grid-summary.js';
import {
  type CliResult,
  filesUnder,
  LOSSY,
  movesim,
  removeScratch,
  SCENARIO,
  scratch,
} from '../cli/helpers.js';

const dir = scratch('movesim-grid-');
const read = (path: string) => readFileSync(path, 'utf8');
const POLICY = 'cluster.loadBalancing.policy=cms,least-loaded';
const grid = (out: string, ...more: string[]) =>
  movesim([
    'sweep',
    SCENARIO,
    '--seeds',
    '1..6',
    '--set',
    LOSSY,
    '--vary',
    POLICY,
    '--workers',
    '2',
    '--out',
    join(dir, out),
    ...more,
  ]);
let whole: CliResult;
let shards: CliResult[];

beforeAll(async () => {
  whole = await grid('whole', '--report');
  shards = await Promise.all([0, 1].map((i) => grid(`s${i}`, '--shard', `${i}/2`)));
}, 120_000);

afterAll(removeScratch);

describe('movesim sweep --vary', () => {
  it('writes sweep.json with one summary per grid point, points.csv and report.html', () => {
    expect(whole.stderr).toMatch(/runs, .* point \d\/2 cluster\.loadBalancing\.policy=/);
    const g = JSON.parse(read(join(dir, 'whole', 'sweep.json'))) as GridSummary;
    // With --report, each point's worst seed is also written as a viewer page.
    const pages = g.points.map((p) => join('runs', `point-${p.index}-seed-${p.worst!.seed}.html`));
    expect(filesUnder(join(dir, 'whole')).sort()).toEqual(
      ['points.csv', 'report.html', 'sweep.json', ...pages].sort(),
    );
    expect(read(join(dir, 'whole', pages[0]!))).toMatch(/id="movesim-trace"/);
    expect(read(join(dir, 'whole', 'report.html'))).toContain(`"page":"runs/point-0-seed-`);
    expect(g.points.map((p) => p.values)).toEqual([
      { 'cluster.loadBalancing.policy': 'cms' },
      { 'cluster.loadBalancing.policy': 'least-loaded' },
    ]);
    expect(g.points.map((p) => p.summary.seeds.run)).toEqual([6, 6]);
    expect(g.points[1]!.summary.set).toEqual([LOSSY, 'cluster.loadBalancing.policy=least-loaded']);
    expect(g.points[0]!.perSeed.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(g.points[0]!.worst?.view).toMatch(
      /^npx movesim view scenarios\/move-across-bridges\.yaml --seed \d /,
    );
    expect(whole.code).toBe(g.seeds.failed > 0 ? 1 : 0);
    const csv = read(join(dir, 'whole', 'points.csv')).split('\n');
    expect(csv[0]).toBe('point,cluster.loadBalancing.policy,metric,value,unit');
    expect(csv).toContain('1,least-loaded,seeds,6,count');
    expect(csv.some((l) => /^0,cms,limbo\.p95,[\d.]+,ms$/.test(l))).toBe(true);
  });

  it('merges its shards into the unsharded sweep.json byte for byte, and reports from it', async () => {
    expect(shards.map((s) => s.code)).toEqual(
      shards.map((s) => (/ [1-9]\d* failed/.test(s.stdout) ? 1 : 0)),
    );
    const merged = join(dir, 'merged', 'sweep.json');
    const r = await movesim([
      'merge',
      join(dir, 's1', 'sweep.json'),
      join(dir, 's0', 'sweep.json'),
      '-o',
      merged,
    ]);
    expect(r.stderr).toBe('');
    expect(read(merged)).toBe(read(join(dir, 'whole', 'sweep.json')));
    expect(read(join(dir, 'merged', 'points.csv'))).toBe(read(join(dir, 'whole', 'points.csv')));
    const partial = await movesim(['merge', join(dir, 's0', 'sweep.json')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/shard\(s\) 1 of 2 are missing/);
    const report = await movesim(['report', merged]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/wrote .*report\.html, 2 run page\(s\) in /);
    // The report runs each point's worst seed again: the same pages the sweep wrote.
    const pages = filesUnder(join(dir, 'whole', 'runs'));
    expect(pages).toHaveLength(2);
    expect(filesUnder(join(dir, 'merged', 'runs'))).toEqual(pages);
    for (const page of pages)
      expect(read(join(dir, 'merged', 'runs', page))).toBe(read(join(dir, 'whole', 'runs', page)));
    expect(read(join(dir, 'merged', 'report.html'))).toBe(read(join(dir, 'whole', 'report.html')));
    const again = join(dir, 'whole', 'again.html');
    expect((await movesim(['report', join(dir, 'whole', 'sweep.json'), '-o', again])).code).toBe(0);
    expect(read(again)).toBe(read(join(dir, 'whole', 'report.html')));
  });
});

describe('movesim sweep --vary with a JSON array', () => {
  it('varies values that hold commas, each one override, quoted in points.csv', async () => {
    const out = join(dir, 'json');
    const r = await movesim([
      'sweep',
      SCENARIO,
      '--seeds',
      '1..2',
      '--workers',
      '1',
      '--vary',
      'network.loss=[[], [{"probability": 0.03}, {"probability": 0.01}]]',
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/not a valid scenario/);
    const g = JSON.parse(read(join(out, 'sweep.json'))) as GridSummary;
    const lossy = '[{"probability":0.03},{"probability":0.01}]';
    expect(g.vary).toEqual([{ key: 'network.loss', values: ['[]', lossy] }]);
    expect(g.points[1]!.summary.set).toEqual([`network.loss=${lossy}`]);
    expect(g.points[1]!.worst?.view).toContain(`--set 'network.loss=${lossy}'`);
    const csv = read(join(out, 'points.csv')).split('\n');
    expect(csv).toContain(`1,"${lossy.replaceAll('"', '""')}",seeds,2,count`);
  });
});

describe('movesim sweep --vary refuses bad input with exit 2 and writes nothing', () => {
  let n = 0;
  const bad = async (args: string[], message: RegExp) => {
    const out = join(dir, `bad-${n++}`);
    const r = await movesim(['sweep', SCENARIO, '--seeds', '1..3', '--out', out, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  };

  it('names a key that does not exist, with a did-you-mean', () =>
    bad(
      ['--vary', 'cluster.loadBalancing.polcy=cms'],
      /no key "polcy" under cluster\.loadBalancing; did you mean "policy"\?/,
    ));

  it('names the grid point and the value that fail validation', () =>
    bad(
      ['--vary', 'cluster.loadBalancing.policy=cms,fastest'],
      /grid point 1 \(cluster\.loadBalancing\.policy=fastest\) is not a valid scenario:[\s\S]*1 of 2 grid point\(s\)/,
    ));

  it('refuses an empty grid', () => bad(['--vary', 'seed='], /no values, so the grid is empty/));

  it('refuses a bracketed value that is not JSON, saying how to write it', () =>
    bad(
      ['--vary', 'cluster.loadBalancing.policy=[cms, least-loaded]'],
      /--vary cluster\.loadBalancing\.policy: values in brackets are read as a JSON array, .* write strings in double quotes/,
    ));

  it('refuses more than 100,000 runs without --yes, with the count', () =>
    bad(
      ['--vary', 'maxEvents=1..50000', '--seeds', '1..3'],
      /50000 points × 3 seeds = 150000 runs, more than 100000; pass --yes/,
    ));

  it('refuses --report without --vary', () =>
    bad(['--report'], /--report .* needs at least one --vary/));
});
