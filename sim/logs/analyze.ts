/**
 * The pipeline of `movesim logs` up to the records: read the files (streamed, merged by time),
 * correlate each line. Also the same for text in memory (tests, the round trip over a run's
 * own `cms.log`).
 */
import { Correlator } from './correlate.js';
import { splitLine } from './parse.js';
import { newCounts, type ReadCounts, readEntries } from './read.js';
import type { Correlation } from './records.js';

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
