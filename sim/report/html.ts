/**
 * The self-contained HTML export: the built viewer (viz/dist) with its script, its styles and
 * one trace inlined into a single file that opens from disk with no server.
 *
 * It reads the viewer that `npm run build:viz` built; it does not build it. The trace goes in
 * its compact encoding (compact-trace.ts: columns and a string table, about half the size of
 * `trace.json`), escaped so that no text in it can end the script element that holds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compactTraceFromText, compactTraceText } from './compact-trace.js';
import { packageRoot } from './package-root.js';
import { readTraceText } from './read-trace.js';

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

/**
 * The trace in its compact encoding (compact-trace.ts), or as given when it cannot be read as a
 * trace (the page then says why, as it would for the file).
 */
function compactOrAsIs(traceText: string): string {
  const streamed = compactTraceFromText(traceText);
  if (streamed !== null) return streamed;
  let read: ReturnType<typeof readTraceText>;
  try {
    read = readTraceText(traceText, 'the trace');
  } catch {
    return traceText;
  }
  return compactTraceText(read.trace);
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

/** The viewer and a trace as one self-contained HTML page (`dist`: another build, for tests). */
export function renderSelfContainedHtml(traceText: string, dist: string = vizDistDir()): string {
  let html = readBuilt(dist, 'index.html');
  const scriptTag = /<script\b[^>]*\bsrc="\.?\/?(assets\/[^"]+\.js)"[^>]*>\s*<\/script>/i;
  const cssTag = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\.?\/?(assets\/[^"]+\.css)"[^>]*>/i;
  const js = scriptTag.exec(html);
  if (!js || js[1] === undefined)
    throw new Error('The built viewer has no script tag to inline. Run `npm run build:viz` again.');
  const script = readBuilt(dist, js[1]);
  const css = cssTag.exec(html);
  const trace = `<script type="application/json" id="movesim-trace">${escapeForScript(compactOrAsIs(traceText), 'json')}</script>`;
  // The script goes at the end of the body so the trace element exists when it runs.
  html = html.replace(scriptTag, () => '');
  if (css && css[1] !== undefined) {
    const style = readBuilt(dist, css[1]);
    html = html.replace(cssTag, () => `<style>${escapeForStyle(style)}</style>`);
  }
  const tail = `${trace}\n${forkWorkerElement(dist)}<script type="module">${escapeForScript(script, 'js')}</script>\n`;
  const end = html.lastIndexOf('</body>');
  return end >= 0 ? `${html.slice(0, end)}${tail}${html.slice(end)}` : `${html}${tail}`;
}
