/**
 * The page's worker for a version 3 compact trace's later sections (built by Vite into the
 * page's script, so the self-contained page needs no other file). It inflates the text and data
 * sections and sends them back at once; then, given the main section's counts, it makes each
 * data line's JSON text for the search (CompactRest.lineJson, the same code the page would run)
 * and sends those in batches, so the page's thread has them without making them.
 *
 * Messages in: `{ zipped: [text, data] }` (gzip bytes; or `{ inflated: [text, data] }`, a copy
 * of sections already inflated, when only the JSON texts are wanted), then `{ texts, chunks }`
 * (the counts the main section's header gives); or `{ url, accept }` alone: the served page's
 * trace, fetched again by the worker for its own bytes (so the page's thread copies nothing),
 * its counts sent first as `{ sizes }`. Out: `{ sections: [text, data] }` or `{ why }`, then
 * `{ lines: [k, text, starts][] }` batches, then `{ done: true }`.
 */
import {
  CompactRest,
  decodeCompactColumns,
  gunzipInBrowser,
  type LineJson,
} from '../../sim/engine/trace-compact.js';

/** Data lines' JSON texts sent in one message. */
const BATCH_LINES = 16;

/** What the worker is sent. */
type In =
  | { zipped: Uint8Array<ArrayBuffer>[] }
  | { inflated: Uint8Array[] }
  | { texts: number; chunks: number[] }
  | { url: string; accept: string };

let sections: Uint8Array[] | undefined;
let counts: { texts: number; chunks: number[] } | undefined;

/** Makes and sends the data lines' JSON texts once both the sections and the counts are in. */
function sendLines(): void {
  if (sections === undefined || counts === undefined) return;
  const rest = new CompactRest(counts.texts, counts.chunks);
  try {
    rest.supply({ text: sections[0]!, data: sections[1]! });
  } catch {
    // The page's thread meets the same damage when it reads the data itself, and says so.
    postMessage({ done: true });
    return;
  }
  sendLinesOf(rest);
}

/**
 * Fetches the served trace again (the browser inflates it as it comes), decodes it, and sends
 * its counts and then its data lines' JSON texts; just `done` when it is not a version 3 trace
 * or does not load (the page then makes what it needs itself).
 */
async function sendFetched(url: string, accept: string): Promise<void> {
  let rest: CompactRest | undefined;
  try {
    const res = await fetch(url, { headers: { accept } });
    if (res.ok) rest = decodeCompactColumns(new Uint8Array(await res.arrayBuffer())).rest;
  } catch {
    rest = undefined;
  }
  if (rest?.inflated === undefined) {
    postMessage({ done: true });
    return;
  }
  postMessage({ sizes: rest.sizes });
  sendLinesOf(rest);
}

/** Makes and sends the JSON texts of the data lines of `rest` (supplied), then `done`. */
function sendLinesOf(rest: CompactRest): void {
  try {
    let batch: [number, LineJson][] = [];
    const flush = (): void => {
      postMessage(
        { lines: batch },
        { transfer: batch.map(([, j]) => j.starts.buffer as ArrayBuffer) },
      );
      batch = [];
    };
    for (let k = 0; k < rest.lineCount; k++) {
      batch.push([k, rest.lineJson(k)]);
      rest.dropJson();
      if (batch.length === BATCH_LINES) flush();
    }
    if (batch.length > 0) flush();
  } catch {
    // The page's thread meets the same damage when it reads the data itself, and says so.
  }
  postMessage({ done: true });
}

onmessage = async (e: MessageEvent<In>): Promise<void> => {
  const m = e.data;
  if ('zipped' in m) {
    try {
      const out = await Promise.all(m.zipped.map(gunzipInBrowser));
      // The page gets copies (handed over, not copied again); the worker keeps its own.
      const copies = out.map((u) => u.slice());
      postMessage({ sections: copies }, { transfer: copies.map((u) => u.buffer) });
      sections = out;
    } catch (err) {
      postMessage({ why: err instanceof Error ? err.message : String(err) });
      return;
    }
  } else if ('url' in m) {
    await sendFetched(m.url, m.accept);
    return;
  } else if ('inflated' in m) sections = m.inflated;
  else counts = m;
  sendLines();
};
