/**
 * Tests of the sweep report page in Debian's Chromium: a self-contained report.html of a small
 * grid renders a plot per varied key and metric with no console error, hovering shows a tip, a
 * click on a point shows the command that opens its worst seed in the viewer and a link that opens
 * its run page in the viewer, and hostile scenario names and values stay text (no script runs, no
 * dialog opens, nothing is fetched).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderSelfContainedHtml } from '../../sim/report/html.js';
import { traceFileText } from '../../sim/report/trace-file.js';
import { runScenario } from '../../sim/scenario/run.js';
import { gridPoints } from '../../sim/sweep/grid.js';
import { GridAccumulator, type GridSummary } from '../../sim/sweep/grid-summary.js';
import { sweepReportHtml } from '../../sim/sweep/report-data.js';
import type { SeedResult } from '../../sim/sweep/seed-result.js';
import { loadShipped } from '../helpers/scenarios.js';
import { type Browser, chromiumStatus, launch, viewerReady, watchedPage } from '../viz/browser.js';
import { ensureViewerBuilt } from '../viz/build.js';

const HOSTILE = '</script><img src=x onerror=alert(1)>';

/** A seed's result with `rejected` of ten moves rejected and the given limbo. */
function result(seed: number, rejected: number, limboMs: number): SeedResult {
  const outcomes = Array.from({ length: 10 }, (_, i) => ({
    result: i < rejected ? 'rejected' : 'moved',
    reason: i < rejected ? 'participantLimitReached' : null,
    moveTimeUs: i < rejected ? null : (limboMs + 30) * 1000,
    limboUs: i < rejected ? null : limboMs * 1000,
  }));
  return {
    seed,
    passed: rejected === 0,
    stopReason: 'quiescent',
    outcomes,
    violations: {},
    expectations: [],
    bridges: [{ id: 'cbA', peakLoadBasisPoints: 6000 + 500 * rejected }],
    reasons: rejected === 0 ? [] : ['expectation failed'],
  };
}

/** A grid of two keys (a number and a hostile text) over three seeds. */
function hostileGrid(): GridSummary {
  const vary = [
    { key: 'population.0.count', values: ['60', '120', '180'] },
    { key: 'cluster.loadBalancing.policy', values: ['cms', `least-loaded${HOSTILE}`] },
  ];
  const points = gridPoints(vary);
  const thresholds = {
    newConferenceLoadLimitBasisPoints: 5000,
    existingConferenceLoadLimitBasisPoints: 8000,
  };
  const acc = new GridAccumulator(
    {
      scenario: HOSTILE,
      scenarioFile: `scenarios/${HOSTILE}.yaml`,
      scenarioSha256: '0',
      set: [],
      vary,
      from: 1,
      to: 3,
    },
    points.map((point) => ({ point, scenarioSha256: String(point.index), thresholds })),
  );
  acc.includeShard(0);
  for (const p of points)
    for (const seed of [1, 2, 3])
      acc.addSeed(p.index, result(seed, Math.max(0, p.index - seed), 100 * seed + p.index));
  return acc.summary();
}

const status = chromiumStatus();
const dir = mkdtempSync(join(tmpdir(), 'movesim-report-'));
let browser: Browser;

beforeAll(async () => {
  await ensureViewerBuilt();
  if (status.ok) browser = await launch({ width: 1300, height: 1000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!status.ok)('the sweep report page', () => {
  it('renders every plot, shows tips and opens the worst seed on click, with hostile names as text', async () => {
    const grid = hostileGrid();
    const file = join(dir, 'report.html');
    // One real run page, linked from every point, as a sweep writes them beside the report.
    const out = runScenario(loadShipped('move-across-bridges'), { traceLevel: 'messages' });
    mkdirSync(join(dir, 'runs'));
    writeFileSync(
      join(dir, 'runs', 'run.html'),
      renderSelfContainedHtml(traceFileText(out, out.events ?? [])),
    );
    const pages = Object.fromEntries(grid.points.map((p) => [p.index, 'runs/run.html']));
    writeFileSync(file, sweepReportHtml(grid, pages));
    const { page, problems, dialogs } = await watchedPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('figure svg');
    // Two varied keys × five metrics.
    expect(await page.locator('figure').count()).toBe(10);
    expect(await page.locator('#scenario').textContent()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    const dot = page.locator('g[aria-label="dot"] circle').last();
    await dot.hover({ force: true });
    await expect.poll(() => page.locator('g[aria-label="tip"] text').count()).toBeGreaterThan(0);
    await dot.click({ force: true });
    const command = await page.locator('#selection-command').textContent();
    const worst = grid.points.map((p) => p.worst?.view);
    expect(worst).toContain(command);
    expect(command).toMatch(/^npx movesim view 'scenarios\/<\/script>/);
    expect(await page.locator('#selection').isVisible()).toBe(true);
    const [viewer] = await Promise.all([
      page.context().waitForEvent('page'),
      page.locator('#selection-page').click(),
    ]);
    await viewerReady(viewer);
    expect(viewer.url()).toMatch(/\/runs\/run\.html(#.*)?$/);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);

  it('stays far under 5 MB for a 10 × 100 grid', () => {
    const vary = [
      {
        key: 'population.0.count',
        values: Array.from({ length: 10 }, (_, i) => String(60 * (i + 1))),
      },
    ];
    const thresholds = {
      newConferenceLoadLimitBasisPoints: 5000,
      existingConferenceLoadLimitBasisPoints: 8000,
    };
    const points = gridPoints(vary);
    const acc = new GridAccumulator(
      {
        scenario: 's',
        scenarioFile: 's.yaml',
        scenarioSha256: '0',
        set: [],
        vary,
        from: 1,
        to: 100,
      },
      points.map((point) => ({ point, scenarioSha256: '0', thresholds })),
    );
    for (const p of points)
      for (let seed = 1; seed <= 100; seed++) acc.addSeed(p.index, result(seed, seed % 4, seed));
    expect(sweepReportHtml(acc.summary()).length).toBeLessThan(1_000_000);
  });
});
