/**
 * `movesim report <sweep.json> [-o FILE] [--no-runs]`: writes the self-contained report page of a
 * parameter sweep from its `sweep.json` (a merged one too), by default `report.html` beside it,
 * and the worst seed's run of each grid point as a viewer page in `runs/` beside the report
 * (worst-runs.ts), run again from the scenario file the sweep names, read from the current
 * folder. A point whose scenario cannot be read, no longer loads or has changed since the sweep
 * (its SHA-256 differs) gets a note on stderr and links the run page already there, if any, or
 * shows its `movesim view` command: the report is still written, and the exit code is 0.
 *
 * Exit 2 when the sweep file cannot be read, is not a parameter sweep's, or the output cannot be
 * written (nothing half-written).
 */
import { dirname, join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { parseGridSummary } from '../sweep/grid-merge.js';
import type { GridSummary } from '../sweep/grid-summary.js';
import { sweepReportHtml } from '../sweep/report-data.js';
import { EXIT } from './exit-codes.js';
import { readInputText } from './input-files.js';
import type { CliIo } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { vetOutputFile } from './output-paths.js';
import { oldRunPages, type RunSource, writeWorstRuns } from './worst-runs.js';

/** Options of `movesim report`. */
export interface ReportOptions {
  /** The file to write. Default: `report.html` in the folder of the sweep.json. */
  output?: string;
  /**
   * Whether the worst seed of each point is run again and written as a viewer page. Default
   * true; false (`--no-runs`) links only the run pages already beside the report.
   */
  runs?: boolean;
}

/** The scenario file the sweep ran, read from the current folder, or why it cannot be read. */
function runSource(grid: GridSummary): RunSource {
  const file = grid.scenarioFile;
  const read = readInputText(file, 'scenario');
  if (read.ok) return { file, text: read.text };
  return {
    file,
    missing: `the scenario file cannot be read from this folder (${read.message}); run movesim report from the folder the sweep ran in`,
  };
}

export async function reportCommand(file: string, opts: ReportOptions, io: CliIo): Promise<number> {
  const output = opts.output ?? join(dirname(file), 'report.html');
  const vetted = vetOutputFile(output, opts.output === undefined ? 'the report file' : '-o');
  const read = readInputText(file, 'sweep');
  if (!read.ok) {
    io.printErr(`${read.message}; nothing was written.`);
    return EXIT.invalid;
  }
  const parsed = parseGridSummary(read.text, file);
  if (!parsed.ok) {
    for (const p of parsed.problems) io.printErr(p);
    io.printErr('nothing was written.');
    return EXIT.invalid;
  }
  const dir = dirname(output);
  watchForInterrupts([vetted.folder, join(vetted.folder, 'runs')], vetted.missing);
  const pages =
    opts.runs === false
      ? oldRunPages(parsed.grid, dir)
      : await writeWorstRuns(parsed.grid, runSource(parsed.grid), dir, io, {
          linkOldPages: true,
          command: 'report',
        });
  writeFileAtomic(output, sweepReportHtml(parsed.grid, pages.byPoint));
  const runs =
    pages.written.length > 0 ? `, ${pages.written.length} run page(s) in ${join(dir, 'runs')}` : '';
  io.print(`wrote ${output}${runs}`);
  return EXIT.ok;
}
