/**
 * `movesim report <sweep.json> [-o FILE]`: writes the self-contained report page of a parameter
 * sweep from its `sweep.json` (a merged one too), by default `report.html` beside it, linking the
 * run pages (`runs/point-<i>-seed-<s>.html`) that a sweep wrote beside it. Exit 0 when
 * written, 2 when the file cannot be read, is not a parameter sweep's, or the output cannot be
 * written (nothing half-written).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { parseGridSummary } from '../sweep/grid-merge.js';
import { sweepReportHtml } from '../sweep/report-data.js';
import { EXIT } from './exit-codes.js';
import { readInputText } from './input-files.js';
import type { CliIo } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { vetOutputFile } from './output-paths.js';

/** Options of `movesim report`. */
export interface ReportOptions {
  /** The file to write. Default: `report.html` in the folder of the sweep.json. */
  output?: string;
}

export function reportCommand(file: string, opts: ReportOptions, io: CliIo): number {
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
  watchForInterrupts([vetted.folder], vetted.missing);
  // Run pages a sweep wrote beside the report are linked; none are made here.
  const pages: Record<number, string> = {};
  for (const p of parsed.grid.points) {
    const rel = p.worst === null ? undefined : `runs/point-${p.index}-seed-${p.worst.seed}.html`;
    if (rel !== undefined && existsSync(join(dirname(output), rel))) pages[p.index] = rel;
  }
  writeFileAtomic(output, sweepReportHtml(parsed.grid, pages));
  io.print(`wrote ${output}`);
  return EXIT.ok;
}
