/**
 * `movesim merge` for parameter sweeps: joins the `sweep.json` files of a grid's shards into the
 * `sweep.json` one unsharded sweep would have written, byte for byte (to stdout, or with `-o` to a
 * file written atomically, with `points.csv` beside it). Exit codes as for summaries.
 */
import { dirname, join } from 'node:path';

import { writeFileAtomic } from '../report/atomic-write.js';
import { mergeGrids, type NamedGrid, parseGridSummary } from '../sweep/grid-merge.js';
import { formatGridReport } from '../sweep/grid-report.js';
import { gridSummaryText } from '../sweep/grid-summary.js';
import { pointsCsv } from '../sweep/points-csv.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Whether a file's text is a parameter sweep's `sweep.json` (by its format field). */
export function isGridText(text: string): boolean {
  return /"format"\s*:\s*"movesim-sweep-grid"/.test(text.slice(0, 200));
}

/** Merges grid files; `texts` are every file given, already read. */
export function mergeGridFiles(
  texts: readonly { file: string; text: string }[],
  opts: { output?: string; allowPartial?: boolean },
  io: CliIo,
): number {
  const parts: NamedGrid[] = [];
  const problems: string[] = [];
  for (const { file, text } of texts) {
    const parsed = parseGridSummary(text, file);
    if (parsed.ok) parts.push({ file, grid: parsed.grid });
    else problems.push(...parsed.problems);
  }
  const merged = problems.length === 0 ? mergeGrids(parts) : { ok: false as const, problems };
  if (!merged.ok) {
    for (const p of merged.problems) io.printErr(p);
    io.printErr('nothing was merged or written.');
    return EXIT.invalid;
  }
  if (merged.missingShards.length > 0) {
    const count = merged.grid.seeds.shard?.count ?? 1;
    const msg = `shard(s) ${merged.missingShards.join(', ')} of ${count} are missing`;
    if (opts.allowPartial !== true) {
      io.printErr(
        `${msg}; give every shard's sweep.json, or pass --allow-partial to merge what there is. Nothing was written.`,
      );
      return EXIT.invalid;
    }
    io.printErr(`warning: ${msg}; the sweep holds only the shards given.`);
  }
  const text = gridSummaryText(merged.grid);
  if (opts.output === undefined) io.write(text);
  else {
    const csv = join(dirname(opts.output), 'points.csv');
    writeFileAtomic(opts.output, text);
    writeFileAtomic(csv, pointsCsv(merged.grid));
    io.print(formatGridReport(merged.grid));
    io.print(`wrote ${opts.output}, ${csv}`);
  }
  return merged.grid.seeds.failed > 0 ? EXIT.failed : EXIT.ok;
}
