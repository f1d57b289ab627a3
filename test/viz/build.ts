/**
 * Test helper: makes sure the viewer is built in viz/dist before a test needs it, building it
 * with vite's JavaScript API when it is missing or older than its sources (viz/ and sim/, which
 * the in-page runner bundles). Test files run in
 * parallel, so a lock folder keeps two of them from building at once. Not a test itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (two folders above this file). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Whether viz/dist is at least as new as what it is built from: the viewer from viz/ (and the
 * trace types it imports from sim/), the in-page runner (`fork-worker.js`) from sim/, which it
 * bundles. A walk of the modification times of a few hundred files, a few milliseconds.
 */
function isFresh(): boolean {
  const out = join(ROOT, 'viz', 'dist', 'index.html');
  const js = join(ROOT, 'viz', 'dist', 'assets', 'viewer.js');
  const worker = join(ROOT, 'viz', 'dist', 'assets', 'fork-worker.js');
  if (!existsSync(out) || !existsSync(js) || !existsSync(worker)) return false;
  const config = statSync(join(ROOT, 'viz', 'vite.config.ts')).mtimeMs;
  const sim = newest(join(ROOT, 'sim'));
  const viewerSrc = Math.max(
    newest(join(ROOT, 'viz', 'src')),
    statSync(join(ROOT, 'viz', 'index.html')).mtimeMs,
    config,
    sim,
  );
  return statSync(js).mtimeMs >= viewerSrc && statSync(worker).mtimeMs >= Math.max(sim, config);
}

/** Builds the viewer unless viz/dist is up to date. */
export async function ensureViewerBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(
    tmpdir(),
    `movesim-viz-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}.lock`,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error('Timed out waiting for another test to build the viewer.');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'viz', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
