/**
 * Where a trace comes from: a URL (`?trace=`), a file chosen or dropped, or the trace inlined
 * in a self-contained page (a `<script type="application/json" id="movesim-trace">`).
 *
 * It only fetches text and hands it to parse.ts and model.ts; it shows nothing.
 */
import { inflateCompactText, isCompactText } from '../../sim/engine/trace-compact.js';
import { buildModel, type Model } from './model.js';
import { parseTraceText, parseTraceValue } from './parse.js';

/** A run ready to view, with a name to show for it. */
export interface Loaded {
  model: Model;
  name: string;
}

/** How long the last load's phases took, in ms (for the benchmark). */
export const loadPhases = { fetchMs: NaN, parseMs: NaN, modelMs: NaN };

/** Parses trace text and builds its model. */
export function loadText(text: string, name: string): Loaded {
  const t0 = performance.now();
  const { trace, warnings } = parseTraceText(text);
  const t1 = performance.now();
  const model = buildModel(trace, warnings);
  loadPhases.parseMs = t1 - t0;
  loadPhases.modelMs = performance.now() - t1;
  return { model, name };
}

/** Reads the trace inlined in the page: its compact text (compact.ts), or a trace's own text. */
export async function loadInline(text: string, name: string): Promise<Loaded> {
  if (!isCompactText(text)) return loadText(text, name);
  const t0 = performance.now();
  const { trace, warnings } = parseTraceValue(await inflateCompactText(text));
  const t1 = performance.now();
  const model = buildModel(trace, warnings);
  loadPhases.parseMs = t1 - t0;
  loadPhases.modelMs = performance.now() - t1;
  return { model, name };
}

/**
 * Fetches a trace from a URL (relative to the page). A whole-file trace is parsed straight from
 * the bytes (no string copy of a large file); if that fails it is read as text (NDJSON).
 */
export async function loadUrl(url: string): Promise<Loaded> {
  const t0 = performance.now();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  loadPhases.fetchMs = performance.now() - t0;
  const name = url.split('/').pop() || url;
  const t1 = performance.now();
  let value: unknown;
  try {
    value = await new Response(bytes).json();
  } catch {
    return loadText(new TextDecoder().decode(bytes), name);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray((value as { events?: unknown }).events)
  ) {
    return loadText(new TextDecoder().decode(bytes), name);
  }
  const { trace, warnings } = parseTraceValue(value);
  const t2 = performance.now();
  const model = buildModel(trace, warnings);
  loadPhases.parseMs = t2 - t1;
  loadPhases.modelMs = performance.now() - t2;
  return { model, name };
}

/** Reads a chosen or dropped file. */
export async function loadFile(file: File): Promise<Loaded> {
  return loadText(await file.text(), file.name);
}

/** The trace inlined in the page, if any (for the self-contained HTML file). */
export function inlineTraceText(doc: Document, id = 'movesim-trace'): string | null {
  const el = doc.getElementById(id);
  const text = el?.textContent ?? '';
  return text.trim() === '' ? null : text;
}
