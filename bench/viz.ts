/**
 * Benchmark of the sequence viewer at scale: a synthetic run of 50,000 messages opened in
 * headless Debian Chromium (playwright-core), reporting the first render time and the
 * per-frame cost of pan and zoom (median and p95). It prints numbers; it asserts nothing.
 *
 * Then the project's own large run (viz-large.ts; `BENCH_LARGE=0` skips it).
 *
 * Run with `npm run bench:viz`. A frame here is the view's whole redraw after a zoom or pan
 * step (canvas arrows or bands, overlay, minimap box) with the canvas forced to finish
 * rasterising, timed inside the page. Not a test, and not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

import type { Page } from 'playwright-core';

import { serveViewer } from '../sim/report/serve.js';
import { type Browser, CHROMIUM, chromiumStatus, launch } from '../test/viz/browser.js';
import { ensureViewerBuilt } from '../test/viz/build.js';
import { bigRun } from '../test/viz/fixtures.js';
import { benchLarge } from './viz-large.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

const fmt = (x: number): string => x.toFixed(1).padStart(7);

/** The frames of one phase of programmatic pan and zoom. */
interface Phase {
  /** Each frame's render and flush time, in milliseconds. */
  ms: number[];
  /** Each frame's draw mode (arrows or bands). */
  modes: string[];
  /** How many events each frame showed. */
  visible: number[];
}

async function main(): Promise<void> {
  const status = chromiumStatus();
  if (!status.ok) throw new Error(status.message);
  await ensureViewerBuilt();
  const trace = bigRun(MESSAGES);
  const text = JSON.stringify(trace);
  const messages = trace.events.filter((e) => e.type === 'send').length;
  const served = await serveViewer({ traceText: text });
  const browser = await launch({ width: 1600, height: 1000 });
  try {
    const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
    console.log(
      `viewer benchmark: ${messages} messages, ${trace.nodes.length} nodes, ${(text.length / 1e6).toFixed(1)} MB of trace`,
    );
    console.log(`${version}; ${cpus().length} cores; viewport 1600×1000`);

    const firsts = await firstRenders(browser, served.url);
    const page = await browser.context.newPage();
    await page.goto(`${served.url}#mode=time`);
    await page.waitForFunction(() => window.__viz?.ready === true);
    const phases = await programmaticFrames(page);
    const input = await inputFrames(page);
    report(messages, firsts, phases, input);
    await page.close();
    if (process.env.BENCH_LARGE !== '0') await benchLarge(browser);
  } finally {
    await browser.close();
    await served.close();
  }
}

/** One first render, in milliseconds: from navigation, and from the trace text. */
interface FirstRender {
  nav: number;
  fromText: number;
  /** The load's phases (fetch, decode or parse, model, scene and draw), ms. */
  phases: Record<string, number>;
}

/** First render, five times, each in a fresh page. */
async function firstRenders(browser: Browser, url: string): Promise<FirstRender[]> {
  const firsts: FirstRender[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.context.newPage();
    // The whole run in true time (the view the figures have always been measured in).
    await page.goto(`${url}#mode=time`);
    await page.waitForFunction(() => window.__viz?.ready === true, undefined, { timeout: 60_000 });
    const err = await page.evaluate(() => window.__viz.error);
    if (err) throw new Error(err);
    firsts.push(
      await page.evaluate(() => ({
        nav: window.__viz.firstRenderMs,
        fromText: window.__viz.loadToRenderMs,
        phases: window.__viz.phases(),
      })),
    );
    await page.close();
  }
  return firsts;
}

/** Programmatic pan and zoom inside the page: each step renders and rasterises one frame. */
async function programmaticFrames(page: Page): Promise<Record<string, Phase>> {
  return page.evaluate(() => {
    const v = window.__viz;
    const out: Record<string, { ms: number[]; modes: string[]; visible: number[] }> = {};
    const frame = (phase: string, f: () => void): void => {
      f();
      const ms = v.renderNow();
      const p = (out[phase] ??= { ms: [], modes: [], visible: [] });
      p.ms.push(ms);
      p.modes.push(v.drawMode());
      p.visible.push(v.visibleEventIds().length);
    };
    for (let i = 0; i < 30; i++) frame('whole run (redraw)', () => v.panBy(i % 2 === 0 ? 40 : -40));
    for (let i = 0; i < 8; i++) frame('zooming in', () => v.zoomBy(1.25));
    for (let i = 0; i < 60; i++) frame('bands (pan)', () => v.panBy(i < 30 ? -40 : 40));
    for (let i = 0; i < 32; i++) frame('zooming in', () => v.zoomBy(1.25));
    for (let i = 0; i < 60; i++) frame('arrows (pan)', () => v.panBy(i < 30 ? -60 : 60));
    for (let i = 0; i < 40; i++) frame('zooming out', () => v.zoomBy(0.8));
    return out;
  });
}

/** Real input: mouse wheel and drag over the view, timed by the view's own render clock (ms). */
async function inputFrames(page: Page): Promise<number[]> {
  const box = await page.locator('.view svg.overlay').boundingBox();
  if (!box) throw new Error('no view');
  const cx = box.x + box.width * 0.55;
  const cy = box.y + box.height * 0.5;
  const before = await page.evaluate(() => window.__viz.frameTimes().length);
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 25; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(20);
  }
  await page.mouse.down();
  for (let i = 0; i < 30; i++)
    await page.mouse.move(cx, cy + (i % 2 === 0 ? 80 : -80), { steps: 2 });
  await page.mouse.up();
  for (let i = 0; i < 25; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(100);
  return (await page.evaluate(() => window.__viz.frameTimes())).slice(before);
}

/** Prints the figures: first render, each phase's frame cost, one JSON line of the headlines. */
function report(
  messages: number,
  firsts: FirstRender[],
  phases: Record<string, Phase>,
  input: number[],
): void {
  const nav = firsts.map((f) => f.nav);
  const fromText = firsts.map((f) => f.fromText);
  console.log('');
  console.log(
    `first render (navigation → first frame drawn), ms: median ${fmt(quantile(nav, 0.5))}  max ${fmt(Math.max(...nav))}  runs ${nav.map((x) => x.toFixed(0)).join(', ')}`,
  );
  console.log(
    `first render (trace text → first frame: parse, model, scene, draw), ms: median ${fmt(quantile(fromText, 0.5))}  max ${fmt(Math.max(...fromText))}`,
  );
  const mid = [...firsts].sort((a, b) => a.nav - b.nav)[Math.floor(firsts.length / 2)];
  const phaseText = Object.entries(mid?.phases ?? {})
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k.replace(/Ms$/, '')} ${v.toFixed(0)}`)
    .join(', ');
  console.log(`phases of the median first render, ms: ${phaseText}`);
  console.log('');
  console.log('frame cost (render + canvas flush), ms:');
  const all: number[] = [];
  for (const [name, p] of Object.entries(phases)) {
    all.push(...p.ms);
    const modes = [...new Set(p.modes)].join('/');
    console.log(
      `  ${name.padEnd(18)} n=${String(p.ms.length).padStart(3)}  median ${fmt(quantile(p.ms, 0.5))}  p95 ${fmt(quantile(p.ms, 0.95))}  max ${fmt(Math.max(...p.ms))}  (${modes}; visible events ${Math.min(...p.visible)}–${Math.max(...p.visible)})`,
    );
  }
  console.log(
    `  ${'all programmatic'.padEnd(18)} n=${String(all.length).padStart(3)}  median ${fmt(quantile(all, 0.5))}  p95 ${fmt(quantile(all, 0.95))}  max ${fmt(Math.max(...all))}`,
  );
  console.log(
    `  ${'mouse wheel + drag'.padEnd(18)} n=${String(input.length).padStart(3)}  median ${fmt(quantile(input, 0.5))}  p95 ${fmt(quantile(input, 0.95))}  max ${fmt(Math.max(...input))}  (render only, no flush)`,
  );
  console.log('');
  console.log(
    JSON.stringify({
      messages,
      firstRenderMs: { median: quantile(nav, 0.5), max: Math.max(...nav) },
      traceToFirstFrameMs: { median: quantile(fromText, 0.5) },
      frameMs: { median: quantile(all, 0.5), p95: quantile(all, 0.95) },
      inputFrameMs: { median: quantile(input, 0.5), p95: quantile(input, 0.95) },
    }),
  );
}

await main();
