/**
 * What the sweep report page draws, taken from a grid file: per point its values, thresholds,
 * worst seed and per-seed metrics, without the histograms and failure lists that the page does not
 * use (which keeps a 10 × 100 grid's report far under 5 MB). And the report page itself, with
 * that data inlined.
 */
import { sweepPageHtml } from '../report/sweep-page.js';
import type { GridSummary } from './grid-summary.js';

/** The report data of a grid file, as JSON text. */
function reportDataJson(g: GridSummary): string {
  return JSON.stringify({
    scenario: g.scenario,
    scenarioFile: g.scenarioFile,
    seeds: { from: g.seeds.from, to: g.seeds.to, run: g.seeds.run, failed: g.seeds.failed },
    vary: g.vary,
    points: g.points.map((p) => ({
      index: p.index,
      values: p.values,
      thresholds: p.thresholds,
      worst: p.worst,
      perSeed: p.perSeed.map(({ passed: _passed, ...rest }) => rest),
    })),
  });
}

/** The self-contained `report.html` of a grid file. */
export function sweepReportHtml(g: GridSummary): string {
  return sweepPageHtml(reportDataJson(g));
}
