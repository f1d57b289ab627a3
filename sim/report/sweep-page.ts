/**
 * The self-contained report page of a parameter sweep: the built report page
 * (sim/report/page/dist, made by `npm run build:report`) with its script, styles and the sweep
 * data inlined into one HTML file that opens from disk with no server and fetches nothing.
 *
 * It takes the data as JSON text and does not read it; escaping keeps any text in it from ending
 * the script element that holds it. It does not build the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { escapeForScript } from './html.js';
import { packageRoot } from './package-root.js';

/** The folder of the built report page. */
function reportDistDir(): string {
  return join(packageRoot(), 'sim', 'report', 'page', 'dist');
}

/** Reads a file of the built page, with a clear error when it was not built. */
function readBuilt(dist: string, rel: string): string {
  const file = join(dist, rel);
  if (!existsSync(file))
    throw new Error(
      `The sweep report page is not built (missing sim/report/page/dist/${rel}). Run \`npm run build:report\` first.`,
    );
  return readFileSync(file, 'utf8');
}

/** The report page with `dataJson` inlined, as one self-contained HTML text. */
export function sweepPageHtml(dataJson: string, dist: string = reportDistDir()): string {
  let html = readBuilt(dist, 'index.html');
  const scriptTag = /<script\b[^>]*\bsrc="\.?\/?(assets\/[^"]+\.js)"[^>]*>\s*<\/script>/i;
  const cssTag = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\.?\/?(assets\/[^"]+\.css)"[^>]*>/i;
  const js = scriptTag.exec(html);
  if (js?.[1] === undefined)
    throw new Error(
      'The built report page has no script tag to inline. Run `npm run build:report`.',
    );
  const script = readBuilt(dist, js[1]);
  html = html.replace(scriptTag, () => '');
  const css = cssTag.exec(html);
  if (css?.[1] !== undefined) {
    const style = readBuilt(dist, css[1]).replace(/<\/style/gi, '\\3C/style');
    html = html.replace(cssTag, () => `<style>${style}</style>`);
  }
  const data = `<script type="application/json" id="movesim-sweep">${escapeForScript(dataJson, 'json')}</script>`;
  const tail = `${data}\n<script type="module">${escapeForScript(script, 'js')}</script>\n`;
  const end = html.lastIndexOf('</body>');
  return end >= 0 ? `${html.slice(0, end)}${tail}${html.slice(end)}` : `${html}${tail}`;
}
