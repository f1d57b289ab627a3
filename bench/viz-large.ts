/**
 * The viewer benchmark on the project's own large run (`scenarios/large-24-bridges.yaml`:
 * 630,000 messages, 10,031 nodes), measured in headless Debian Chromium: the first frame, the
 * page's JavaScript heap, a click on a move, a filter, a search and a mode switch, pan and zoom
 * frames in the view it opens on and in the whole run (the first pass, the goal's figure, with
 * its slowest frames, then two more passes), the heap once the search index is
 * built (as read, and after a collection asked for through the DevTools protocol: what the page
 * holds), and the self-contained HTML export's
 * size, time and peak memory. It prints numbers against the goals; it asserts nothing.
 *
 * Each page's first load is split into phases (`startAt`: when, from navigation, the page's
 * script began to load the trace, the page's own parsing before it; fetch; base64, gunzip and
 * decode for the compact form, parse for JSON; `firstView`: the model of the opening move's
 * events that the first frame is drawn from (viz/src/first-view.ts), when the page makes one;
 * model; for version 3, `later`: waiting for the text and data sections, inflated or read in a
 * worker while the model is built; scene and first draw; `wholeRunAt`: when, after a first
 * view, the whole run's model was drawn, from navigation). The clicks and searches below wait
 * for the whole run. The served page is measured twice: as `movesim view` serves it (the
 * compact side file `trace.compact.gz` the run wrote, sent as it is; the time to read and
 * check it is printed too) and with the JSON text only (the path before the compact one).
 *
 * The trace is made with `movesim run --compact-side` (about 80 s) unless `BENCH_LARGE_TRACE`
 * names one (its side file is then written beside it when missing or stale, as the first view
 * would); the export is made unless `BENCH_LARGE_HTML` names an exported page of it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Page } from 'playwright-core';

import { serveViewer } from '../sim/report/serve.js';
import { writeSideFromFile } from '../sim/report/side-encode.js';
import { readCompactSide } from '../sim/report/side-file.js';
import { type Browser } from '../test/viz/browser.js';
import { ROOT } from '../test/viz/build.js';

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number);
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;
/** The n slowest of a run of frames, as "ms (frame number)", slowest first. */
const slowest = (xs: number[], n: number): string =>
  xs
    .map((x, i) => [x, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, n)
    .map(([x, i]) => `${x.toFixed(1)} (#${i})`)
    .join(', ');
const goal = (ok: boolean): string => (ok ? 'goal met' : 'GOAL NOT MET');

/** Runs the large scenario into a temporary folder; returns its trace.json. */
function makeTrace(dir: string): string {
  const given = process.env.BENCH_LARGE_TRACE;
  if (given) return given;
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'movesim.js'),
      'run',
      join(ROOT, 'scenarios', 'large-24-bridges.yaml'),
      '--out',
      dir,
      '--compact-side',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const file = join(dir, 'trace.json');
  if (!existsSync(file))
    throw new Error(`movesim run large-24-bridges wrote no trace (exit ${r.status})`);
  return file;
}

/** Exports the trace as self-contained HTML; returns its size, time and peak memory. */
function exportHtml(
  trace: string,
  dir: string,
): { file: string; mb: number; s: number; peakMb: number } {
  const out = join(dir, 'large.html');
  const t0 = process.hrtime.bigint();
  const args = [join(ROOT, 'bin', 'movesim.js'), 'export', trace, '--format', 'html', '-o', out];
  const timed = existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!existsSync(out)) throw new Error(`export --format html failed: ${r.stderr}`);
  const kb = timed ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN) : NaN;
  return { file: out, mb: statSync(out).size / 1e6, s, peakMb: kb / 1024 };
}

/** Times an action in the page until the view has drawn again (ms). */
async function timed(page: Page, action: string): Promise<number> {
  return page.evaluate(async (code) => {
    const v = window.__viz;
    const before = v.renderCount();
    const t0 = performance.now();
    new Function(code)();
    while (v.renderCount() === before) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, action);
}

/** Pan and zoom frames of the current view (render + canvas flush), ms. */
async function frames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const v = window.__viz;
    const out: number[] = [];
    const f = (g: () => void): void => {
      g();
      out.push(v.renderNow());
    };
    for (let i = 0; i < 20; i++) f(() => v.zoomBy(1.25));
    for (let i = 0; i < 40; i++) f(() => v.panBy(i < 20 ? -50 : 50));
    for (let i = 0; i < 20; i++) f(() => v.zoomBy(0.8));
    return out;
  });
}

/** The page's JavaScript heap in use (garbage not yet collected included), bytes. */
async function heapOf(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
      NaN,
  );
}

/** Opens a page, waits for its first frame and prints it with its phases and heap. */
async function openAndReport(browser: Browser, url: string, what: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url, { timeout: 300_000 });
  await page.waitForFunction(() => window.__viz?.ready === true, undefined, { timeout: 300_000 });
  const { first, firstView, phases, heap } = await page.evaluate(() => ({
    first: window.__viz.firstRenderMs,
    firstView: window.__viz.firstView,
    phases: window.__viz.phases(),
    heap:
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
      NaN,
  }));
  const shown = Object.entries(phases)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k.replace(/Ms$/, '')} ${v.toFixed(0)}`)
    .join(', ');
  console.log(
    `  ${what}: first frame ${ms(first)}${firstView ? ' (the opening move first)' : ''} (${goal(first < 2000)}: < 2 s), heap ${(heap / 1e6).toFixed(0)} MB (${goal(heap < 1e9)}: < 1 GB)`,
  );
  console.log(`    phases, ms: ${shown}`);
  return page;
}

/**
 * The compact side file `movesim view` sends for the trace (the run wrote it; for a trace named
 * by BENCH_LARGE_TRACE it is written here when missing or stale, as the first view would), or
 * undefined when none can be had.
 */
async function sideOf(trace: string): Promise<Buffer | undefined> {
  let read = readCompactSide(trace);
  if (read.state !== 'ok') {
    const t0 = process.hrtime.bigint();
    await writeSideFromFile(trace);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`  compact side file: written for the given trace in ${s.toFixed(1)} s`);
    read = readCompactSide(trace);
  }
  return read.state === 'ok' ? read.gzip : undefined;
}

/** Serves the trace (compact offered or not) and opens it; returns the page and its server. */
async function openServed(
  browser: Browser,
  text: string,
  trace: string | undefined,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const t0 = process.hrtime.bigint();
  // As movesim view does: the side file is read and checked before the address is printed.
  const compactGzip = trace === undefined ? undefined : readCompactSide(trace);
  const served = await serveViewer({
    traceText: text,
    compact: trace !== undefined,
    ...(compactGzip?.state === 'ok' ? { compactGzip: compactGzip.gzip } : {}),
  });
  const startS = Number(process.hrtime.bigint() - t0) / 1e9;
  const what =
    trace === undefined
      ? 'the served page with JSON only (the path before the compact one)'
      : compactGzip?.state === 'ok'
        ? `the served page (compact, as movesim view serves it: the side file, read and checked in ${startS.toFixed(1)} s before the address)`
        : 'the served page (compact, encoded by the server on the first request: no valid side file)';
  const page = await openAndReport(browser, served.url, what);
  return {
    page,
    close: async () => {
      await page.close();
      await served.close();
    },
  };
}

/** The large-run part of `npm run bench:viz`. */
export async function benchLarge(browser: Browser): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'movesim-bench-large-'));
  try {
    const trace = makeTrace(dir);
    const text = readFileSync(trace, 'utf8');
    console.log('');
    console.log(`large run: ${(text.length / 1e6).toFixed(0)} MB of trace.json`);
    const given = process.env.BENCH_LARGE_HTML;
    if (given) console.log(`  export: not made (BENCH_LARGE_HTML names ${given})`);
    else {
      const ex = exportHtml(trace, dir);
      console.log(
        `  export --format html: ${ex.mb.toFixed(0)} MB (${goal(ex.mb < 100)}: < 100 MB), ${ex.s.toFixed(1)} s, peak ${ex.peakMb.toFixed(0)} MB (${goal(ex.peakMb < 1024)}: < 1 GB)`,
      );
    }
    const html = given ?? join(dir, 'large.html');
    await (
      await openAndReport(browser, pathToFileURL(html).href, 'the exported page from disk')
    ).close();
    await (await openServed(browser, text, undefined)).close();
    await sideOf(trace);
    const served = await openServed(browser, text, trace);
    const page = served.page;
    try {
      const f1 = await frames(page);
      console.log(
        `  pan/zoom in the opening view: median ${ms(q(f1, 0.5))}, p95 ${ms(q(f1, 0.95))} (${goal(q(f1, 0.95) < 16)}: p95 < 16 ms)`,
      );
      const click = await timed(page, "document.querySelectorAll('li.outcome')[3].click()");
      const filter = await timed(page, "window.__viz.setFilter({ move: 'm10' })");
      const mode = await timed(page, "window.__viz.setMode('nonlinear')");
      // The search index is built in idle time; a search before it is complete scans the rest.
      const indexReady = await page.evaluate(() => window.__viz.searchIndexReady());
      const search = await page.evaluate(async () => {
        const el = document.getElementById('search') as HTMLInputElement;
        const t0 = performance.now();
        el.value = 'ws.end';
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
        return performance.now() - t0;
      });
      for (const [name, x] of [
        ['click a move', click],
        ['filter', filter],
        ['mode switch', mode],
        [`search (index ${indexReady ? 'complete' : 'not complete yet'})`, search],
      ] as const)
        console.log(`  ${name}: ${ms(x)} (${goal(x < 200)}: < 200 ms)`);
      await timed(page, "window.__viz.setFilter({}); window.__viz.setMode('time')");
      const f2 = await frames(page);
      console.log(
        `  pan/zoom over the whole run: median ${ms(q(f2, 0.5))}, p95 ${ms(q(f2, 0.95))} (${goal(q(f2, 0.95) < 16)}: p95 < 16 ms)`,
      );
      console.log(`    its slowest frames: ${slowest(f2, 5)}`);
      // The same frames twice more: the first pass is the page's first long run of band
      // drawing, while its code is still being compiled (docs/performance.md, "Whole-run frames
      // without garbage"); the next passes count and paint the same tiles again.
      const more = [await frames(page), await frames(page)];
      console.log(
        `    the same 80 frames twice more: p95 ${more.map((f) => q(f, 0.95).toFixed(1)).join(' and ')} ms, median ${more.map((f) => q(f, 0.5).toFixed(1)).join(' and ')} ms`,
      );
      // The search index is written in idle time after the first frame: the heap with it.
      await page.waitForFunction(() => window.__viz.searchIndexReady(), undefined, {
        timeout: 120_000,
      });
      const indexed = await heapOf(page);
      // What the page holds, without the garbage of the index's making not yet collected.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.detach();
      const held = await heapOf(page);
      console.log(
        `  page heap with the search index built: ${(indexed / 1e6).toFixed(0)} MB, ${(held / 1e6).toFixed(0)} MB after a collection (${goal(held < 1e9)}: < 1 GB)`,
      );
      const again = await page.evaluate(() => {
        const el = document.getElementById('search') as HTMLInputElement;
        const t0 = performance.now();
        el.value = 'guest 77';
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
        return performance.now() - t0;
      });
      console.log(
        `  search with the index complete: ${ms(again)} (${goal(again < 200)}: < 200 ms)`,
      );
    } finally {
      await served.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
