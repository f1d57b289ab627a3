/**
 * Tests of `movesim report` running each grid point's worst seed again as a viewer page, through
 * the real binary, in a folder of its own holding a copy of the scenario: the pages are written
 * from the file the sweep names (a comment added to it changes nothing); a file changed since the
 * sweep, or missing, gives one note per point, links the page already there or shows the
 * `movesim view` command, and still writes the report with exit 0; `--no-runs` runs nothing.
 * Needs `npm run build` first (npm test does it).
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GridSummary } from '../../sim/sweep/grid-summary.js';
import { filesUnder, movesim, removeScratch, ROOT, SCENARIO, scratch } from '../cli/helpers.js';

const dir = scratch('movesim-report-runs-');
const read = (path: string) => readFileSync(path, 'utf8');
const scenario = join(dir, 'scen.yaml');
/** `movesim ARGS` run in the scratch folder, where the sweep ran. */
const here = (...args: string[]) => movesim(args, dir);
let grid: GridSummary;
let pages: string[];

beforeAll(async () => {
  copyFileSync(join(ROOT, SCENARIO), scenario);
  const r = await here(
    'sweep',
    'scen.yaml',
    '--seeds',
    '1..2',
    '--workers',
    '1',
    '--vary',
    'cluster.loadBalancing.policy=cms,least-loaded',
    '--out',
    'out',
  );
  expect(r.code).toBe(0);
  grid = JSON.parse(read(join(dir, 'out', 'sweep.json'))) as GridSummary;
  pages = grid.points.map((p) => `point-${p.index}-seed-${p.worst!.seed}.html`).sort();
}, 60_000);

afterAll(removeScratch);

/** The `"page"` values of a report, in point order. */
const linked = (report: string): string[] =>
  [...read(join(dir, report)).matchAll(/"page":("[^"]*"|null)/g)].map((m) => m[1]!);

describe('movesim report', () => {
  it("writes each point's worst seed as a run page from the scenario the sweep names", async () => {
    writeFileSync(scenario, `${read(scenario)}# A comment changes no value.\n`);
    const r = await here('report', 'out/sweep.json');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/note:/);
    // Progress on the long part: running the pages (plain lines, as stderr is not a terminal).
    expect(r.stderr).toMatch(/^report: 2\/2 run pages, 0 failed, in [\d.]+ s$/m);
    expect(filesUnder(join(dir, 'out', 'runs'))).toEqual(pages);
    for (const page of pages)
      expect(read(join(dir, 'out', 'runs', page))).toMatch(/id="movesim-trace"/);
    expect(linked('out/report.html')).toEqual(
      grid.points.map((p) => `"runs/point-${p.index}-seed-${p.worst!.seed}.html"`),
    );
  });

  it('names every point whose scenario changed, links the page already there, and still exits 0', async () => {
    writeFileSync(scenario, read(scenario).replace('until: 30s', 'until: 31s'));
    const beside = await here('report', 'out/sweep.json', '-o', 'out/again.html');
    expect(beside.code).toBe(0);
    const notes = beside.stderr.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatch(
      /^note: point 1 \(cluster\.loadBalancing\.policy=least-loaded\): no run page made: scen\.yaml has changed since the sweep .*; the report links the page already at runs\/point-1-seed-\d\.html$/,
    );
    expect(linked('out/again.html')).toEqual(linked('out/report.html'));

    const elsewhere = await here('report', 'out/sweep.json', '-o', 'elsewhere/report.html');
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stderr).toMatch(
      /has changed since the sweep .*shows its movesim view command/,
    );
    expect(filesUnder(join(dir, 'elsewhere'))).toEqual(['report.html']);
    expect(linked('elsewhere/report.html')).toEqual(['null', 'null']);
    expect(read(join(dir, 'elsewhere', 'report.html'))).toContain(grid.points[0]!.worst!.view);
  });

  it('says so per point when the scenario file is missing, and --no-runs runs nothing', async () => {
    rmSync(scenario);
    const r = await here('report', 'out/sweep.json', '-o', 'missing/report.html');
    expect(r.code).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(
      /^note: point 0 .*: the scenario file cannot be read from this folder \(scen\.yaml: .*\); run movesim report from the folder the sweep ran in; the report shows its movesim view command$/,
    );
    expect(r.stderr).not.toMatch(/run pages/);

    const quiet = await here('report', 'out/sweep.json', '--no-runs', '-o', 'out/quiet.html');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(linked('out/quiet.html')).toEqual(linked('out/report.html'));
  });
});
