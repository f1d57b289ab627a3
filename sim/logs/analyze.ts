/**
 * The pipeline of `movesim logs` up to the records: read the files (streamed, merged by time),
 * correlate each line. Also the same for text in memory (tests, the round trip over a run's
 * own `cms.log`).
 */
import { Correlator } from './correlate.js';
import { splitLine } from './parse.js';
import { newCounts, type ReadCounts, readEntries } from './read.js';
import type { Correlation, JoinRecord, MoveRecord } from './records.js';

/** What the logs hold: the counts of reading and the correlated records. */
export interface Analysis {
  counts: ReadCounts;
  correlation: Correlation;
}

/** Reads and correlates `paths`; throws `LogInputError` for a file that cannot be read. */
export async function analyzeFiles(paths: readonly string[]): Promise<Analysis> {
  const counts = newCounts();
  const c = new Correlator();
  for await (const e of readEntries(paths, counts)) c.add(e);
  return { counts, correlation: c.finish() };
}

/** What `streamFiles` hands on: each record as it is done, and now and then a watermark. */
export interface RecordSink {
  /** The first entry's time, and whether it had a date. */
  start(ms: number, dated: boolean): void;
  /** A record no more lines will come for; `servers` are those read so far. */
  record(r: MoveRecord | JoinRecord, servers: ReadonlySet<string>): void;
  /** No record still in flight has a line before `beforeMs`, nor will one. */
  watermark(beforeMs: number): void;
}

/**
 * Reads and correlates `paths` as a stream: records go to `sink` as they are done, so memory
 * holds the records in flight. Throws `LogInputError` for a file that cannot be read.
 */
export async function streamFiles(
  paths: readonly string[],
  sink: RecordSink,
): Promise<{ counts: ReadCounts; correlation: Correlation }> {
  const counts = newCounts();
  const servers = new Set<string>();
  const c = new Correlator((r) => sink.record(r, servers));
  let n = 0;
  for await (const e of readEntries(paths, counts)) {
    if (n === 0) sink.start(e.ms, e.dated);
    c.add(e);
    servers.add(e.node);
    if (++n % 8192 === 0) sink.watermark(Math.min(e.ms, c.oldestInFlightMs()));
  }
  const correlation = c.finish();
  sink.watermark(Number.POSITIVE_INFINITY);
  return { counts, correlation };
}

/** Correlates one log held as text (already in time order), named `file`. */
export function analyzeText(text: string, file = 'cms.log'): Analysis {
  const counts = newCounts();
  counts.files = 1;
  const c = new Correlator();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    counts.physicalLines++;
    const { entries, noise } = splitLine(l, file, i + 1, file);
    if (noise) counts.noiseLines++;
    for (const e of entries) {
      counts.entries++;
      if (e.dated) counts.dated++;
      else counts.undated++;
      c.add(e);
    }
  });
  if (counts.entries === 0) counts.emptyFiles.push(file);
  return { counts, correlation: c.finish() };
}
