/**
 * Tests of the viewer's two doors in sim/report: the self-contained HTML writer (inlining and
 * escaping) and the local server (what it serves and what it refuses). No browser here; the
 * e2e tests open both in Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TraceFile } from '../../sim/engine/trace.js';
import { compactTraceFromText, compactTraceText } from '../../sim/report/compact-trace.js';
import { escapeForScript, renderSelfContainedHtml } from '../../sim/report/html.js';
import { type Served, serveViewer } from '../../sim/report/serve.js';
import { decodeCompact } from '../../viz/src/compact.js';
import { ensureViewerBuilt } from './build.js';
import { moveAcrossBridges, toNdjson, xssTrace } from './fixtures.js';

describe('the self-contained HTML file', () => {
  beforeAll(async () => {
    await ensureViewerBuilt();
  }, 120_000);

  it('inlines the script, the styles and the trace, and refers to no other file', () => {
    const html = renderSelfContainedHtml(
      '{"format":"movesim-trace","version":1,"nodes":[],"events":[]}',
    );
    expect(html).toMatch(
      /<script type="application\/json" id="movesim-trace">\{"format":"movesim-trace-compact"/,
    );
    expect(html).toMatch(/<script type="module">/);
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
    const decoded = decodeCompact(JSON.parse(body) as Record<string, unknown>);
    expect(decoded.scenario).toBe((JSON.parse(trace) as TraceFile).scenario);
    expect(decoded.events.length).toBe((JSON.parse(trace) as TraceFile).events.length);
  });

  it('encodes the trace compactly and the viewer decodes the same events back (less the data a delivery repeats from its send)', () => {
    const trace = moveAcrossBridges({
      state: true,
      violation: true,
      dropKind: { kind: 'ws.end', reason: 'targeted-drop' },
      duplicateKind: 'move',
    });
    trace.events.push({
      seq: 10_000,
      t: 99_000_000,
      type: 'log',
      node: 'cbA',
      line: '\u0001 a line that starts like a reference',
    });
    const text = compactTraceText(trace);
    const back = decodeCompact(JSON.parse(text) as Record<string, unknown>);
    const sent = new Set<number>();
    const expected = trace.events.map((e) => {
      if (e.type === 'send') sent.add(e.msg);
      if ((e.type === 'deliver' || e.type === 'drop') && sent.has(e.msg)) {
        const { data: _data, ...rest } = e;
        return rest;
      }
      return e;
    });
    expect(back.events).toEqual(expected);
    expect({ ...back, events: [] }).toEqual({ ...trace, events: [] });
    expect(trace.events.some((e) => e.type === 'state')).toBe(true);
    expect(text.length).toBeLessThan(JSON.stringify(trace).length * 0.6);
    // Line by line from trace.json's text and from the stream's, without reading either whole.
    const { events, ...rest } = trace;
    const lines = `${JSON.stringify({ ...rest, events: 0 }).slice(0, -'0}'.length)}[\n${events
      .map((e) => JSON.stringify(e))
      .join(',\n')}\n]}\n`;
    for (const form of [lines, toNdjson(trace)]) {
      const streamed = compactTraceFromText(form);
      expect(streamed).not.toBeNull();
      expect(decodeCompact(JSON.parse(streamed ?? '{}') as Record<string, unknown>)).toEqual(back);
    }
    expect(compactTraceFromText(JSON.stringify(trace))).toBeNull();
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
