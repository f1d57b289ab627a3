/**
 * Tests of `movesim export` and `movesim view` through the real binary: each format from a
 * trace.json and from the streamed NDJSON form, files written whole with no temporary files left,
 * and unreadable traces refused with exit 2. Needs `npm run build` first (npm test does it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  filesUnder,
  movesim,
  removeScratch,
  ROOT,
  SCENARIO,
  scratch,
  startView,
} from './helpers.js';

const dir = scratch('movesim-export-');
const run = join(dir, 'run');
const trace = join(run, 'trace.json');
const stream = join(dir, 'trace.ndjson');

/** The streamed form of a trace.json: header line, one event a line, the outcomes line. */
function toNdjson(text: string): string {
  const t = JSON.parse(text) as {
    events: unknown[];
    outcomes: unknown[];
    violations: unknown[];
  } & Record<string, unknown>;
  const { events, outcomes, violations, ...header } = t;
  return (
    [
      JSON.stringify(header),
      ...events.map((e) => JSON.stringify(e)),
      JSON.stringify({ outcomes, violations }),
    ].join('\n') + '\n'
  );
}

beforeAll(async () => {
  const r = await movesim(['run', SCENARIO, '--out', run]);
  if (r.code !== 0) throw new Error(`the run for the export tests failed:\n${r.stderr}`);
  writeFileSync(stream, toNdjson(readFileSync(trace, 'utf8')));
}, 30_000);

afterAll(removeScratch);

describe('movesim export', () => {
  it('prints a Mermaid sequence diagram on stdout, the same from trace.json and from the stream', async () => {
    const [whole, streamed] = await Promise.all([
      movesim(['export', trace, '--format', 'mermaid']),
      movesim(['export', stream, '--format', 'mermaid']),
    ]);
    expect(whole.code).toBe(0);
    expect(whole.stdout.split('\n')[0]).toBe('sequenceDiagram');
    expect(whole.stdout).toMatch(/^ {2}cmm->>cbB: step 1 api\.move at 5\d{3}\.\d{3} ms$/m);
    expect(streamed.stdout).toBe(whole.stdout);
  });

  it('gives the same CMS log as the run wrote', async () => {
    const r = await movesim(['export', stream, '--format', 'cmslog']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(run, 'cms.log'), 'utf8'));
  });

  it('writes Perfetto JSON to -o atomically, leaving only that file', async () => {
    const outDir = join(dir, 'perfetto');
    const file = join(outDir, 'move.json');
    const r = await movesim(['export', trace, '--format', 'perfetto', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(filesUnder(outDir)).toEqual(['move.json']);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { flow_out?: boolean }[] };
    expect(doc.traceEvents.filter((e) => e.flow_out).length).toBeGreaterThan(0);
  });

  it('refuses unreadable traces and misused flags with exit 2, naming the file', async () => {
    const notTrace = join(dir, 'not-a-trace.json');
    writeFileSync(notTrace, '{"name": "x"}\n');
    const [missing, scenario, other, move, format] = await Promise.all([
      movesim(['export', join(dir, 'missing.json'), '--format', 'mermaid']),
      movesim(['export', SCENARIO, '--format', 'mermaid']),
      movesim(['export', notTrace, '--format', 'perfetto']),
      movesim(['export', trace, '--format', 'perfetto', '--move', 'm1']),
      movesim(['export', trace, '--format', 'svg']),
    ]);
    for (const r of [missing, scenario, other, move, format]) expect(r.code).toBe(2);
    expect(missing.stderr).toContain('missing.json');
    expect(scenario.stderr).toContain(`${SCENARIO}: not a movesim trace`);
    expect(other.stderr).toContain('not-a-trace.json');
    expect(move.stderr).toContain('--move applies to --format mermaid only');
    expect(format.stderr).toContain('svg');
  });

  const htmlReady =
    existsSync(join(ROOT, 'dist', 'sim', 'report', 'html.js')) &&
    existsSync(join(ROOT, 'viz', 'dist', 'index.html'));
  it.skipIf(!htmlReady)(
    'writes the self-contained viewer page with --format html and with run --html',
    async () => {
      const page = join(dir, 'html', 'page.html');
      const runPage = join(dir, 'html', 'run.html');
      const [e, r] = await Promise.all([
        movesim(['export', trace, '--format', 'html', '-o', page]),
        movesim(['run', SCENARIO, '--out', join(dir, 'html-run'), '--html', runPage]),
      ]);
      expect(e.code).toBe(0);
      expect(r.code).toBe(0);
      for (const p of [page, runPage]) {
        const html = readFileSync(p, 'utf8');
        expect(html).toContain('id="movesim-trace">movesim-trace-compact;gzip;base64,');
      }
      // The page carries the whole trace: read back, it gives the run's own CMS log.
      const back = await movesim(['export', page, '--format', 'cmslog']);
      expect(back.code).toBe(0);
      expect(back.stdout).toBe(readFileSync(join(run, 'cms.log'), 'utf8'));
      expect(filesUnder(join(dir, 'html'))).toEqual(['page.html', 'run.html']);
      // The same trace gives the same page, from trace.json and from the stream alike.
      const again = join(dir, 'again.html');
      const fromStream = join(dir, 'stream.html');
      await Promise.all([
        movesim(['export', trace, '--format', 'html', '-o', again]),
        movesim(['export', stream, '--format', 'html', '-o', fromStream]),
      ]);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(page, 'utf8'));
      expect((await movesim(['export', fromStream, '--format', 'mermaid'])).stdout).toBe(
        (await movesim(['export', trace, '--format', 'mermaid'])).stdout,
      );
      // A cut-off page is refused with exit 2 and says so.
      const html = readFileSync(page, 'utf8');
      const cut = join(dir, 'cut.html');
      writeFileSync(cut, html.slice(0, html.indexOf('id="movesim-trace">') + 500));
      const refused = await movesim(['export', cut, '--format', 'mermaid']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${cut}: the compact trace is damaged`);
      expect(refused.stdout).toBe('');
    },
  );
});

describe('movesim view', () => {
  const ready =
    existsSync(join(ROOT, 'dist', 'sim', 'report', 'serve.js')) &&
    existsSync(join(ROOT, 'viz', 'dist', 'index.html'));
  it.skipIf(!ready)(
    'serves the trace on localhost, prints the URL, and exits 0 on Ctrl-C',
    async () => {
      const { child, url } = await startView(trace);
      try {
        const served = await fetch(new URL('/trace.json', url));
        expect(await served.text()).toBe(readFileSync(trace, 'utf8'));
        const exited = new Promise<number | null>((resolve) =>
          child.once('exit', (code) => resolve(code)),
        );
        child.kill('SIGINT');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
