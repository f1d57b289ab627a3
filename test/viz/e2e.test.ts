/**
 * End-to-end tests of the viewer in Debian's Chromium (playwright-core): loading real and
 * synthetic traces, the 11 steps drawn between the right lifelines, selection and its data,
 * time travel, filtering, folding, search, bands at high density, comparing, exporting, the
 * self-contained file, and safety with a hostile trace. Every test also asserts the page had
 * no errors, no console errors and no dialogs.
 *
 * Without Chromium the suite is skipped with a message saying how to install it, except under
 * CI (process.env.CI), where a missing browser fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { TraceFile } from '../../sim/engine/trace.js';
import { renderSelfContainedHtml } from '../../sim/report/html.js';
import { type Served, serveViewer } from '../../sim/report/serve.js';
import { formatDuration } from '../../viz/src/format.js';
import {
  type Browser,
  chromiumStatus,
  launch,
  viewerReady,
  type WatchedPage,
  watchedPage,
} from './browser.js';
import { ensureViewerBuilt } from './build.js';
import { bigRun, moveAcrossBridges, toNdjson, XSS, xssTrace } from './fixtures.js';
import {
  breakout120Trace,
  bridgeCrashTrace,
  lostEndWebsocketTrace,
  moveAcrossBridgesTrace,
  type TestTrace,
} from './traces.js';

const status = chromiumStatus();

if (!status.ok && process.env.CI) {
  describe('the viewer in Chromium', () => {
    it('has Chromium to run in (CI must install it: apt-get install chromium)', () => {
      throw new Error(status.message);
    });
  });
} else if (!status.ok) {
  describe('the viewer in Chromium', () => {
    it.skip(`is skipped: ${status.message}`, () => {});
  });
}

interface Arrow {
  seq: number;
  endSeq: number;
  kind: string;
  step: number;
  label: string;
  from: string;
  to: string;
  shown: string;
  dashed: boolean;
  dropped: boolean;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface LaneInfo {
  key: string;
  label: string;
  hidden: boolean;
  kind: string;
  nodeIds: string[];
  x: number;
}

const arrows = (page: Page, v = 0): Promise<Arrow[]> =>
  page.evaluate((i) => window.__viz.arrows(i), v) as unknown as Promise<Arrow[]>;
const lanes = (page: Page, v = 0): Promise<LaneInfo[]> =>
  page.evaluate((i) => window.__viz.lanes(i), v) as unknown as Promise<LaneInfo[]>;
const renders = (page: Page): Promise<number> => page.evaluate(() => window.__viz.renderCount());
/** Waits until the view has rendered again since `before`. */
const rendered = async (page: Page, before: number): Promise<void> => {
  await page.waitForFunction((b) => window.__viz.renderCount() > b, before);
};
const labels = (page: Page): Promise<{ text: string; y: number; cls: string }[]> =>
  page.$$eval('.view svg.overlay g.labels text', (els) =>
    els.map((e) => ({
      text: e.textContent ?? '',
      y: Number(e.getAttribute('y')),
      cls: e.getAttribute('class') ?? '',
    })),
  );

describe.skipIf(!status.ok)('the viewer in Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  let mab: TestTrace;
  let mabTrace: TraceFile;
  const servers: Served[] = [];
  let current: WatchedPage | null = null;

  const open = async (text: string, query = ''): Promise<WatchedPage> => {
    const served = await serveViewer({ traceText: text });
    servers.push(served);
    current = await watchedPage(browser);
    await current.page.goto(served.url + query);
    await viewerReady(current.page);
    return current;
  };

  beforeAll(async () => {
    await ensureViewerBuilt();
    mab = moveAcrossBridgesTrace();
    mabTrace = JSON.parse(mab.text) as TraceFile;
    console.log(`move-across-bridges trace: ${mab.source}`);
    browser = await launch();
  }, 120_000);

  afterEach(async () => {
    const w = current;
    current = null;
    if (!w) return;
    await w.page.close();
    expect(w.problems, 'page errors or console errors').toEqual([]);
    expect(w.dialogs, 'dialogs (a script ran)').toEqual([]);
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    await browser?.close();
  });

  it('draws the move-across-bridges run: the 11 step labels in order, each arrow between the right lifelines', async () => {
    const { page } = await open(mab.text);
    await page.selectOption('#mode', 'compact');
    const before = await renders(page);
    await page.click('li.outcome[data-move="m1"]');
    await rendered(page, before);

    const ls = await labels(page);
    const firstY = (step: number): number =>
      Math.min(...ls.filter((l) => l.text.startsWith(`${step} `)).map((l) => l.y));
    const lastY = (step: number): number =>
      Math.max(...ls.filter((l) => l.text.startsWith(`${step} `)).map((l) => l.y));
    for (let s = 1; s <= 11; s++)
      expect(Number.isFinite(firstY(s)), `a label of step ${s}`).toBe(true);
    // Steps 1-10 start in order; step 11 (the new websocket) starts with step 8 and ends last.
    for (let s = 2; s <= 10; s++)
      expect(firstY(s), `step ${s} after step ${s - 1}`).toBeGreaterThan(firstY(s - 1));
    expect(firstY(11)).toBeGreaterThanOrEqual(firstY(8));
    expect(lastY(11)).toBeGreaterThan(lastY(10));

    const drawn = await arrows(page);
    const laneList = await lanes(page);
    const laneAt = (x: number): LaneInfo =>
      laneList.reduce((a, b) => (Math.abs(b.x - x) < Math.abs(a.x - x) ? b : a));
    const laneOf = (node: string): LaneInfo =>
      laneList.find((l) => l.nodeIds.includes(node)) as LaneInfo;
    const m1Sends = mabTrace.events.filter((e) => e.type === 'send' && e.move === 'm1');
    expect(drawn.length).toBe(m1Sends.length);
    for (const a of drawn) {
      expect(Math.abs(a.x0 - laneOf(a.from).x), `${a.label} starts on ${a.from}`).toBeLessThan(0.5);
      if (!a.dropped)
        expect(Math.abs(a.x1 - laneOf(a.to).x), `${a.label} ends on ${a.to}`).toBeLessThan(0.5);
      expect(a.y1, `${a.label} goes down the time axis`).toBeGreaterThanOrEqual(a.y0);
    }
    const expected: Record<string, [string, string]> = {
      'api.move': ['cmm', 'callbridge'],
      'move.request': ['callbridge', 'callbridge'],
      'move.reply': ['callbridge', 'callbridge'],
      'participant.create': ['callbridge', 'callbridge'],
      'api.response': ['callbridge', 'cmm'],
      'ws.move': ['callbridge', 'webbridge'],
      move: ['webbridge', 'browser'],
      'ws.end': ['browser', 'webbridge'],
      'session.end': ['webbridge', 'callbridge'],
      'media.connect': ['browser', 'callbridge'],
    };
    for (const [kind, [fromKind, toKind]] of Object.entries(expected)) {
      const a = drawn.find((x) => x.kind === kind);
      expect(a, `an arrow of ${kind}`).toBeDefined();
      expect([laneAt((a as Arrow).x0).kind, laneAt((a as Arrow).x1).kind], kind).toEqual([
        fromKind,
        toKind,
      ]);
    }
    // The canvas really has ink where the hook says step 6's arrow is.
    const ws = drawn.find((a) => a.kind === 'ws.move') as Arrow;
    const alpha = await page.evaluate(
      ({ x, y }) => {
        const c = document.querySelector('.view canvas.arrows') as HTMLCanvasElement;
        const r = c.getBoundingClientRect();
        const s = c.width / r.width;
        const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(
          Math.round((x - r.left) * s) - 2,
          Math.round((y - r.top) * s) - 2,
          5,
          5,
        ).data;
        let max = 0;
        for (let i = 3; i < d.length; i += 4) max = Math.max(max, d[i] as number);
        return max;
      },
      { x: (ws.x0 + ws.x1) / 2, y: (ws.y0 + ws.y1) / 2 },
    );
    expect(alpha).toBeGreaterThan(100);
  });

  it('shows step 6 and its data when it is clicked, with the state of both nodes, and ←/→ step through events', async () => {
    const { page } = await open(mab.text, '&mode=compact');
    await page.click('li.outcome[data-move="m1"]');
    const ws = (await arrows(page)).find((a) => a.kind === 'ws.move') as Arrow;
    await page.mouse.click((ws.x0 + ws.x1) / 2, (ws.y0 + ws.y1) / 2);
    await expect.poll(() => page.textContent('#selection h3')).toBe('6 ws.move');
    const sel = (await page.evaluate(() => window.__viz.selection())) as {
      kind: string;
      step: number;
      seq: number;
      current: number;
    };
    expect(sel.kind).toBe('ws.move');
    expect(sel.step).toBe(6);
    const send = mabTrace.events.find((e) => e.type === 'send' && e.kind === 'ws.move') as {
      data: { jwt: { id: string } };
    };
    const panel = (await page.textContent('#selection')) ?? '';
    expect(panel).toContain(send.data.jwt.id);
    expect(panel).toMatch(/\(sender\): what changed/);
    expect(panel).toMatch(/\(receiver\) state after/);

    await page.keyboard.press('ArrowRight');
    const next = (await page.evaluate(() => window.__viz.selection())) as {
      seq: number;
      current: number;
    };
    expect(next.current).toBeGreaterThan(sel.current);
    const nextEvent = mabTrace.events.filter(
      (e) =>
        e.seq > sel.current && ['send', 'deliver', 'drop', 'local', 'violation'].includes(e.type),
    )[0];
    expect(next.current).toBe(nextEvent?.seq);
    await page.keyboard.press('ArrowLeft');
    expect(
      ((await page.evaluate(() => window.__viz.selection())) as { current: number }).current,
    ).toBe(sel.current);
  });

  it('measures the time between two shift-clicked events and shows it as Δt', async () => {
    const { page } = await open(mab.text, '&mode=compact');
    await page.click('li.outcome[data-move="m1"]');
    const all = await arrows(page);
    const a = all.find((x) => x.step === 1) as Arrow;
    const b = all.find((x) => x.step === 11) as Arrow;
    const tSend = (seq: number): number =>
      (mabTrace.events.find((e) => e.seq === seq) as { t: number }).t;
    await page.keyboard.down('Shift');
    await page.mouse.click((a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2);
    await page.mouse.click((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
    await page.keyboard.up('Shift');
    const dUs = Math.abs(tSend(b.seq) - tSend(a.seq));
    expect(dUs).toBeGreaterThan(0);
    await expect
      .poll(() => page.textContent('.view svg.overlay .measure-text'))
      .toBe(`Δt ${formatDuration(dUs)}`);
    expect(await page.locator('.view svg.overlay line.measure').count()).toBe(3);
    // A shift-click measures without selecting; Esc clears the measure.
    expect(await page.evaluate(() => window.__viz.selection())).toBeNull();
    await page.keyboard.press('Escape');
    expect(await page.locator('.view svg.overlay .measure-text').count()).toBe(0);
  });

  it('jumps from a message to the message that caused it and to its delivery, by button and by key', async () => {
    const { page } = await open(mab.text, '&mode=compact');
    await page.click('li.outcome[data-move="m1"]');
    // A message of the move sent by a node at the instant a message was delivered to it.
    const ev = mabTrace.events;
    const caused = ev.find(
      (e) =>
        e.type === 'send' &&
        e.move === 'm1' &&
        ev.some(
          (d) =>
            d.type === 'deliver' &&
            d.move === 'm1' &&
            d.to === e.from &&
            d.t === e.t &&
            d.seq < e.seq,
        ),
    );
    const ws = (await arrows(page)).find((x) => x.seq === caused?.seq) as Arrow;
    expect(ws, 'a caused message is drawn').toBeDefined();
    await page.mouse.click((ws.x0 + ws.x1) / 2, (ws.y0 + ws.y1) / 2);
    await expect.poll(() => page.textContent('#selection h3')).toBe(ws.label);
    const send = ev.find((e) => e.seq === ws.seq) as { t: number; from: string };
    type Sel = { seq: number; current: number; to: string; kind: string };
    const selection = async (): Promise<Sel> =>
      (await page.evaluate(() => window.__viz.selection())) as Sel;
    // The cause: a message delivered to this one's sender at the instant it was sent.
    await page.click('#selection button.jump-cause');
    const cause = await selection();
    expect(cause.seq).not.toBe(ws.seq);
    const causeEnd = ev.find(
      (e) => e.type === 'deliver' && e.seq > cause.seq && e.t === send.t && e.to === send.from,
    );
    expect(causeEnd, 'the cause is delivered to the sender when it sends').toBeDefined();
    expect(cause.to).toBe(send.from);
    // Its delivery: the deliver event of the selected message.
    await page.click('#selection button.jump-delivery');
    const delivered = await selection();
    const deliverEvent = ev.find((e) => e.type === 'deliver' && e.seq === delivered.current);
    expect(delivered.seq).toBe(cause.seq);
    expect(deliverEvent?.t).toBe(send.t);
    // The keys do the same: back on the message, E goes to its delivery and C to its cause.
    await page.mouse.click((ws.x0 + ws.x1) / 2, (ws.y0 + ws.y1) / 2);
    await page.keyboard.press('e');
    expect((await selection()).current).toBe(ws.endSeq);
    await page.keyboard.press('c');
    expect((await selection()).seq).toBe(cause.seq);
  });

  it('reaches every lifeline header with Tab, names it for screen readers, and hides and shows it with Enter', async () => {
    const { page } = await open(mab.text, '#mode=time');
    const shown = ((await lanes(page)) as (LaneInfo & { hidden: boolean })[]).filter(
      (l) => !l.hidden,
    );
    expect(shown.length).toBeGreaterThan(3);
    const focused = (): Promise<{ inView: boolean; role: string | null; name: string | null }> =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          inView: el?.closest('.view') !== null && el?.closest('.view') !== undefined,
          role: el?.getAttribute('role') ?? null,
          name: el?.getAttribute('aria-label') ?? null,
        };
      });
    const headers: string[] = [];
    for (let i = 0; i < 40 && headers.length < shown.length; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.inView && f.role === 'button' && /^lifeline /.test(f.name ?? ''))
        headers.push(f.name ?? '');
    }
    expect(headers).toHaveLength(shown.length);
    for (const l of shown)
      expect(headers.some((h) => h.startsWith(`lifeline ${l.label},`))).toBe(true);
    // Enter on the focused header hides that lifeline; its seam is a named button that shows it.
    const last = shown[shown.length - 1] as LaneInfo & { label: string };
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          ((await lanes(page)) as { key: string; hidden: boolean }[]).find(
            (l) => l.key === last.key,
          )?.hidden,
      )
      .toBe(true);
    const seam = page.getByRole('button', { name: `show the hidden lifeline of ${last.label}` });
    await seam.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          ((await lanes(page)) as { key: string; hidden: boolean }[]).find(
            (l) => l.key === last.key,
          )?.hidden,
      )
      .toBe(false);
    // Every button-like element of the page has a name.
    const unnamed = await page.$$eval('[role="button"], button', (els) =>
      els
        .filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim()))
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  });

  it("filters the breakout-120 run to one participant: only that participant's events stay", async () => {
    const bo = breakout120Trace();
    console.log(`breakout-120 trace: ${bo.source}`);
    const trace = JSON.parse(bo.text) as TraceFile;
    const outcomes = trace.outcomes as { move: string; participant: string }[];
    const { page } = await open(bo.text, '#mode=time');
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('bands');
    const options = await page.$$eval('select[data-filter="participant"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''),
    );
    expect(options.length).toBeGreaterThanOrEqual(120);
    const who = options[6] as string;
    await page.selectOption('select[data-filter="participant"]', who);
    await expect.poll(() => page.evaluate(() => window.__viz.drawMode())).toBe('arrows');

    const moves = new Set(outcomes.filter((o) => o.participant === who).map((o) => o.move));
    const involves = (e: TraceFile['events'][number]): boolean => {
      const r = e as unknown as Record<string, unknown>;
      return (
        (typeof r.move === 'string' && moves.has(r.move)) ||
        r.from === who ||
        r.to === who ||
        r.node === who ||
        JSON.stringify(r.data ?? null).includes(JSON.stringify(who))
      );
    };
    const allowed = new Set(trace.events.filter(involves).map((e) => e.seq));
    // A mark made while a node handled one of the participant's messages is the participant's too.
    const lastDeliver = new Map<string, TraceFile['events'][number]>();
    for (const e of trace.events) {
      if (e.type === 'deliver') lastDeliver.set(e.to, e);
      if (e.type === 'local') {
        const d = lastDeliver.get(e.node);
        if (d && d.t === e.t && allowed.has(d.seq)) allowed.add(e.seq);
      }
    }
    const visible = await page.evaluate(() => window.__viz.visibleEventIds());
    expect(visible.length).toBeGreaterThan(20);
    expect(visible.filter((s) => !allowed.has(s))).toEqual([]);
    const moveSends = trace.events
      .filter((e) => e.type === 'send' && e.move !== undefined && moves.has(e.move))
      .map((e) => e.seq);
    expect(moveSends.length).toBeGreaterThan(10);
    expect(moveSends.filter((s) => !visible.includes(s))).toEqual([]);
  });

  it('fills a long filter list (hundreds of moves) when it is first used, and shows a chosen value before then', async () => {
    const trace = bigRun(20000);
    const moves = trace.outcomes.length;
    expect(moves).toBeGreaterThan(200);
    const { page } = await open(JSON.stringify(trace), '#mode=time');
    const count = (): Promise<number> =>
      page.$$eval('select[data-filter="move"] option', (os) => os.length);
    const value = (): Promise<string> =>
      page.$eval('select[data-filter="move"]', (el) => (el as HTMLSelectElement).value);
    // Until it is used, the list holds "all" and nothing else (no move is chosen).
    expect(await count()).toBe(1);
    await page.evaluate(() => window.__viz.setFilter({ move: 'm7' }));
    expect(await value()).toBe('m7');
    expect(await count()).toBe(2);
    await page.focus('select[data-filter="move"]');
    expect(await count()).toBe(moves + 1);
    expect(await value()).toBe('m7');
    await page.selectOption('select[data-filter="move"]', 'm200');
    await expect
      .poll(() => page.evaluate(() => window.__viz.shown().filter))
      .toEqual({ move: 'm200' });
  });

  it('shows a hostile participant name as text and runs no script from the trace', async () => {
    const text = JSON.stringify(xssTrace());
    const { page } = await open(text, '&mode=compact');
    await page.click('li.outcome');
    const a = (await arrows(page)).find((x) => x.kind === 'move') as Arrow;
    await page.mouse.move((a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2);
    await page.mouse.click((a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2);
    await expect.poll(() => page.textContent('#selection')).toContain(XSS);
    expect(await page.textContent('#outcomes')).toContain(XSS);
    expect(await page.textContent('.view-title')).toContain('<script>alert(3)</script>');
    expect(
      (await page.$$eval('.lane-label', (els) => els.map((e) => e.textContent ?? ''))).some((t) =>
        t.startsWith('<img'),
      ),
    ).toBe(true);
    expect((await labels(page)).some((l) => l.text === '✕ <script>alert(2)</script>')).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('img, b').length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.map((e) => e.getAttribute('src')))).toEqual([
      './assets/viewer.js',
    ]);
  });

  it('opens a trace served as JSON only (no compact encoding) with one request for it', async () => {
    const served = await serveViewer({ traceText: mab.text, compact: false });
    servers.push(served);
    current = await watchedPage(browser);
    const asked: string[] = [];
    // The worker's fetch is the page's too (Chromium reports a dedicated worker's requests).
    current.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/trace.json') asked.push(r.url());
    });
    await current.page.goto(served.url);
    await viewerReady(current.page);
    expect(await current.page.evaluate(() => window.__viz.error)).toBeNull();
    const sends = mabTrace.events.filter((e) => e.type === 'send').length;
    expect(await current.page.textContent('#status')).toContain(`${sends} messages`);
    expect(asked).toHaveLength(1);
  });

  it('opens a streamed NDJSON trace from ?trace= with its load lanes and thresholds', async () => {
    const text = toNdjson(JSON.parse(mab.text) as TraceFile);
    const { page } = await open(text);
    expect(await page.textContent('#status')).toMatch(/\d+ messages/);
    expect(await page.locator('li.outcome').count()).toBe(mabTrace.outcomes.length);
    expect((await arrows(page)).length).toBeGreaterThan(10);
    const bridges = mabTrace.nodes.filter((n) => n.kind === 'callbridge').length;
    expect(await page.locator('g.load-title').count()).toBe(bridges);
  });

  it('opens the self-contained HTML file from disk with no server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-html-'));
    try {
      const file = join(dir, 'run.html');
      writeFileSync(file, renderSelfContainedHtml(JSON.stringify(xssTrace())));
      current = await watchedPage(browser);
      await current.page.goto(pathToFileURL(file).href);
      await viewerReady(current.page);
      expect(await current.page.textContent('#outcomes')).toContain(XSS);
      expect((await arrows(current.page)).length).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("folds a hidden lifeline's messages into dashed through arrows", async () => {
    const { page } = await open(mab.text);
    await page.click('li.outcome[data-move="m1"]');
    await page.click('details.lifelines summary');
    await page.uncheck('input[data-lane="wbA"]');
    await expect
      .poll(async () => (await lanes(page)).find((l) => l.key === 'wbA'))
      .toMatchObject({ key: 'wbA' });
    const drawn = await arrows(page);
    expect(drawn.some((a) => a.from === 'wbA' || a.to === 'wbA')).toBe(false);
    const through = drawn.filter((a) => a.shown === 'through');
    expect(through.length).toBeGreaterThan(2);
    expect(through.every((a) => a.dashed)).toBe(true);
    expect(through.find((a) => a.kind === 'ws.move')?.to).toBe(
      mabTrace.nodes.find((n) => n.kind === 'browser')?.id,
    );
  });

  it('marks a violation in the invariant lane; clicking it selects the violation and its event', async () => {
    const { page } = await open(
      JSON.stringify(moveAcrossBridges({ violation: true })),
      '&mode=compact',
    );
    await page.click('li.outcome');
    // The move the violation touches carries a warning badge, not a plain "moved".
    expect(await page.textContent('li.outcome .result')).toBe('⚠ moved');
    // Hovering first draws the time cursor over the lane: the click must still reach the mark.
    const box = await page.locator('rect.violation').boundingBox();
    if (!box) throw new Error('no violation mark drawn');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.textContent('#selection h3')).toBe('violation: single-call');
    expect(await page.textContent('#selection')).toContain('at most one call');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => window.__viz.selection())).toBeNull();
    // The side panel lists it with its promise, and clicking it there selects it too.
    expect(await page.textContent('#violations')).toMatch(/single-call.*at most one call/s);
    await page.click('li.violation-row');
    await expect.poll(() => page.textContent('#selection h3')).toBe('violation: single-call');
    const sel = (await page.evaluate(() => window.__viz.selection())) as {
      type: string;
      seq: number;
      current: number;
    };
    expect(sel.type).toBe('violation');
    expect(sel.current).toBe(sel.seq);
    expect(await page.locator('.view svg g.current line').count()).toBe(1);
  });

  it('groups many browsers into one lane with a count, and clicking it shows one lane per browser', async () => {
    const bo = breakout120Trace();
    const { page } = await open(bo.text, '#mode=time');
    const group = (await lanes(page)).find((l) => l.key === 'browsers');
    expect(group?.nodeIds.length).toBe(120);
    expect(await page.textContent('g.lane.group .lane-label')).toBe('browsers (120)');
    await page.click('g.lane.group');
    await expect
      .poll(async () => (await lanes(page)).filter((l) => l.kind === 'browser').length)
      .toBe(120);
  });

  it('searches kinds and data, by text and by regular expression', async () => {
    const { page } = await open(mab.text);
    await page.fill('#search', 'ws.move');
    await expect.poll(() => page.textContent('#search-count')).toBe('1 match');
    await page.check('#regex');
    await page.fill('#search', '^media\\.connect');
    await expect.poll(() => page.textContent('#search-count')).toMatch(/^[2-9]\d* matches$/);
    await page.fill('#search', '(');
    await expect.poll(() => page.textContent('#search-count')).toMatch(/bad regex/);
  });

  it('draws bands when arrows are too dense, and arrows again when zoomed in', async () => {
    const { page } = await open(JSON.stringify(bigRun(6000)), '#mode=time');
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('bands');
    await page.evaluate(() => window.__viz.zoomToTime(10_000_000, 12_000_000));
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('arrows');
    const ids = await page.evaluate(() => window.__viz.visibleEventIds());
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(2000);
  });

  it('draws every message of the window as its own arrow once zoomed in past the bands', async () => {
    const trace = bigRun(8000);
    const { page } = await open(JSON.stringify(trace), '#mode=time');
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('bands');
    expect(await page.evaluate(() => window.__viz.arrows().length)).toBe(0);
    await page.evaluate(() => window.__viz.zoomToTime(30_000_000, 31_500_000));
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('arrows');
    const win = await page.evaluate(() => window.__viz.window());
    const lo = win?.lo ?? NaN;
    const hi = win?.hi ?? NaN;
    // The messages whose span [send, delivery or drop] meets the window, from the trace itself.
    const sent = new Map<number, number>();
    const ended = new Map<number, number>();
    for (const e of trace.events) {
      if (e.type === 'send') sent.set(e.msg, e.t);
      else if (e.type === 'deliver' || e.type === 'drop') ended.set(e.msg, e.t);
    }
    const want = [...sent]
      .filter(([msg, t0]) => Math.max(t0, ended.get(msg) ?? t0) >= lo && t0 <= hi)
      .map(([msg]) => msg)
      .sort((a, b) => a - b);
    const drawn = await page.evaluate(() =>
      window.__viz
        .arrows()
        .map((a) => a.msg as number)
        .sort((a, b) => a - b),
    );
    expect(want.length).toBeGreaterThan(20);
    expect(drawn).toEqual(want);
  });

  it('puts each zoomed-out band on the canvas where the band is, in its shade', async () => {
    const { page } = await open(JSON.stringify(bigRun(20000)), '#mode=time');
    await page.evaluate(() => window.__viz.zoomToTime(100_000_000, 160_000_000));
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('bands');
    const r = await page.evaluate(() => {
      const v = window.__viz;
      v.panBy(-45);
      v.renderNow();
      const c = document.querySelector('.view canvas.arrows') as HTMLCanvasElement;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      const dpr = c.width / c.getBoundingClientRect().width;
      const bands = v.bands();
      // Rows well inside the diagram's body, off the lanes where state strips (drawn over
      // bands) show.
      const left = c.getBoundingClientRect().left;
      const striped = new Set(v.strips().map((s) => s.lane));
      const stripX = v
        .lanes()
        .filter((l) => striped.has(l.key))
        .map((l) => Number(l.x) - left);
      let wrong = 0;
      let checked = 0;
      for (const b of bands) {
        // The centre of each band taller than a row: its alpha is the band's opacity level.
        const cy = b.y + b.h / 2;
        if (b.h < 6 || cy < 60 || cy > c.getBoundingClientRect().height - 20) continue;
        if (stripX.some((sx) => sx > b.x0 && sx < b.x1)) continue;
        const x = Math.floor(((b.x0 + b.x1) / 2) * dpr);
        const y = Math.floor((b.y + b.h / 2) * dpr);
        const a = (ctx.getImageData(x, y, 1, 1).data[3] as number) / 255;
        if (Math.abs(a - b.alpha) > 0.05) wrong++;
        checked++;
      }
      return { checked, wrong };
    });
    expect(r.checked).toBeGreaterThan(10);
    expect(r.wrong).toBe(0);
  });

  it('draws the same bands when panned as when drawn afresh', async () => {
    const { page } = await open(JSON.stringify(bigRun(20000)), '#mode=time');
    await page.evaluate(() => window.__viz.zoomToTime(100_000_000, 160_000_000));
    expect(await page.evaluate(() => window.__viz.drawMode())).toBe('bands');
    const differing = await page.evaluate(() => {
      const v = window.__viz;
      for (let i = 0; i < 6; i++) {
        v.panBy(i < 3 ? -37 : 23);
        v.renderNow();
      }
      const c = document.querySelector('.view canvas.arrows') as HTMLCanvasElement;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      const panned = ctx.getImageData(0, 0, c.width, c.height).data;
      v.setFilter({});
      const fresh = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < fresh.length; i += 4)
        if (Math.abs((fresh[i + 3] as number) - (panned[i + 3] as number)) > 8) n++;
      return n / (fresh.length / 4);
    });
    expect(differing).toBeLessThan(0.002);
  });

  it('compares two runs side by side with one time axis', async () => {
    const { page } = await open(mab.text, '&compare=/trace.json#mode=time');
    expect(await page.locator('.view').count()).toBe(2);
    await page.evaluate(() => window.__viz.zoomToTime(5_000_000, 5_100_000, 0));
    await page.waitForTimeout(50);
    const [a, b] = await page.evaluate(() => [
      window.__viz.visibleEventIds(0),
      window.__viz.visibleEventIds(1),
    ]);
    expect(a?.length).toBeGreaterThan(5);
    expect(b).toEqual(a);
    // A second run where the move is rejected and one message differs: the panes say where
    // the runs diverge and which move ends differently.
    const other = JSON.parse(mab.text) as TraceFile;
    const changed = other.events.find((e) => e.type === 'send' && e.kind === 'move');
    if (!changed || changed.type !== 'send') throw new Error('no move message');
    for (const e of other.events)
      if ((e.type === 'send' || e.type === 'deliver') && e.msg === changed.msg)
        e.kind = 'move.other';
    (other.outcomes[0] as { result: string }).result = 'rejected';
    // Run B was made with another seed and a --set, and has a move run A has not.
    other.seed = Number(mabTrace.seed) + 1;
    other.meta = { ...other.meta, rerunArgs: { set: ['faults.dropRate=0.1'], whatIf: [] } };
    other.outcomes.push({ ...(other.outcomes[0] as object), move: 'm-only-b', result: 'moved' });
    await page.evaluate((t) => window.__viz.compareText(t, 'run B'), JSON.stringify(other));
    await page.keyboard.press('f');
    const bName = `seed ${other.seed}; set faults.dropRate=0.1`;
    expect(await page.locator('.view-title').nth(1).textContent()).toContain(bName);
    expect(await page.locator('.view-title').nth(0).textContent()).toContain(
      `seed ${mabTrace.seed}; without faults.dropRate=0.1`,
    );
    // The list holds both runs' moves, each with run B's result; those that differ are marked.
    expect(await page.locator('li.outcome').count()).toBe(mabTrace.outcomes.length + 1);
    expect(await page.locator('li.outcome.differs').count()).toBe(2);
    expect(await page.textContent('li.outcome[data-move="m1"].differs')).toContain(
      `${bName}: rejected`,
    );
    const onlyB = page.locator('li.outcome[data-move="m-only-b"]');
    expect(await onlyB.locator('.result').textContent()).toBe('absent');
    expect(await onlyB.locator('.other-result').textContent()).toBe(`${bName}: moved`);
    expect(await page.locator('.view').nth(0).locator('g.diverge line').count()).toBe(1);
    expect(await page.locator('.view').nth(1).locator('g.diverge line').count()).toBe(1);
    expect(await page.locator('.view-title').nth(0).textContent()).toMatch(
      /^move-across-bridges, seed \d+/,
    );
  });

  it('exports the view as an SVG file with its labels and as a PNG file', async () => {
    const { page } = await open(mab.text, '&mode=compact');
    await page.click('li.outcome[data-move="m1"]');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = readFileSync(await svg.path(), 'utf8');
    expect(svgText.startsWith('<?xml')).toBe(true);
    expect(svgText).toContain('6 ws.move');
    // It says what it shows: the scenario and seed, the filter, the mode, and a legend.
    expect(svgText).toMatch(/move-across-bridges, seed \d+/);
    expect(svgText).toContain('filter: move m1');
    expect(svgText).toContain('compact');
    expect(svgText).toContain('steps:');
    expect(svgText).toMatch(/<path d="M[\d.]+,[\d.]+L/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const bytes = readFileSync(await png.path());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
  });
  it('opens lost-end-websocket on its move, with the dropped step 8 labelled with its reason; the keys work and the view survives a reload from its address', async () => {
    const lew = lostEndWebsocketTrace();
    console.log(`lost-end-websocket trace: ${lew.source}`);
    const { page } = await open(lew.text);
    expect(await page.evaluate(() => window.__viz.mode())).toBe('compact');
    const ls = await labels(page);
    const drop = ls.find((l) => l.cls === 'drop-label');
    expect(drop?.text).toMatch(/^✕ targeted-drop/);
    expect(ls.some((l) => l.text === '8 ws.end')).toBe(true);
    // Every step the move has is labelled (a lost step 8 means no step 9 follows).
    const steps = new Set(
      (JSON.parse(lew.text) as TraceFile).events
        .filter((e) => (e.type === 'send' || e.type === 'local') && e.move === 'm1')
        .map((e) => (e as { step?: number }).step)
        .filter((x): x is number => x !== undefined),
    );
    expect(steps.size).toBeGreaterThan(8);
    for (const s of steps)
      expect(
        ls.some((l) => l.text.startsWith(`${s} `)),
        `a label of step ${s}`,
      ).toBe(true);
    expect(await page.evaluate(() => location.hash)).toMatch(/move=m1/);
    // Relative time on the axis, no six-decimal seconds anywhere.
    const ticks = await page.$$eval('.axis .tick text', (els) => els.map((e) => e.textContent));
    expect(ticks.some((t) => t?.startsWith('+'))).toBe(true);
    expect(ticks.some((t) => /\.\d{6} s/.test(t ?? ''))).toBe(false);
    // Keys: ? shows help; W zooms in; → selects the first event on screen, then the next one.
    await page.keyboard.press('?');
    expect(await page.isVisible('#help')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#help')).toBe(false);
    const k0 = (await page.evaluate(() => window.__viz.window()))?.k ?? 0;
    await page.keyboard.press('w');
    await expect
      .poll(async () => (await page.evaluate(() => window.__viz.window()))?.k)
      .toBeGreaterThan(k0);
    await page.keyboard.press('t');
    expect(await page.evaluate(() => window.__viz.mode())).toBe('time');
    await page.keyboard.press('t');
    expect(await page.evaluate(() => window.__viz.mode())).toBe('compact');
    await page.keyboard.press('f');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const sel = (await page.evaluate(() => window.__viz.selection())) as { current: number };
    expect(sel.current).toBeGreaterThan(0);
    // Every toolbar control has a name for a screen reader.
    const unnamed = await page.$$eval('#toolbar input, #toolbar select, #toolbar button', (els) =>
      els
        .filter(
          (e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || e.closest('label')),
        )
        .map((e) => e.id),
    );
    expect(unnamed).toEqual([]);
    await page.waitForTimeout(350);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/sel=\d+/);
    const again = await watchedPage(browser);
    try {
      await again.page.goto(page.url().replace(/#.*$/, '') + hash);
      await viewerReady(again.page);
      const back = (await again.page.evaluate(() => window.__viz.selection())) as {
        current: number;
      };
      expect(back.current).toBe(sel.current);
      expect(await again.page.evaluate(() => window.__viz.mode())).toBe('compact');
      expect(again.problems).toEqual([]);
    } finally {
      await again.page.close();
    }
  });

  it('shows the bridge crash of troubleshoot-b-target-bridge-crash under its move: the crash and restart, the dead lifeline, the limbo and the node-down drop', async () => {
    const crash = bridgeCrashTrace();
    console.log(`troubleshoot-b-target-bridge-crash trace: ${crash.source}`);
    const { page } = await open(crash.text, '&mode=nonlinear');
    expect(await page.evaluate(() => window.__viz.mode())).toBe('nonlinear');
    await page.keyboard.press('f');
    const strips = (await page.evaluate(() => window.__viz.strips())) as {
      kind: string;
      lane: string;
      y0: number;
      y1: number;
    }[];
    const dead = strips.find((s) => s.kind === 'dead');
    expect(dead?.lane).toBe('cbC');
    expect((dead?.y1 ?? 0) - (dead?.y0 ?? 0)).toBeGreaterThan(10);
    expect(strips.some((s) => s.kind === 'limbo')).toBe(true);
    const ls = await labels(page);
    expect(ls.some((l) => l.text === 'crash')).toBe(true);
    expect(ls.some((l) => l.text === '✕ node-down')).toBe(true);
    expect(ls.some((l) => l.text === '11 ws.auth')).toBe(true);
    expect(await page.textContent('li.outcome .limbo')).toBe('limbo n/a');
    // Switching mode keeps the move in view; compact mode shows the restart too.
    await page.selectOption('#mode', 'time');
    expect((await page.evaluate(() => window.__viz.strips())).length).toBeGreaterThan(0);
    await page.selectOption('#mode', 'compact');
    expect((await labels(page)).some((l) => l.text === 'restart')).toBe(true);
  });
});
