/**
 * Tests of the viewer's two doors in sim/report: the self-contained HTML writer (inlining and
 * escaping) and the local server (what it serves and what it refuses). No browser here; the
 * e2e tests open both in Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TraceFile } from '../../sim/engine/trace.js';
import {
  compactTextSections,
  decodeCompactBytes,
  decodeCompactOpening,
} from '../../sim/engine/trace-compact.js';
import {
  escapeForScript,
  renderSelfContainedHtml,
  renderSelfContainedHtmlFile,
} from '../../sim/report/html.js';
import { readTraceText } from '../../sim/report/read-trace.js';
import { type Served, serveViewer } from '../../sim/report/serve.js';
import { traceOf } from '../report/trace-fixture.js';
import { ensureViewerBuilt } from './build.js';
import { xssTrace } from './fixtures.js';

describe('the self-contained HTML file', () => {
  beforeAll(async () => {
    await ensureViewerBuilt();
  }, 120_000);

  it('inlines the script, the styles and the trace, and refers to no other file', () => {
    const html = renderSelfContainedHtml(
      '{"format":"movesim-trace","version":1,"nodes":[],"events":[]}',
    );
    expect(html).toMatch(
      /<script type="application\/json" id="movesim-trace">movesim-trace-compact;gzip;base64,/,
    );
    expect(html).toMatch(/<script type="module" async>/);
    // A small run gets no opening section.
    expect(html).not.toContain('id="movesim-opening"');
    expect(html).toMatch(/<style>/);
    expect(html).not.toMatch(/\bsrc="\.\/assets/);
    expect(html).not.toMatch(/\bhref="\.\/assets/);
  });

  it('keeps a trace that contains </script> and <!-- from ending its script element', () => {
    const trace = JSON.stringify(xssTrace()).replace('"move-across-bridges"', '"</SCRIPT><!--"');
    const html = renderSelfContainedHtml(trace);
    const start = html.indexOf('id="movesim-trace">') + 'id="movesim-trace">'.length;
    const body = html.slice(start, html.indexOf('</script>', start));
    expect(body).not.toMatch(/<\/script|<!--/i);
    const decoded = readTraceText(body, 'page').trace;
    expect(decoded.scenario).toBe((JSON.parse(trace) as TraceFile).scenario);
    expect(decoded.events.length).toBe((JSON.parse(trace) as TraceFile).events.length);
  });

  it('writes the same page from a trace file read a block at a time as from its text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-page-'));
    try {
      const texts = traceOf('scenarios/move-across-bridges.yaml');
      const file = join(dir, 'trace.json');
      writeFileSync(file, texts.json);
      const page = await renderSelfContainedHtmlFile(file);
      expect(page.warnings).toEqual([]);
      expect(page.html).toBe(renderSelfContainedHtml(texts.json));
      // A file movesim did not write line by line is read whole, to the same trace.
      writeFileSync(file, JSON.stringify(JSON.parse(texts.json)));
      const whole = await renderSelfContainedHtmlFile(file);
      const body = (html: string): string => {
        const at = html.indexOf('id="movesim-trace">');
        return html.slice(at, html.indexOf('</script>', at));
      };
      expect(readTraceText(body(whole.html).slice(19), 'whole').trace).toEqual(
        readTraceText(texts.json, 'lines').trace,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("puts a large run's opening section, then the viewer's script, before the trace, the same from the file as from the text", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-page-'));
    try {
      const texts = traceOf('scenarios/troubleshoot-b-target-bridge-crash.yaml', { seed: 1 });
      const file = join(dir, 'trace.json');
      writeFileSync(file, texts.json);
      const opening = { minEvents: 0 };
      const html = renderSelfContainedHtml(texts.json, undefined, opening);
      expect((await renderSelfContainedHtmlFile(file, undefined, opening)).html).toBe(html);
      const at = (s: string): number => html.indexOf(s);
      const open = at('<script type="application/json" id="movesim-opening">');
      expect(open).toBeGreaterThan(0);
      expect(at('<script type="module" async>')).toBeGreaterThan(open);
      expect(at('id="movesim-trace">')).toBeGreaterThan(at('<script type="module" async>'));
      // The opening element is a compact text of one section: the opening section.
      const start = open + '<script type="application/json" id="movesim-opening">'.length;
      const text = html.slice(start, html.indexOf('</script>', start));
      const section = gunzipSync(compactTextSections(text)[0]!);
      const c = decodeCompactOpening(section);
      expect(c.move).toBe('m1');
      expect(c.n).toBeGreaterThan(0);
      // The trace element still carries the whole trace.
      const body = html.slice(
        at('id="movesim-trace">') + 19,
        html.indexOf('</script>', at('id="movesim-trace">')),
      );
      expect(readTraceText(body, 'page').trace).toEqual(readTraceText(texts.json, 'json').trace);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('escapes script text so that it means the same inside strings', () => {
    const js = 'const a = "</script><!--"; const r = /<\\/script/;';
    const out = escapeForScript(js, 'js');
    expect(out).not.toMatch(/<\/script|<!--/i);

    expect(new Function(`${out}; return a;`)()).toBe('</script><!--');
  });

  it('tells to run npm run build:viz when the viewer is not built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'movesim-nodist-'));
    try {
      expect(() => renderSelfContainedHtml('{}', empty)).toThrow(/npm run build:viz/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the local viewer server', () => {
  let served: Served;
  beforeAll(async () => {
    await ensureViewerBuilt();
    served = await serveViewer({ traceText: '{"hello":"trace"}' });
  }, 120_000);
  afterAll(async () => {
    await served.close();
  });

  it('listens on 127.0.0.1 on a free port and gives the viewer URL with the trace', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?trace=\/trace\.json$/);
  });

  it('serves the viewer page, its script and the trace', async () => {
    const base = new URL(served.url);
    const page = await fetch(new URL('/', base));
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('assets/viewer.js');
    const js = await fetch(new URL('/assets/viewer.js', base));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(new URL('/trace.json', base))).text()).toBe('{"hello":"trace"}');
  });

  it('serves nothing outside the built viewer', async () => {
    const base = new URL(served.url);
    expect((await fetch(new URL('/nothing-here.js', base))).status).toBe(404);
    expect((await fetch(new URL('/..%2f..%2fpackage.json', base))).status).toBe(404);
    expect((await fetch(new URL('/assets', base))).status).toBe(404);
  });

  it('offers a trace as its compact encoding, gzip on the wire, to a request that asks for it, and as its text otherwise', async () => {
    const texts = traceOf('scenarios/move-across-bridges.yaml', { seed: 1, level: 'state' });
    const oneLine = JSON.stringify(JSON.parse(texts.json));
    for (const text of [texts.json, texts.ndjson, oneLine]) {
      const s = await serveViewer({ traceText: text });
      try {
        const url = new URL('/trace.json', s.url);
        const asked = await fetch(url, {
          headers: { accept: 'application/x-movesim-trace-compact' },
        });
        expect(asked.headers.get('content-type')).toBe('application/x-movesim-trace-compact');
        expect(asked.headers.get('content-encoding')).toBe('gzip');
        const decoded = decodeCompactBytes(new Uint8Array(await asked.arrayBuffer()));
        expect(decoded).toEqual(readTraceText(text, 'trace.json').trace);
        expect(await (await fetch(url)).text()).toBe(text);
      } finally {
        await s.close();
      }
    }
    // Not a trace movesim writes: text only, whatever is asked.
    const odd = await fetch(new URL('/trace.json', served.url), {
      headers: { accept: 'application/x-movesim-trace-compact' },
    });
    expect(await odd.text()).toBe('{"hello":"trace"}');
    // Asked for text only: text.
    const plain = await serveViewer({ traceText: texts.json, compact: false });
    try {
      const r = await fetch(new URL('/trace.json', plain.url), {
        headers: { accept: 'application/x-movesim-trace-compact' },
      });
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
    } finally {
      await plain.close();
    }
  });

  it('refuses to start when the viewer is not built, saying how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'movesim-nodist-'));
    try {
      await expect(serveViewer({ traceText: '', distDir: empty })).rejects.toThrow(
        /npm run build:viz/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
