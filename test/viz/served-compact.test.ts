/**
 * Browser test of the served page's compact path: `movesim view`'s server offers the compact
 * encoding, and the page builds the same view from it as from the trace's JSON text, for a
 * trace.json and for a streamed trace (whose load lanes come from its last line).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Served, serveViewer } from '../../sim/report/serve.js';
import { traceOf } from '../report/trace-fixture.js';
import { type Browser, chromiumStatus, launch, viewerReady, watchedPage } from './browser.js';
import { ensureViewerBuilt } from './build.js';

const status = chromiumStatus();

/** What the page shows of a run: its status line, lanes, arrows and the load phases it ran. */
interface Shown {
  status: string;
  lanes: unknown[];
  arrows: unknown[];
  phases: string[];
  /** How many load lanes have a title. */
  loadTitles: number;
}

describe.skipIf(!status.ok)('the served page', { timeout: 60_000 }, () => {
  let browser: Browser;
  const servers: Served[] = [];

  /** Opens a served trace (compact offered or not) and reads what the page shows. */
  const show = async (traceText: string, compact: boolean): Promise<Shown> => {
    const served = await serveViewer({ traceText, compact });
    servers.push(served);
    const w = await watchedPage(browser);
    try {
      await w.page.goto(`${served.url}#mode=time`);
      await viewerReady(w.page);
      const shown = await w.page.evaluate(() => ({
        status: document.getElementById('status')?.textContent ?? '',
        lanes: window.__viz.lanes(),
        arrows: window.__viz.arrows(),
        phases: Object.keys(window.__viz.phases()),
        loadTitles: document.querySelectorAll('g.load-title').length,
      }));
      expect(w.problems).toEqual([]);
      return shown;
    } finally {
      await w.page.close();
    }
  };

  beforeAll(async () => {
    await ensureViewerBuilt();
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it('loads the compact form and shows what it shows from the JSON, for trace.json and for a stream', async () => {
    const texts = traceOf('scenarios/troubleshoot-b-target-bridge-crash.yaml', {
      seed: 1,
      level: 'state',
    });
    for (const text of [texts.json, texts.ndjson]) {
      const compact = await show(text, true);
      const json = await show(text, false);
      expect(compact.phases).toContain('decodeMs');
      expect(compact.phases).not.toContain('parseMs');
      expect(json.phases).toContain('parseMs');
      expect(compact.arrows.length).toBeGreaterThan(10);
      expect(compact.loadTitles).toBeGreaterThan(0);
      expect(compact).toEqual({ ...json, phases: compact.phases });
    }
  });
});
