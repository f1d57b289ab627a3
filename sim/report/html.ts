/**
 * The self-contained HTML export: the built viewer (viz/dist) with its script, its styles and
 * one trace inlined into a single file that opens from disk with no server.
 *
 * It reads the viewer that `npm run build:viz` built; it does not build it. The trace goes in
 * its compact encoding (compact-trace.ts: columns and string tables in three sections, each
 * gzip-compressed and in base64, compact-text.ts; about a fourteenth of `trace.json`), escaped
 * so that no text in it can end the script element that holds it. A large run's opening
 * section (compact-opening.ts) goes in an element of its own before the viewer's script, and
 * the script (an `async` module) before the trace: the page draws its opening view while the
 * browser is still reading the trace's tens of megabytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { TraceFile } from '../engine/index.js';
import { encodeTraceLines, fileLines } from './compact-lines.js';
import type { OpeningOptions } from './compact-opening.js';
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

/** What a page inlines: the trace's text, and a large run's opening section as compact text. */
interface Inlined {
  text: string;
  opening?: string;
}

/** The opening section (if the run gets one) and the three sections of an encoder, as text. */
function encodedSync(
  enc: CompactEncoder,
  header: Record<string, unknown>,
  opening?: OpeningOptions,
): Inlined {
  const open = enc.opening(header, opening);
  const text = compactTextSync(enc.sections(header));
  return open === undefined ? { text } : { text, opening: compactTextSync([open]) };
}

/**
 * The trace in its compact text (compact-text.ts), or as given when it cannot be read as a
 * trace (the page then says why, as it would for the file).
 */
function compactOrAsIs(traceText: string, opening?: OpeningOptions): Inlined {
  const streamed = encodeTraceLines(traceText.split('\n'));
  if (streamed !== null) return encodedSync(streamed.encoder, streamed.header, opening);
  let read: ReturnType<typeof readTraceText>;
  try {
    read = readTraceText(traceText, 'the trace');
  } catch {
    return { text: traceText };
  }
  const enc = new CompactEncoder();
  for (const e of read.trace.events) enc.add(e);
  return encodedSync(enc, headerOf(read.trace), opening);
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
 * `opening`: when the run gets an opening section (tests make one for a small run).
 */
export async function renderSelfContainedHtmlFile(
  path: string,
  dist: string = vizDistDir(),
  opening?: OpeningOptions,
): Promise<{ html: string; warnings: string[] }> {
  const page = viewerPage(dist);
  const streamed = encodeTraceLines(fileLines(path));
  const read = streamed === null ? readTraceFile(path) : undefined;
  const enc = streamed?.encoder ?? new CompactEncoder();
  if (read !== undefined) for (const e of read.trace.events) enc.add(e);
  const header = streamed?.header ?? headerOf(read!.trace);
  const open = enc.opening(header, opening);
  const text = await compactTextStreamed(enc.sections(header));
  const inlined: Inlined =
    open === undefined ? { text } : { text, opening: await compactTextStreamed([open]) };
  return { html: page(inlined), warnings: read?.warnings ?? [] };
}

/**
 * The built viewer as a function of what to inline (`dist`: a build, for tests): the opening
 * section's element and the viewer's script before the trace's element, so the script runs
 * (an `async` module does not wait for the page to be parsed) while the browser reads the trace.
 */
function viewerPage(dist: string): (inlined: Inlined) => string {
  let html = readBuilt(dist, 'index.html');
  const scriptTag = /<script\b[^>]*\bsrc="\.?\/?(assets\/[^"]+\.js)"[^>]*>\s*<\/script>/i;
  const cssTag = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\.?\/?(assets\/[^"]+\.css)"[^>]*>/i;
  const js = scriptTag.exec(html);
  if (!js || js[1] === undefined)
    throw new Error('The built viewer has no script tag to inline. Run `npm run build:viz` again.');
  const script = readBuilt(dist, js[1]);
  const css = cssTag.exec(html);
  // The script goes at the end of the body, after every element of the viewer it uses.
  html = html.replace(scriptTag, () => '');
  if (css && css[1] !== undefined) {
    const style = readBuilt(dist, css[1]);
    html = html.replace(cssTag, () => `<style>${escapeForStyle(style)}</style>`);
  }
  const end = html.lastIndexOf('</body>');
  const before = end >= 0 ? html.slice(0, end) : html;
  const after = end >= 0 ? html.slice(end) : '';
  const viewer = `\n${forkWorkerElement(dist)}<script type="module" async>${escapeForScript(script, 'js')}</script>\n`;
  const element = (id: string, text: string): string =>
    `<script type="application/json" id="${id}">${escapeForScript(text, 'json')}</script>`;
  return ({ text, opening }) =>
    `${before}${opening === undefined ? '' : element('movesim-opening', opening)}${viewer}${element('movesim-trace', text)}${after}`;
}

/**
 * The viewer and a trace as one self-contained HTML page (`dist`: another build, and
 * `opening`: when the run gets an opening section, for tests).
 */
export function renderSelfContainedHtml(
  traceText: string,
  dist: string = vizDistDir(),
  opening?: OpeningOptions,
): string {
  return viewerPage(dist)(compactOrAsIs(traceText, opening));
}
