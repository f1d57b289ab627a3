/**
 * The self-contained HTML export: the built viewer (viz/dist) with its script, its styles and
 * one trace inlined into a single file that opens from disk with no server.
 *
 * It reads the viewer that `npm run build:viz` built; it does not build it. The trace goes in
 * its compact encoding (compact-trace.ts: columns and string tables in three sections, each
 * gzip-compressed and in base64, compact-text.ts; about a fourteenth of `trace.json`), escaped
 * so that no text in it can end the script element that holds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { TraceFile } from '../engine/index.js';
import { encodeTraceLines, fileLines } from './compact-lines.js';
import { compactTextStreamed, compactTextSync } from './compact-text.js';
import { CompactEncoder } from './compact-trace.js';
import { packageRoot } from './package-root.js';
import { readTraceFile, readTraceText } from './read-trace.js';

/** The folder of the built viewer. */
export function vizDistDir(): string {
  return join(packageRoot(), 'viz', 'dist');
}

/** Reads a file of the built viewer, with a clear error when the viewer was not built. */
function readBuilt(dist: string, rel: string): string {
  const file = join(dist, rel);
  if (!existsSync(file)) {
    throw new Error(
      `The viewer is not built (missing viz/dist/${rel}). Run \`npm run build:viz\` first.`,
    );
  }
  return readFileSync(file, 'utf8');
}

/**
 * Makes text safe inside a `<script>` element: `</script` and `<!--` cannot appear. In JSON
 * every `<` is inside a string, where `\u003c` means the same; in the bundled script, `\x3C`
 * means `<` inside strings, templates and regular expressions, the only places it can be.
 */
export function escapeForScript(text: string, how: 'json' | 'js'): string {
  if (how === 'json') return text.replace(/</g, '\\u003c');
  return text.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/** Makes CSS safe inside a `<style>` element. */
function escapeForStyle(css: string): string {
  return css.replace(/<\/style/gi, '\\3C/style');
}

/** The header of a read trace, as the compact encoding carries it (no `format`, no `events`). */
function headerOf(trace: TraceFile): Record<string, unknown> {
  const { events: _events, format: _format, ...header } = trace;
  return header;
}

/**
 * The trace in its compact text (compact-text.ts), or as given when it cannot be read as a
 * trace (the page then says why, as it would for the file).
 */
function compactOrAsIs(traceText: string): string {
  const streamed = encodeTraceLines(traceText.split('\n'));
  if (streamed !== null) return compactTextSync(streamed.encoder.sections(streamed.header));
  let read: ReturnType<typeof readTraceText>;
  try {
    read = readTraceText(traceText, 'the trace');
  } catch {
    return traceText;
  }
  const enc = new CompactEncoder();
  for (const e of read.trace.events) enc.add(e);
  return compactTextSync(enc.sections(headerOf(read.trace)));
}

/**
 * The in-page runner (assets/fork-worker.js, built with the viewer) as an inert script element
 * the viewer starts a worker from, for its what-ifs; empty when the build has none.
 */
function forkWorkerElement(dist: string): string {
  const file = join(dist, 'assets', 'fork-worker.js');
  if (!existsSync(file)) return '';
  const text = escapeForScript(readFileSync(file, 'utf8'), 'js');
  return `<script type="text/plain" id="movesim-fork-worker">${text}</script>\n`;
}

/**
 * The self-contained page of a trace file, read a block at a time and encoded as it is read, so
 * a large trace is never held whole (`movesim export --format html`). A file movesim did not
 * write line by line is read whole instead. Throws TraceReadError when it is not a trace.
 */
export async function renderSelfContainedHtmlFile(
  path: string,
  dist: string = vizDistDir(),
): Promise<{ html: string; warnings: string[] }> {
  const page = viewerPage(dist);
  const streamed = encodeTraceLines(fileLines(path));
  if (streamed !== null) {
    const text = await compactTextStreamed(streamed.encoder.sections(streamed.header));
    return { html: page(text), warnings: [] };
  }
  const read = readTraceFile(path);
  const enc = new CompactEncoder();
  for (const e of read.trace.events) enc.add(e);
  const text = await compactTextStreamed(enc.sections(headerOf(read.trace)));
  return { html: page(text), warnings: read.warnings };
}

/** The built viewer as a function of the trace text to inline (`dist`: a build, for tests). */
function viewerPage(dist: string): (traceText: string) => string {
  let html = readBuilt(dist, 'index.html');
  const scriptTag = /<script\b[^>]*\bsrc="\.?\/?(assets\/[^"]+\.js)"[^>]*>\s*<\/script>/i;
  const cssTag = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\.?\/?(assets\/[^"]+\.css)"[^>]*>/i;
  const js = scriptTag.exec(html);
  if (!js || js[1] === undefined)
    throw new Error('The built viewer has no script tag to inline. Run `npm run build:viz` again.');
  const script = readBuilt(dist, js[1]);
  const css = cssTag.exec(html);
  // The script goes at the end of the body so the trace element exists when it runs.
  html = html.replace(scriptTag, () => '');
  if (css && css[1] !== undefined) {
    const style = readBuilt(dist, css[1]);
    html = html.replace(cssTag, () => `<style>${escapeForStyle(style)}</style>`);
  }
  const end = html.lastIndexOf('</body>');
  const before = end >= 0 ? html.slice(0, end) : html;
  const after = end >= 0 ? html.slice(end) : '';
  const viewer = `\n${forkWorkerElement(dist)}<script type="module">${escapeForScript(script, 'js')}</script>\n`;
  return (traceText) =>
    `${before}<script type="application/json" id="movesim-trace">${escapeForScript(traceText, 'json')}</script>${viewer}${after}`;
}

/** The viewer and a trace as one self-contained HTML page (`dist`: another build, for tests). */
export function renderSelfContainedHtml(traceText: string, dist: string = vizDistDir()): string {
  return viewerPage(dist)(compactOrAsIs(traceText));
}
