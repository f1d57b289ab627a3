/**
 * Where a trace comes from: a URL (`?trace=`), a file chosen or dropped, or the trace inlined
 * in a self-contained page (a `<script type="application/json" id="movesim-trace">`).
 *
 * It only fetches text and hands it to parse.ts and model.ts; it shows nothing.
 */
import { buildModel, type Model } from './model.js';
import { parseTraceText } from './parse.js';

/** A run ready to view, with a name to show for it. */
export interface Loaded {
  model: Model;
  name: string;
}

/** Parses trace text and builds its model. */
export function loadText(text: string, name: string): Loaded {
  const { trace, warnings } = parseTraceText(text);
  return { model: buildModel(trace, warnings), name };
}

/** Fetches a trace from a URL (relative to the page). */
export async function loadUrl(url: string): Promise<Loaded> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
  const text = await res.text();
  const name = url.split('/').pop() || url;
  return loadText(text, name);
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
