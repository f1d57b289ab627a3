/**
 * Test helper: Debian's Chromium driven by playwright-core, with every page's errors, console
 * errors and dialogs (an `alert` would be one) collected for the tests to assert on. It never
 * downloads a browser; when Chromium is missing, `chromiumStatus` says how to install it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests can run here, and what to say when they cannot. */
export function chromiumStatus(): { ok: boolean; message: string } {
  if (existsSync(CHROMIUM)) return { ok: true, message: '' };
  return {
    ok: false,
    message: `Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install chromium\` to run the browser tests`,
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh profile folder, removed on close. */
export async function launch(viewport = { width: 1500, height: 1000 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'movesim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page and the problems it reported. */
export interface WatchedPage {
  page: Page;
  problems: string[];
  dialogs: string[];
}

/** Opens a page that records page errors, console errors and dialogs. */
export async function watchedPage(b: Browser): Promise<WatchedPage> {
  const page = await b.context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, problems, dialogs };
}

/** Waits for the viewer to finish loading; fails with its error message if it had one. */
export async function viewerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__viz?.ready === true, undefined, { timeout: 20_000 });
  const err = await page.evaluate(() => window.__viz.error);
  if (err) throw new Error(`the viewer reported: ${err}`);
}
