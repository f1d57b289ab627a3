/**
 * The page's worker for a version 3 compact trace's later sections (built by Vite into the
 * page's script, so the self-contained page needs no other file). It inflates the text and data
 * sections and sends them back at once; then, given the main section's counts, it makes each
 * data line's JSON text for the search (CompactRest.lineJson, the same code the page would run)
 * and sends those in batches, so the page's thread has them without making them.
 *
 * Messages in: `{ zipped: [text, data] }` (gzip bytes; or `{ inflated: [text, data] }`, a copy
 * of sections already inflated, when only the JSON texts are wanted), then `{ texts, chunks }`
 * (the counts the main section's header gives); or `{ url, accept }` in place of `zipped`: the
 * served trace, fetched here (the page's only download of it), its opening section (version 4,
 * when it has one: `{ opening }`) and its main section sent to the page as soon as each is in
 * (`{ main }`), and the rest read here while the page builds its model (fetchServed). Out:
 * `{ sections: [text, data] }` or `{ why }`, then `{ lines: [k, text, starts][] }` batches,
 * then `{ done: true }`.
 */
import {
  COMPACT_FORMAT,
  CompactRest,
  gunzipInBrowser,
  type LineJson,
  splitLater,
} from '../../sim/engine/trace-compact.js';
import { readMain, readRest } from './stream-rest.js';

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

/** Sends the page copies of the inflated sections (handed over), keeping its own. */
function sendSections(out: Uint8Array[]): void {
  const copies = out.map((u) => u.slice());
  postMessage({ sections: copies }, { transfer: copies.map((u) => u.buffer) });
  sections = out;
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

/**
 * Fetches the served trace (the page's only download of it): sends the page its opening
 * section, if it has one, and its main section as soon as each is in (`{ opening }`, `{ main }`,
 * handed over), reads the rest here and sends it as
 * `{ sections }`; `{ whole }` for a version 2 trace; `{ plain }`, the response's bytes, when
 * the server sent another form (the page reads them as it would its own download);
 * `{ notCompact }` (the response left unread) when the fetch failed or was refused, for the
 * page to fetch and report itself.
 */
async function fetchServed(url: string, accept: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept } });
  } catch {
    postMessage({ notCompact: true });
    return;
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || res.body === null) {
    void res.body?.cancel();
    postMessage({ notCompact: true });
    return;
  }
  if (!type.startsWith(`application/x-${COMPACT_FORMAT}`)) {
    // Another form (trace.json, a stream): its bytes, handed over, for the page to read.
    const plain = new Uint8Array(await res.arrayBuffer());
    postMessage({ plain }, { transfer: [plain.buffer] });
    return;
  }
  const reader = res.body.getReader();
  const first = await readMain(reader, (opening) =>
    postMessage({ opening }, { transfer: [opening.buffer] }),
  );
  if ('whole' in first) {
    postMessage(first, { transfer: [first.whole.buffer] });
    return;
  }
  postMessage({ main: first.main }, { transfer: [first.main.buffer] });
  const later = splitLater(await readRest(reader, first.head), 0);
  sendSections([later.text, later.data]);
}

onmessage = async (e: MessageEvent<In>): Promise<void> => {
  const m = e.data;
  try {
    if ('zipped' in m) sendSections(await Promise.all(m.zipped.map(gunzipInBrowser)));
    else if ('url' in m) await fetchServed(m.url, m.accept);
    else if ('inflated' in m) sections = m.inflated;
    else counts = m;
  } catch (err) {
    postMessage({ why: err instanceof Error ? err.message : String(err) });
    return;
  }
  sendLines();
};
