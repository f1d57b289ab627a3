/**
 * Browser test of the first view (viz/src/first-view.ts): a page that draws the opening view
 * from the trace's opening section, before its whole model, shows what the page drawn from the
 * whole model shows (lifelines, arrows, state strips, visible events, mode, filter, selection),
 * then and once the whole model has taken over; for the served page (its trace read as it
 * arrives) and the exported page (its script run before the trace element is read). The pages
 * here get an opening section for a small run (`{ minEvents: 0 }`); `?firstview=never` draws
 * none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderSelfContainedHtml } from '../../sim/report/html.js';
import { type Served, serveViewer } from '../../sim/report/serve.js';
import { traceOf } from '../report/trace-fixture.js';
import { type Browser, chromiumStatus, launch, viewerReady, watchedPage } from './browser.js';
import { ensureViewerBuilt } from './build.js';

const status = chromiumStatus();

/** What a page showed first (its first view, if it drew one) and once ready. */
interface Opened {
  firstView: boolean;
  first: unknown;
  ready: unknown;
  phases: string[];
}

describe.skipIf(!status.ok)('the first view', { timeout: 60_000 }, () => {
  let browser: Browser;
  let served: Served;
  let dir: string;
  let html: string;

  /** Opens a page and reads what it showed first and what it shows once ready. */
  const open = async (url: string): Promise<Opened> => {
    const w = await watchedPage(browser);
    try {
      await w.page.addInitScript(() => {
        window.__vizRecordFirstView = true;
      });
      await w.page.goto(url);
      await viewerReady(w.page);
      const out = await w.page.evaluate(() => ({
        firstView: window.__viz.firstView,
        first: window.__viz.firstViewShown,
        ready: window.__viz.shown(),
        phases: Object.keys(window.__viz.phases()),
      }));
      expect(w.problems).toEqual([]);
      return out;
    } finally {
      await w.page.close();
    }
  };

  beforeAll(async () => {
    await ensureViewerBuilt();
    browser = await launch({ width: 1600, height: 1000 });
    const text = traceOf('scenarios/troubleshoot-b-target-bridge-crash.yaml', { seed: 1 }).json;
    served = await serveViewer({ traceText: text, opening: { minEvents: 0 } });
    dir = mkdtempSync(join(tmpdir(), 'movesim-first-view-'));
    html = join(dir, 'run.html');
    writeFileSync(html, renderSelfContainedHtml(text, undefined, { minEvents: 0 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws the opening view the whole model draws, before and after the whole model takes over', async () => {
    for (const page of [served.url, `${pathToFileURL(html).href}?`]) {
      const whole = await open(`${page}&firstview=never`);
      const first = await open(page);
      expect(whole.firstView).toBe(false);
      expect(whole.first).toBeNull();
      expect(first.firstView).toBe(true);
      expect(first.phases).toContain('firstViewMs');
      const shown = whole.ready as { filter: { move?: string }; arrows: unknown[] };
      // The opening view is the failing move's (the crash of its target call bridge).
      expect(shown.filter.move).toBeDefined();
      expect(shown.arrows.length).toBeGreaterThan(5);
      expect(first.first).toEqual(whole.ready);
      expect(first.ready).toEqual(whole.ready);
    }
  });
});
