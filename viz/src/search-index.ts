/**
 * The search index of a model: the text a search looks at for every message and mark, written
 * once into a few large strings, so that a search is one regular-expression scan per string
 * instead of a JSON rendering of every message's data per keystroke.
 *
 * Entry i is `kind \n json \n` (messages first, then marks; the JSON is empty for a message
 * without data). Entries are grouped into chunks of CHUNK_ENTRIES, each chunk one string with
 * its entries' start offsets, so no single string grows near the engine's length limit. The
 * index is built in slices (`advance`) in idle time after the first frame (idle-work.ts); a
 * search that comes first uses what is built and scans the rest (search.ts). Pure data; no DOM.
 */
import { LazyMark, LazyMessage } from './lazy-items.js';
import type { Mark, Message, Model } from './model.js';

/** Entries per chunk string (about 70 kB of text on the large run: one idle slice). */
export const CHUNK_ENTRIES = 512;

/** One chunk: the text of its entries, and where each starts (one more for the end). */
interface Chunk {
  text: string;
  starts: Uint32Array;
}

/** A search index being built, or built (`done`). */
export interface SearchIndex {
  /** Entries per chunk string. */
  readonly chunkEntries: number;
  readonly nMessages: number;
  readonly nMarks: number;
  chunks: Chunk[];
  /** How many entries are written so far. */
  built: number;
  done: boolean;
}

const indexes = new WeakMap<Model, SearchIndex>();

/** JSON of a value, never throwing (cycles and BigInts become a note). */
export function safeJson(v: unknown, indent?: number): string {
  if (v === undefined) return '';
  try {
    return JSON.stringify(v, null, indent) ?? '';
  } catch {
    return '(data that cannot be shown as JSON)';
  }
}

/**
 * The JSON text a search looks at for a message's or mark's data ('' without data): a compact
 * trace's is made from its data section's text, without parsing the data (lazy-items.ts).
 */
export function dataText(item: Message | Mark): string {
  return item instanceof LazyMessage || item instanceof LazyMark
    ? item.dataJson()
    : safeJson(item.data);
}

/**
 * The model's index, started (empty) on first use and kept with the model; `chunkEntries`
 * (default CHUNK_ENTRIES) applies only when this call starts it.
 */
export function searchIndex(model: Model, chunkEntries = CHUNK_ENTRIES): SearchIndex {
  let idx = indexes.get(model);
  if (idx === undefined) {
    idx = {
      chunkEntries: Math.max(1, Math.floor(chunkEntries)),
      nMessages: model.messages.length,
      nMarks: model.marks.length,
      chunks: [],
      built: 0,
      done: false,
    };
    indexes.set(model, idx);
  }
  return idx;
}

/** Writes the next chunk of the index; returns whether the index is now complete. */
export function advance(model: Model, idx: SearchIndex): boolean {
  const total = idx.nMessages + idx.nMarks;
  if (idx.built >= total) return (idx.done = true);
  const end = Math.min(total, idx.built + idx.chunkEntries);
  const parts: string[] = [];
  const starts = new Uint32Array(end - idx.built + 1);
  let at = 0;
  for (let i = idx.built; i < end; i++) {
    const item = i < idx.nMessages ? model.messages[i] : model.marks[i - idx.nMessages];
    const s = item === undefined ? '\n\n' : `${item.kind}\n${dataText(item)}\n`;
    starts[i - idx.built] = at;
    at += s.length;
    parts.push(s);
  }
  starts[end - idx.built] = at;
  idx.chunks.push({ text: parts.join(''), starts });
  idx.built = end;
  return (idx.done = end >= total);
}

/** The index of the entry that holds character `at` of a chunk (binary search of its starts). */
function entryAt(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Marks (1) every entry whose text a plain-text search matches, in `out` (entry order:
 * messages, then marks). `re` must be global and must not match a line break, so a match lies
 * in one kind or one JSON text, as a plain search sees them. Returns how many entries matched.
 */
export function scanPlain(idx: SearchIndex, re: RegExp, out: Uint8Array): number {
  let count = 0;
  let base = 0;
  for (const c of idx.chunks) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(c.text)) !== null) {
      const e = entryAt(c.starts, m.index);
      if (out[base + e] === 0) {
        out[base + e] = 1;
        count++;
      }
      // The rest of this entry cannot add anything: go on from the next one.
      re.lastIndex = c.starts[e + 1] as number;
    }
    base += c.starts.length - 1;
  }
  return count;
}

/** Marks (1) every entry whose `kind \n json` text `test` accepts, one test per entry. */
export function scanEach(idx: SearchIndex, test: (s: string) => boolean, out: Uint8Array): number {
  let count = 0;
  let base = 0;
  for (const c of idx.chunks) {
    const n = c.starts.length - 1;
    for (let e = 0; e < n; e++) {
      if (test(c.text.slice(c.starts[e] as number, (c.starts[e + 1] as number) - 1))) {
        out[base + e] = 1;
        count++;
      }
    }
    base += n;
  }
  return count;
}
