/**
 * What the sweep report page draws, taken from a grid file: per point its values, thresholds,
 * worst seed and per-seed metrics, without the histograms and failure lists that the page does not
 * use (which keeps a 10 × 100 grid's report far under 5 MB), with the path of each point's run
 * page when there is one. And the report page itself, with that data inlined.
 */
import type { ReportData } from '../report/sweep-data.js';
import { sweepPageHtml } from '../report/sweep-page.js';
import type { GridSummary } from './grid-summary.js';

/** The report data of a grid file, as JSON text; `pages` links points to their run pages. */
function reportDataJson(g: GridSummary, pages: Record<number, string>): string {
  const data: ReportData = {
    scenario: g.scenario,
    scenarioFile: g.scenarioFile,
    seeds: { from: g.seeds.from, to: g.seeds.to, run: g.seeds.run, failed: g.seeds.failed },
    vary: g.vary,
    points: g.points.map((p) => ({
      index: p.index,
      values: p.values,
      thresholds: p.thresholds,
      worst: p.worst,
      page: pages[p.index] ?? null,
      perSeed: p.perSeed.map(({ passed: _passed, ...rest }) => rest),
    })),
  };
  return JSON.stringify(data);
}

/**
 * The self-contained `report.html` of a grid file; `pages` gives, by point index, the path of the
 * viewer page of its worst seed relative to the report (default none).
 */
export function sweepReportHtml(g: GridSummary, pages: Record<number, string> = {}): string {
  return sweepPageHtml(reportDataJson(g, pages));
}
