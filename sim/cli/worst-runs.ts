/**
 * The runs behind a parameter sweep's report: for each grid point, its worst seed run again with
 * the trace at the `messages` level and written as the sequence viewer's self-contained page,
 * `runs/point-<index>-seed-<seed>.html` beside `report.html`, so a click on a point opens its run
 * in the viewer from disk. Both `movesim sweep --report` and `movesim report` write them.
 *
 * Deterministic, and checked to be the sweep's own run: a point's scenario (the file with the
 * sweep's `--set` and the point's values) must hash to the SHA-256 the sweep recorded for that
 * point. When it does not, or the scenario file cannot be read or no longer loads, the point gets
 * no new page: a note on stderr says why, and the report links the page a sweep wrote there
 * before, if any, or else shows the point's `movesim view` command.
 *
 * Skipped, with a note, when the grid has more than `MAX_RUN_PAGES` points or the viewer is not
 * built. Progress goes to stderr. This file does not draw the report.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { traceFileText } from '../report/trace-file.js';
import { formatProblem, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import type { GridPointResult, GridSummary } from '../sweep/grid-summary.js';
import { createProgress } from '../sweep/progress.js';
import { monotonicMs } from './clock.js';
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

/** Options of writing the run pages. */
export interface WorstRunOptions {
  /**
   * Whether a point that gets no new page links the page already at its path beside the report
   * (`movesim report`: yes, the sweep wrote it; a new sweep: no, it may be another sweep's).
   */
  linkOldPages: boolean;
  /** The command, which starts each plain progress line (`sweep` or `report`). */
  command: string;
}

/** The scenario a sweep ran: its text, or why it cannot be had; and the name it ran under. */
export type RunSource = { file: string; text: string } | { file: string; missing: string };

/** The SHA-256 of a validated scenario, as the sweep records it per point. */
export const scenarioSha256 = (s: Scenario): string =>
  createHash('sha256').update(JSON.stringify(s)).digest('hex');

/** The page's path relative to the report. */
const pagePath = (p: GridPointResult, seed: number): string =>
  `runs/point-${p.index}-seed-${seed}.html`;

/** The point's scenario as the sweep ran it, or why it cannot be had. */
function pointScenario(
  p: GridPointResult,
  source: RunSource,
): { scenario: Scenario } | { why: string } {
  if ('missing' in source) return { why: source.missing };
  const loaded = loadScenarioText(source.text, source.file, { set: p.summary.set });
  if (!loaded.ok)
    return {
      why: `${source.file} no longer loads with this point's values (${formatProblem(loaded.problems[0]!)})`,
    };
  if (scenarioSha256(loaded.scenario) !== p.summary.scenarioSha256)
    return {
      why: `${source.file} has changed since the sweep (its SHA-256 with this point's values differs from the one in sweep.json), so the run would not be the sweep's; run the sweep again to see the new file`,
    };
  return { scenario: loaded.scenario };
}

/**
 * Writes the worst run of each point as a viewer page under `dir/runs`; what it wrote, and the
 * pages already there for the points it could not run.
 */
export async function writeWorstRuns(
  grid: GridSummary,
  source: RunSource,
  dir: string,
  io: CliIo,
  opts: WorstRunOptions,
): Promise<RunPages> {
  const pages: RunPages = { byPoint: {}, written: [] };
  const old = (p: GridPointResult, seed: number): boolean =>
    opts.linkOldPages && existsSync(join(dir, pagePath(p, seed)));
  const none = (): RunPages => (opts.linkOldPages ? oldRunPages(grid, dir) : pages);
  if (grid.points.length > MAX_RUN_PAGES) {
    io.printErr(
      `note: the grid has ${grid.points.length} points, more than ${MAX_RUN_PAGES}, so no run pages are written; the report shows each point's movesim view command`,
    );
    return none();
  }
  const html = await importOptional<HtmlModule>('../report/html.js');
  if (html === undefined) return none();
  const todo = grid.points.filter((p) => p.worst !== null);
  // Without the scenario nothing runs, so there is no progress to show.
  const progress = createProgress({
    total: todo.length,
    tty: io.stderrIsTTY,
    write: 'missing' in source ? () => undefined : io.writeErr,
    clockMs: monotonicMs,
    unit: 'run pages',
    label: opts.command,
  });
  // Notes wait for the end, so they do not break into the progress bar.
  const notes: string[] = [];
  let done = 0;
  for (const p of todo) {
    const seed = p.worst!.seed;
    const got = pointScenario(p, source);
    if ('why' in got) {
      const kept = old(p, seed);
      if (kept) pages.byPoint[p.index] = pagePath(p, seed);
      // The values and file name come from sweep.json: kept on one line, escapes visible.
      notes.push(
        oneLine(
          `note: point ${p.index} (${pointLabel(p)}): no run page made: ${got.why}; the report ${kept ? `links the page already at ${pagePath(p, seed)}` : 'shows its movesim view command'}`,
        ),
      );
    } else {
      const out = runScenario(got.scenario, { seed, traceLevel: 'messages' });
      let page: string;
      try {
        page = html.renderSelfContainedHtml(traceFileText(out, out.events ?? []));
      } catch (e) {
        progress.finish(done, notes.length);
        for (const n of notes) io.printErr(n);
        io.printErr(
          `note: no run pages are written: ${e instanceof Error ? e.message : String(e)}`,
        );
        return none();
      }
      writeFileAtomic(join(dir, pagePath(p, seed)), page);
      pages.byPoint[p.index] = pagePath(p, seed);
      pages.written.push(join(dir, pagePath(p, seed)));
    }
    progress.update(++done, notes.length);
  }
  progress.finish(done, notes.length);
  for (const n of notes) io.printErr(n);
  return pages;
}

/** A point's values, as `key=value` pairs. */
const pointLabel = (p: GridPointResult): string =>
  Object.entries(p.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** The run pages already in `dir/runs` for the grid's worst seeds; writes nothing. */
export function oldRunPages(grid: GridSummary, dir: string): RunPages {
  const pages: RunPages = { byPoint: {}, written: [] };
  for (const p of grid.points)
    if (p.worst !== null && existsSync(join(dir, pagePath(p, p.worst.seed))))
      pages.byPoint[p.index] = pagePath(p, p.worst.seed);
  return pages;
}
