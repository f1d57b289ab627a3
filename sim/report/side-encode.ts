/**
 * Making a trace's compact side file (side-file.ts): from a run's events still in memory, as
 * `movesim run` writes the trace (no trace text is parsed again, only its header line), or from
 * a trace file already written, read a block at a time. Both go through the encoder's public
 * entry points (compact-lines.ts, compact-trace.ts) and give the bytes the server's own
 * encoding of the same trace gives.
 */
import type { TraceEvent } from '../engine/index.js';
import { encodeTraceLines, fileLines } from './compact-lines.js';
import { CompactEncoder } from './compact-trace.js';
import { eventJson, holdsMapOrSet } from './event-json.js';
import { gzipParts, traceIdentity, writeCompactSide } from './side-file.js';

/**
 * Traces of at least this many bytes (16 MiB) get a side file (from `movesim run`, or kept by
 * `movesim view` after it encoded one): below it the server encodes the trace in well under a
 * second, so the file would only add to every run's folder (and the shipped scenarios' runs
 * write the files they always did).
 */
export const SIDE_FILE_MIN_BYTES = 16 * 1024 * 1024;

/**
 * An event as the trace's text gives it back: a state event whose patches hold a Map or a Set
 * is written with them as objects and arrays (event-json.ts), so it goes through its text.
 */
function asWritten(e: TraceEvent): TraceEvent {
  return e.type === 'state' && holdsMapOrSet(e.patches)
    ? (JSON.parse(eventJson(e)) as TraceEvent)
    : e;
}

/**
 * Writes the side file of a `trace.json` just written at `tracePath` from its header line (the
 * text up to and including `"events":[`) and the events it holds; gives the side file's path.
 * Throws an Error (an I/O error, or the header line not being one) with nothing left behind.
 */
export async function writeSideFromEvents(
  tracePath: string,
  headerLine: string,
  events: readonly TraceEvent[],
): Promise<string> {
  // The header goes through the line reader, so it is the one the server's encoding has.
  const head = encodeTraceLines([headerLine, ']}']);
  if (head === null) throw new Error('the trace header line is not one movesim writes');
  const encoder = new CompactEncoder();
  for (const e of events) encoder.add(asWritten(e));
  const gzip = await gzipParts(encoder.parts(head.header));
  return writeCompactSide(tracePath, gzip, traceIdentity(tracePath));
}

/**
 * Writes the side file of a trace file already written (`trace.json` or the streamed form),
 * reading it a block at a time; gives the side file's path, or throws an Error saying why.
 */
export async function writeSideFromFile(tracePath: string): Promise<string> {
  const identity = traceIdentity(tracePath);
  const encoded = encodeTraceLines(fileLines(tracePath));
  if (encoded === null)
    throw new Error(
      'it is not a trace movesim wrote one event a line (a trace.json on one line is encoded by movesim view when served)',
    );
  const gzip = await gzipParts(encoded.encoder.parts(encoded.header));
  return writeCompactSide(tracePath, gzip, identity);
}
