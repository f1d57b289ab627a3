/**
 * "What if" in the viewer, in Debian's Chromium (playwright-core): on move-across-bridges,
 * selecting the end of the old websocket (ws.end, step 8) and dropping it from the page runs
 * the fork in the page's worker, shows the new run's outcomes and the command that makes the
 * same fork (run here as printed, in a shell: it writes the page's trace byte for byte), and
 * opens the compare view with the first divergence selected; the self-contained page does the
 * same from disk; a node selected from its lifeline header (by keyboard) crashes there and
 * restarts, with the same checks; a fork the scenario refuses (a negative delay, a crash of the
 * CMM from its header) shows its reason and leaves the page as it was. No page errors, no
 * dialogs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { runFork } from '../../sim/browser-runner/fork.js';
import type { RerunInfo, SendEvent, TraceFile } from '../../sim/engine/trace.js';
import { renderSelfContainedHtml } from '../../sim/report/html.js';
import { type Served, serveViewer } from '../../sim/report/serve.js';
import { type Browser, chromiumStatus, launch, viewerReady, watchedPage } from './browser.js';
import { ensureViewerBuilt, ROOT } from './build.js';
import { canRun, runScenario } from './traces.js';

const status = chromiumStatus();
const runnable = canRun('move-across-bridges');

interface Drawn {
  msg: number;
  kind: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Clicks the drawn arrow of message `msg` in the first view. */
async function clickMessage(page: Page, msg: number): Promise<void> {
  const drawn = (await page.evaluate(() => window.__viz.arrows(0))) as unknown as Drawn[];
  const a = drawn.find((d) => d.msg === msg);
  if (!a) throw new Error(`message ${msg} is not drawn`);
  await page.mouse.click((a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2);
}

/** Waits until the last fork is made or refused; returns its state. */
async function forkSettled(page: Page): Promise<string> {
  await page.waitForFunction(
    () => {
      const s = document.getElementById('what-if-result')?.dataset.state;
      return s === 'done' || s === 'refused';
    },
    undefined,
    { timeout: 20_000 },
  );
  return (await page.getAttribute('#what-if-result', 'data-state')) ?? '';
}

describe.skipIf(!status.ok || !runnable)('what if, in the viewer', { timeout: 60_000 }, () => {
  let browser: Browser;
  let text: string;
  let trace: TraceFile;
  let wsEnd: SendEvent;
  const servers: Served[] = [];
  const pages: { problems: string[]; dialogs: string[]; page: Page }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'movesim-what-if-'));

  beforeAll(async () => {
    await ensureViewerBuilt();
    text = runScenario('move-across-bridges');
    trace = JSON.parse(text) as TraceFile;
    wsEnd = trace.events.find((e) => e.type === 'send' && e.kind === 'ws.end') as SendEvent;
    browser = await launch();
  }, 120_000);

  afterEach(async () => {
    for (const w of pages.splice(0)) {
      await w.page.close();
      expect(w.problems, 'page errors or console errors').toEqual([]);
      expect(w.dialogs, 'dialogs').toEqual([]);
    }
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a URL in a watched page, on the move of ws.end. */
  const open = async (url: string): Promise<Page> => {
    const w = await watchedPage(browser);
    pages.push(w);
    await w.page.goto(url);
    await viewerReady(w.page);
    await w.page.click(`li.outcome[data-move="${wsEnd.move}"]`);
    return w.page;
  };

  /** The trace text of the fork the page should make, made here by the same runner. */
  const expectedText = (whatIf = `msg=${wsEnd.msg}:drop`): string => {
    const rerun = (trace.meta as { rerun: RerunInfo }).rerun;
    const reply = runFork({ rerun, whatIf });
    if (!reply.ok) throw new Error(reply.error);
    return reply.trace;
  };
  const expected = (): TraceFile => JSON.parse(expectedText()) as TraceFile;

  /**
   * Runs the page's command as printed in a POSIX shell, in a folder of its own (the local
   * binary for `npx movesim`, `--out` added); gives the trace it wrote.
   */
  const runPrinted = (command: string): string => {
    const cwd = mkdtempSync(join(dir, 'cli-'));
    const shell = `${command.replace(/^npx movesim /m, `node ${join(ROOT, 'bin', 'movesim.js')} `)} --out out`;
    const r = spawnSync('sh', ['-c', shell], { cwd, encoding: 'utf8' });
    expect([0, 1], r.stderr).toContain(r.status);
    return readFileSync(join(cwd, 'out', 'trace.json'), 'utf8');
  };

  /** Drops ws.end from the page and checks the fork, its command and the compare view. */
  const dropWsEnd = async (page: Page): Promise<string> => {
    await clickMessage(page, wsEnd.msg);
    await expect.poll(() => page.textContent('#selection h3')).toContain('ws.end');
    await page.click('#selection .what-if-offer button:text-is("drop it")');
    expect(await forkSettled(page)).toBe('done');
    const fork = expected();
    const result = (await page.textContent('#what-if-result p')) ?? '';
    for (const o of fork.outcomes as { move: string; result: string }[])
      expect(result).toContain(`${o.move} ${o.result}`);
    expect(await page.$$eval('#views .view', (v) => v.length)).toBe(2);
    const drop = fork.events.find((e) => e.type === 'drop' && e.msg === wsEnd.msg);
    const sel = (await page.evaluate(() => window.__viz.selection())) as {
      msg: number;
      current: number;
    };
    expect(sel.msg).toBe(wsEnd.msg);
    expect(sel.current).toBe(drop?.seq);
    const command = (await page.textContent('#what-if-result pre.what-if-command')) ?? '';
    expect(command).toContain(`--what-if 'msg=${wsEnd.msg}:drop'`);
    return command;
  };

  it('drops ws.end from the served page, shows the outcome, the command and the divergence', async () => {
    const served = await serveViewer({ traceText: text });
    servers.push(served);
    const page = await open(served.url);
    const command = await dropWsEnd(page);
    // The command runs as printed (with the local binary for `npx movesim`) to the same trace.
    expect(runPrinted(command)).toBe(expectedText());
  });

  it('crashes a node selected from its lifeline header by keyboard, restarts it, and shows the fork', async () => {
    const served = await serveViewer({ traceText: text });
    servers.push(served);
    const page = await open(served.url);
    // The header's node button is reached by keyboard and named for screen readers.
    await page.focus('[role="button"][aria-label^="select node cbC, "]');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.__viz.selection())).toEqual({
      type: 'node',
      node: 'cbC',
    });
    expect(await page.textContent('#selection h3')).toContain('Callbridge C');
    const offer = page.locator('#selection .what-if-offer:has(button:text-is("crash cbC at"))');
    const at = offer.locator('input[aria-label="crash cbC at (ms)"]');
    // With nothing selected before, the crash time is the first move's request (5 s).
    expect(await at.inputValue()).toBe('5000');
    await at.fill('5021');
    await offer.locator('input[aria-label^="restart cbC after"]').fill('1000');
    await offer.locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await forkSettled(page)).toBe('done');
    const selector = 'crash=cbC@5021ms:restart=1000ms';
    const fork = JSON.parse(expectedText(selector)) as TraceFile;
    const result = (await page.textContent('#what-if-result p')) ?? '';
    for (const o of fork.outcomes as { move: string; result: string }[])
      expect(result).toContain(`${o.move} ${o.result}`);
    expect(await page.$$eval('#views .view', (v) => v.length)).toBe(2);
    const sel = (await page.evaluate(() => window.__viz.selection())) as { current: number };
    expect(typeof sel.current).toBe('number');
    const command = (await page.textContent('#what-if-result pre.what-if-command')) ?? '';
    expect(command).toContain(`--what-if '${selector}'`);
    expect(runPrinted(command)).toBe(expectedText(selector));
  });

  it('refuses a crash of the CMM selected from its header, with the reason in the page', async () => {
    const served = await serveViewer({ traceText: text });
    servers.push(served);
    const page = await open(served.url);
    await page.click('[role="button"][aria-label^="select node cmm, "]');
    await page.click('#selection .what-if-offer button:text-is("crash cmm at")');
    expect(await forkSettled(page)).toBe('refused');
    const reason = (await page.textContent('#what-if-result .what-if-error')) ?? '';
    expect(reason).toContain('Fork refused');
    expect(reason).toContain('crashes the CMM');
    expect(await page.$$eval('#views .view', (v) => v.length)).toBe(1);
    expect(await page.evaluate(() => window.__viz.selection())).toEqual({
      type: 'node',
      node: 'cmm',
    });
  });

  it('forks from the self-contained page opened from disk', async () => {
    const file = join(dir, 'page.html');
    writeFileSync(file, renderSelfContainedHtml(text));
    const page = await open(pathToFileURL(file).href);
    await dropWsEnd(page);
  });

  it('refuses a fork the scenario cannot take, with the reason in the page', async () => {
    const served = await serveViewer({ traceText: text });
    servers.push(served);
    const page = await open(served.url);
    await clickMessage(page, wsEnd.msg);
    const delay = page.locator('#selection .what-if-offer:has(button:text-is("delay it by"))');
    await delay.locator('input').fill('-5');
    await delay.locator('button').click();
    expect(await forkSettled(page)).toBe('refused');
    const reason = (await page.textContent('#what-if-result .what-if-error')) ?? '';
    expect(reason).toContain('Fork refused');
    expect(reason).toContain('is negative');
    expect(await page.$$eval('#views .view', (v) => v.length)).toBe(1);
    expect(await page.textContent('#selection h3')).toContain('ws.end');
  });
});
