/**
 * Where a trace comes from: a URL (`?trace=`), a file chosen or dropped, or the trace inlined
 * in a self-contained page (a `<script type="application/json" id="movesim-trace">`, and for a
 * large run its opening section before it, `id="movesim-opening"`).
 *
 * A URL may answer with `trace.json`, a streamed trace, or the compact encoding's bytes (what
 * `movesim view` serves, gzip-compressed on the wire); the inlined trace is the compact text.
 * It only fetches and decodes, and hands the result to parse.ts / compact-source.ts and
 * model.ts; it shows nothing, except through `onFirstView`: a large run's opening section
 * (version 4) is handed over as a first view as soon as it is in, before the rest is read.
 */
import {
  COMPACT_FORMAT,
  compactTextSections,
  decodeCompactColumns,
  decodeCompactOpening,
  gunzipInBrowser,
  isCompactText,
} from '../../sim/engine/trace-compact.js';
import { compactSource, needsLaterSections } from './compact-source.js';
import { firstView } from './first-view.js';
import {
  fetchedOffThread,
  jsonOffThread,
  type Later,
  laterOffThread,
  laterOnPage,
} from './inflate-worker.js';
import { buildModel, type Model } from './model.js';
import { parseTraceText, parseTraceValue } from './parse.js';
import { readMain } from './stream-rest.js';

/** A run ready to view, with a name to show for it. */
export interface Loaded {
  model: Model;
  name: string;
}

/** How a load may show a large compact trace before its whole model is built. */
export interface LoadOptions {
  /**
   * Given the first view (first-view.ts: only what the opening view shows, from the trace's
   * opening section) to draw before the whole model is built; the load then waits for it to be
   * painted. Without it, none is made.
   */
  onFirstView?: (first: Loaded) => void;
}

/** The id of the self-contained page's element holding the opening section (html.ts). */
const OPENING_ID = 'movesim-opening';

/**
 * How long the last load's phases took, in ms (for the benchmark): fetching; for the compact
 * form, base64 (inlined only), gzip (version 3 and 4: of the main section) and decoding its
 * lines and columns; for JSON, parsing; then building the model; then (version 3 and 4) waiting
 * for the text and data sections to be inflated after it. A first view adds `firstViewMs`
 * (decoding the opening section and building its model) and, on the exported page,
 * `openingBase64Ms` and `openingGunzipMs`.
 */
export const loadPhases: Record<string, number> = {};

/** What the page asks a server for: the compact encoding if it has one, else JSON. */
const TRACE_ACCEPT = `application/x-${COMPACT_FORMAT}, application/json;q=0.9, */*;q=0.8`;

/**
 * Records, as `searchTextMs`, how long after `t0` the worker had made the data's JSON texts
 * for the search (often after the first frame, so not among the phases the bench prints then).
 */
function jsonDone(t0: number): () => void {
  delete loadPhases.searchTextMs;
  return () => {
    loadPhases.searchTextMs = performance.now() - t0;
  };
}

/** Records how long `f` took as phase `name`, and returns its result. */
function phase<T>(name: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  loadPhases[name] = performance.now() - t0;
  return out;
}

/** Resolves once the page has painted what was drawn (or after 100 ms where frames do not come). */
function painted(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = (): void => {
      if (done) return;
      done = true;
      setTimeout(resolve, 0);
    };
    requestAnimationFrame(go);
    setTimeout(go, 100);
  });
}

/**
 * Draws the first view of an opening section's (inflated) bytes when the options ask for one,
 * and resolves once it is painted.
 */
async function drawOpening(bytes: Uint8Array, name: string, opts?: LoadOptions): Promise<void> {
  const onFirstView = opts?.onFirstView;
  if (onFirstView === undefined) return;
  const first = phase('firstViewMs', () => firstView(decodeCompactOpening(bytes)));
  onFirstView({ model: first.model, name });
  await painted();
}

/** Parses trace text and builds its model. */
export function loadText(text: string, name: string): Loaded {
  const { trace, warnings } = phase('parseMs', () => parseTraceText(text));
  return { model: phase('modelMs', () => buildModel(trace, warnings)), name };
}

/** The model of a compact encoding's inflated bytes (all its sections), built from its columns. */
function loadCompactBytes(bytes: Uint8Array, name: string): Loaded {
  const c = phase('decodeMs', () => decodeCompactColumns(bytes));
  // Version 3: a worker makes the data's JSON texts for the search while the model is built,
  // from a copy of the page's bytes.
  const inflated = c.rest.inflated;
  if (inflated !== undefined)
    jsonOffThread(c.rest, inflated.text, inflated.data, jsonDone(performance.now()));
  const { trace, warnings } = compactSource(c);
  return { model: phase('modelMs', () => buildModel(trace, warnings)), name };
}

/**
 * The model of version 3's or 4's main section (inflated), its text and data sections being
 * worked on in a worker (`later`). The model is handed on once the later sections are in, so
 * every later read of them is synchronous.
 */
async function loadMainSection(mainBytes: Uint8Array, later: Later, name: string): Promise<Loaded> {
  delete loadPhases.laterMs;
  // A failure is reported when it is awaited, below.
  later.sections.catch(() => undefined);
  const c = phase('decodeMs', () => decodeCompactColumns(mainBytes, null));
  // The worker then makes the data's JSON texts for the search.
  later.feed(c.rest, jsonDone(performance.now()));
  const supply = async (): Promise<void> => {
    const t1 = performance.now();
    const [textPart, data] = await later.sections;
    c.rest.supply({ text: textPart!, data: data! });
    loadPhases.laterMs = performance.now() - t1;
  };
  if (needsLaterSections(c)) await supply();
  const { trace, warnings } = compactSource(c);
  const model = phase('modelMs', () => buildModel(trace, warnings));
  if (loadPhases.laterMs === undefined) await supply();
  return { model, name };
}

/**
 * Reads compact text (base64 of gzip): the inlined trace of a page, or a saved one. Version 3's
 * (and 4's) main section is inflated and the model built from it while its text and data
 * sections are inflated in a worker (inflate-worker.ts; the model reads those only when a data
 * value or a log line is first asked for); they are waited for before the model is handed on.
 */
async function loadCompactText(text: string, name: string): Promise<Loaded> {
  const sections = phase('base64Ms', () => compactTextSections(text));
  const t0 = performance.now();
  const mainBytes = await gunzipInBrowser(sections[0]!);
  loadPhases.gunzipMs = performance.now() - t0;
  if (sections.length === 1) return loadCompactBytes(mainBytes, name);
  // The later sections inflate from here on (in a worker), while the model is built.
  return loadMainSection(mainBytes, laterOffThread(sections.slice(1)), name);
}

/**
 * Resolves (to true) once the page's document is parsed: the trace element, after the script,
 * is in.
 */
export function documentParsed(doc: Document): Promise<true> {
  if (doc.readyState !== 'loading') return Promise.resolve(true);
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(true)));
}

/** Whether the page carries a large run's opening section (before its trace element). */
export function hasInlineOpening(doc: Document): boolean {
  return doc.getElementById(OPENING_ID) !== null;
}

/**
 * Reads the trace inlined in the page, or null when the page has none: the opening section
 * first, where the page carries one and `opts` asks for a first view (the page's script runs
 * before the browser has read the trace element after it, html.ts), then, once the page is
 * parsed, the trace's compact text, or a trace's own text.
 */
export async function loadInline(doc: Document, opts?: LoadOptions): Promise<Loaded | null> {
  const name = 'trace';
  const opening = inlineTraceText(doc, OPENING_ID);
  if (opening !== null && opts?.onFirstView !== undefined) {
    const zipped = phase('openingBase64Ms', () => compactTextSections(opening))[0]!;
    const t0 = performance.now();
    const bytes = await gunzipInBrowser(zipped);
    loadPhases.openingGunzipMs = performance.now() - t0;
    await drawOpening(bytes, name, opts);
  }
  await documentParsed(doc);
  const text = inlineTraceText(doc);
  if (text === null) return null;
  return isCompactText(text) ? loadCompactText(text, name) : loadText(text, name);
}

/** Whether bytes start as the compact encoding does (its header line's first field). */
function isCompactBytes(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return head.startsWith(`{"format":"${COMPACT_FORMAT}"`);
}

/**
 * Reads a served compact trace as it arrives, on the page's thread (where no worker can be
 * made): the main section is decoded and drawn from as soon as it is in, the rest read after.
 */
async function loadServedCompact(
  res: Response,
  name: string,
  t0: number,
  opts?: LoadOptions,
): Promise<Loaded> {
  if (res.body === null) return loadCompactBytes(new Uint8Array(await res.arrayBuffer()), name);
  const reader = res.body.getReader();
  let opening = Promise.resolve();
  const first = await readMain(reader, (bytes) => {
    opening = drawOpening(bytes, name, opts);
  });
  await opening;
  loadPhases.fetchMs = performance.now() - t0;
  if ('whole' in first) return loadCompactBytes(first.whole, name);
  return loadMainSection(first.main, laterOnPage(reader, first.head), name);
}

/**
 * Fetches a trace from a URL (relative to the page), once. A worker fetches it and hands the
 * page the compact encoding's opening section (drawn as the first view, where `opts` asks for
 * one) and its main section as soon as each is in, reading the rest itself, or another form's
 * bytes whole (fetchedOffThread; loadServedCompact where no worker can be made); a whole-file
 * trace is parsed straight from the bytes (no string copy of a large file); if that fails it is
 * read as text (NDJSON, or compact text).
 */
export async function loadUrl(url: string, opts?: LoadOptions): Promise<Loaded> {
  const t0 = performance.now();
  const name = url.split('/').pop() || url;
  // A worker fetches it (the compact encoding's main section comes to the page, the rest stays
  // with the worker; another form comes whole); where it cannot, the page fetches it itself.
  // Its opening section, when it has one, is drawn as soon as it is in (before its main section).
  let opening = Promise.resolve();
  const served = fetchedOffThread(new URL(url, location.href).href, TRACE_ACCEPT, (bytes) => {
    opening = drawOpening(bytes, name, opts);
  });
  const first = await served?.first;
  await opening;
  if (served !== undefined && first !== undefined && !('notCompact' in first)) {
    loadPhases.fetchMs = performance.now() - t0;
    if ('whole' in first) return loadCompactBytes(first.whole, name);
    if ('plain' in first) return loadFetchedBytes(first.plain, name);
    return loadMainSection(first.main, served.later, name);
  }
  const res = await fetch(url, { headers: { accept: TRACE_ACCEPT } });
  if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
  const compact = res.headers.get('content-type')?.startsWith(`application/x-${COMPACT_FORMAT}`);
  if (compact === true) return loadServedCompact(res, name, t0, opts);
  const bytes = new Uint8Array(await res.arrayBuffer());
  loadPhases.fetchMs = performance.now() - t0;
  return loadFetchedBytes(bytes, name);
}

/**
 * A fetched trace's bytes that are not the served compact encoding: compact bytes, a whole-file
 * trace parsed straight from the bytes (no string copy of a large file), or else text (NDJSON,
 * or compact text).
 */
async function loadFetchedBytes(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<Loaded> {
  if (isCompactBytes(bytes)) return loadCompactBytes(bytes, name);
  const t1 = performance.now();
  let value: unknown;
  try {
    value = await new Response(bytes).json();
  } catch {
    return loadAnyText(new TextDecoder().decode(bytes), name);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray((value as { events?: unknown }).events)
  ) {
    return loadAnyText(new TextDecoder().decode(bytes), name);
  }
  const { trace, warnings } = parseTraceValue(value);
  loadPhases.parseMs = performance.now() - t1;
  return { model: phase('modelMs', () => buildModel(trace, warnings)), name };
}

/** Reads text that may be a trace's own text or compact text. */
async function loadAnyText(text: string, name: string): Promise<Loaded> {
  return isCompactText(text) ? loadCompactText(text, name) : loadText(text, name);
}

/** Reads a chosen or dropped file: a trace, or compact text. */
export async function loadFile(file: File): Promise<Loaded> {
  return loadAnyText(await file.text(), file.name);
}

/** The trace inlined in the page, if any (for the self-contained HTML file). */
export function inlineTraceText(doc: Document, id = 'movesim-trace'): string | null {
  const el = doc.getElementById(id);
  const text = el?.textContent ?? '';
  return text.trim() === '' ? null : text;
}
