/**
 * `movesim merge <summary.json...> [-o FILE] [--allow-partial]`: joins the summaries of a sweep's
 * shards into the summary one big sweep would have written, byte for byte. The merged JSON goes
 * to stdout unless `-o` names a file (written atomically; the report is printed instead).
 * The `sweep.json` files of a parameter sweep's shards are merged the same way (merge-grid.ts).
 * Exit 0 when every seed passed, 1 when any failed, 2 when the summaries cannot be read, do not
 * belong to one sweep, overlap, or miss shards (unless `--allow-partial`).
 */
import { writeFileAtomic } from '../report/atomic-write.js';
import { sweepSummaryText } from '../sweep/aggregate.js';
import { mergeSummaries, type NamedSummary } from '../sweep/merge.js';
import { formatSweepReport } from '../sweep/report.js';
import { parseSweepSummary } from '../sweep/summary-schema.js';
import { EXIT } from './exit-codes.js';
import { readInputText } from './input-files.js';
import type { CliIo } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { isGridText, mergeGridFiles } from './merge-grid.js';
import { vetOutputFile } from './output-paths.js';

/** Options of `movesim merge`. */
export interface MergeOptions {
  /** The file to write; stdout when absent. */
  output?: string;
  /**
   * Merge even when shards are missing; the summary then lists the shards it holds. Default false.
   */
  allowPartial?: boolean;
}

export function mergeCommand(files: readonly string[], opts: MergeOptions, io: CliIo): number {
  // The output file is vetted before any summary is read.
  if (opts.output !== undefined) {
    const vetted = vetOutputFile(opts.output, '-o');
    watchForInterrupts([vetted.folder], vetted.missing);
  }
  const texts: { file: string; text: string }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const read = readInputText(file, 'summary');
    if (read.ok) texts.push({ file, text: read.text });
    else problems.push(read.message);
  }
  if (problems.length === 0 && texts.some((t) => isGridText(t.text)))
    return mergeGridFiles(texts, opts, io);
  const parts: NamedSummary[] = [];
  for (const { file, text } of texts) {
    const parsed = parseSweepSummary(text, file);
    if (parsed.ok) parts.push({ file, summary: parsed.summary });
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) {
    for (const p of problems) io.printErr(p);
    io.printErr('nothing was merged or written.');
    return EXIT.invalid;
  }
  const merged = mergeSummaries(parts);
  if (!merged.ok) {
    for (const p of merged.problems) io.printErr(p);
    io.printErr('nothing was merged or written.');
    return EXIT.invalid;
  }
  if (merged.missingShards.length > 0) {
    const count = merged.summary.seeds.shard?.count ?? 1;
    const msg = `shard(s) ${merged.missingShards.join(', ')} of ${count} are missing`;
    if (!opts.allowPartial) {
      io.printErr(
        `${msg}; give every shard's summary.json, or pass --allow-partial to merge what there is. Nothing was written.`,
      );
      return EXIT.invalid;
    }
    io.printErr(`warning: ${msg}; the summary holds only the shards given.`);
  }
  const text = sweepSummaryText(merged.summary);
  if (opts.output === undefined) {
    io.write(text);
  } else {
    writeFileAtomic(opts.output, text);
    io.print(formatSweepReport(merged.summary));
    io.print(`wrote ${opts.output}`);
  }
  return merged.summary.seeds.failed > 0 ? EXIT.failed : EXIT.ok;
}
