/**
 * The runs behind a parameter sweep's report: for each grid point, its worst seed run again with
 * the trace at the `messages` level and written as the sequence viewer's self-contained page,
 * `runs/point-<index>-seed-<seed>.html` beside `report.html`, so a click on a point opens its run
 * in the viewer from disk. Deterministic: the same run as the sweep's, with the trace on.
 *
 * Skipped, with a note, when the grid has more than `MAX_RUN_PAGES` points or the viewer is not
 * built; the report then shows only the `movesim view` command. This file does not draw the report.
 */
import { join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { traceFileText } from '../report/trace-file.js';
import { loadScenarioText } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';
import type { GridSummary } from '../sweep/grid-summary.js';
import type { CliIo } from './io.js';
import { importOptional } from './optional-module.js';

/** The most grid points whose worst runs are written as viewer pages. */
export const MAX_RUN_PAGES = 50;

/** The viewer page module (sim/report/html.ts). */
interface HtmlModule {
  renderSelfContainedHtml(traceText: string): string;
}

/** What the report needs to find the run pages: their folder and the files written. */
export interface RunPages {
  /** Relative to `report.html`, by grid point index. */
  byPoint: Record<number, string>;
  /** The files written, for the command's last line. */
  written: string[];
}

/** Writes the worst run of each point as a viewer page under `dir/runs`; what it wrote. */
export async function writeWorstRuns(
  grid: GridSummary,
  source: { text: string; file: string },
  dir: string,
  io: CliIo,
): Promise<RunPages> {
  const pages: RunPages = { byPoint: {}, written: [] };
  if (grid.points.length > MAX_RUN_PAGES) {
    io.printErr(
      `note: the grid has ${grid.points.length} points, more than ${MAX_RUN_PAGES}, so the report links no run pages; it shows each point's movesim view command`,
    );
    return pages;
  }
  const html = await importOptional<HtmlModule>('../report/html.js');
  for (const p of grid.points) {
    if (p.worst === null || html === undefined) continue;
    const loaded = loadScenarioText(source.text, source.file, { set: p.summary.set });
    if (!loaded.ok) continue;
    const out = runScenario(loaded.scenario, { seed: p.worst.seed, traceLevel: 'messages' });
    let page: string;
    try {
      page = html.renderSelfContainedHtml(traceFileText(out, out.events ?? []));
    } catch (e) {
      io.printErr(
        `note: the report links no run pages: ${e instanceof Error ? e.message : String(e)}`,
      );
      return { byPoint: {}, written: [] };
    }
    const name = `point-${p.index}-seed-${p.worst.seed}.html`;
    writeFileAtomic(join(dir, 'runs', name), page);
    pages.byPoint[p.index] = `runs/${name}`;
    pages.written.push(join(dir, 'runs', name));
  }
  return pages;
}
