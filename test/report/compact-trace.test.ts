/**
 * Tests of the compact encoding (sim/report/compact-trace.ts, compact-lines.ts, compact-text.ts)
 * and of reading it back with read-trace.ts through the viewer's one decoder
 * (sim/engine/trace-compact.ts): every shipped scenario's trace comes back equal, from trace.json's
 * lines and from the stream's alike, the same input gives the same bytes, rare event shapes
 * survive, and damaged or cut-off compact text is refused with a message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import type { TraceEvent } from '../../sim/engine/index.js';
import {
  compactFirstSection,
  compactTextSections,
  decodeCompactBytes,
  decodeCompactColumns,
  splitLater,
} from '../../sim/engine/trace-compact.js';
import { encodeTraceLines } from '../../sim/report/compact-lines.js';
import {
  COMPACT_TEXT_PREFIX,
  compactTextStreamed,
  compactTextSync,
} from '../../sim/report/compact-text.js';
import { CompactEncoder } from '../../sim/report/compact-trace.js';
import { readTraceText, TraceReadError } from '../../sim/report/read-trace.js';
import { FAULTY, FAULTY_SEEDS, traceOf } from './trace-fixture.js';

/** The compact text of a trace's text, encoded line by line as the HTML export does. */
function compactOf(text: string): string {
  const enc = encodeTraceLines(text.split('\n'));
  if (enc === null) throw new Error('the lines were not read as a trace');
  return compactTextSync(enc.encoder.sections(enc.header));
}

/** The uncompressed bytes of a trace's compact encoding. */
function bytesOf(text: string): Buffer {
  const enc = encodeTraceLines(text.split('\n'))!;
  return Buffer.concat([...enc.encoder.parts(enc.header)]);
}

const shipped = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml') && f !== 'large-24-bridges.yaml')
  .sort();

describe('the compact encoding', () => {
  it("gives back every shipped scenario's trace (seed 1, state level; the two breakouts at the logs level, to stay fast), from trace.json and from the stream", () => {
    expect(shipped.length).toBeGreaterThan(10);
    let events = 0;
    for (const f of shipped) {
      const level = f.startsWith('breakout') ? 'logs' : 'state';
      const texts = traceOf(`scenarios/${f}`, { level, seed: 1 });
      const original = readTraceText(texts.json, f).trace;
      const fromJson = readTraceText(compactOf(texts.json), `${f}.compact`);
      expect(fromJson.form).toBe('compact');
      expect(fromJson.trace, f).toEqual(original);
      const stream = readTraceText(texts.ndjson, f).trace;
      expect(readTraceText(compactOf(texts.ndjson), f).trace, f).toEqual(stream);
      events += original.events.length;
    }
    expect(events).toBeGreaterThan(1000);
  });

  it('keeps drops, duplicates and violations of a faulty run, and is a small part of trace.json', () => {
    const seen = { drop: 0, duplicate: 0, violation: 0 };
    for (const seed of FAULTY_SEEDS.slice(0, 4)) {
      const texts = traceOf(FAULTY.file, { seed, set: FAULTY.set, level: 'state' });
      const original = readTraceText(texts.json, 'faulty').trace;
      const compact = compactOf(texts.json);
      expect(readTraceText(compact, 'faulty').trace).toEqual(original);
      expect(compact.length).toBeLessThan(texts.json.length / 4);
      for (const e of original.events) {
        if (e.type === 'drop') seen.drop++;
        if (e.type === 'violation') seen.violation++;
        if ('duplicate' in e && e.duplicate === true) seen.duplicate++;
      }
    }
    expect(seen.drop).toBeGreaterThan(0);
    expect(seen.duplicate).toBeGreaterThan(0);
  });

  it('is the same bytes each time, from either form, compressed at once or a part at a time', async () => {
    const texts = traceOf('scenarios/move-across-bridges.yaml', { level: 'state' });
    expect(bytesOf(texts.json).equals(bytesOf(texts.json))).toBe(true);
    const enc = encodeTraceLines(texts.ndjson.split('\n'))!;
    const streamed = await compactTextStreamed(enc.encoder.sections(enc.header));
    expect(streamed).toBe(compactOf(texts.ndjson));
    expect(compactOf(texts.ndjson)).toBe(compactOf(texts.ndjson));
  });

  it('keeps rare shapes: fractional and large times, ids far apart, strings that look like references', () => {
    const texts = traceOf('scenarios/move-across-bridges.yaml');
    const trace = readTraceText(texts.json, 't').trace;
    const extra: TraceEvent[] = [
      { seq: 90_000, t: 1.5, type: 'log', node: 'cmm', line: '\u0001 starts like a reference' },
      {
        seq: 90_001,
        t: 2 ** 40,
        type: 'send',
        msg: 3_000_000_000,
        from: 'cmm',
        to: 'cmm',
        kind: 'k',
        deliverAt: 2 ** 40 + 0.25,
        data: { s: '\u00012', long: '\u0001\u0001 a long string with a marker', n: [1, null] },
      },
      {
        seq: 90_002,
        t: 2 ** 40,
        type: 'deliver',
        msg: 3_000_000_000,
        from: 'cmm',
        to: 'cmm',
        kind: 'k',
        data: { other: true },
      },
      { seq: 90_003, t: 2 ** 40, type: 'violation', invariant: 'single-call', detail: 'd' },
    ];
    const odd = { ...trace, events: [...trace.events, ...extra] };
    const enc = new CompactEncoder();
    for (const e of odd.events) enc.add(e);
    const { events: _e, format: _f, ...header } = odd;
    const text = compactTextSync(enc.sections(header));
    expect(readTraceText(text, 'odd').trace).toEqual(odd);
  });
});

describe('version 3 of the compact encoding', () => {
  it('reads a version 2 trace, as pages exported before version 3 carry it, into the same trace', () => {
    const dir = 'test/fixtures/compact-v2';
    const v2 = readFileSync(`${dir}/faulty-move-seed3.compact.txt`, 'utf8');
    const json = readFileSync(`${dir}/faulty-move-seed3.trace.json`, 'utf8');
    expect(v2.slice(COMPACT_TEXT_PREFIX.length)).not.toContain('.');
    const original = readTraceText(json, 'trace.json').trace;
    expect(readTraceText(v2, 'old.html').trace).toEqual(original);
    const types = new Set(original.events.map((e) => e.type));
    for (const t of ['send', 'deliver', 'drop', 'local', 'log', 'state'])
      expect(types).toContain(t);
  });

  it('carries three sections, compressed apart, and decodes the columns from the main one alone', () => {
    const texts = traceOf('scenarios/move-across-bridges.yaml', { level: 'state', seed: 1 });
    const compact = compactOf(texts.json);
    const sections = compactTextSections(compact);
    expect(sections).toHaveLength(3);
    const [main, text, data] = sections.map((z) => gunzipSync(z)) as [Buffer, Buffer, Buffer];
    // The main section holds no log line and no data value.
    const original = readTraceText(texts.json, 't').trace;
    const line = original.events.find((e) => e.type === 'log')!;
    expect(main.includes(JSON.stringify(line.line).slice(1, -1))).toBe(false);
    expect(text.includes(JSON.stringify(line.line).slice(1, -1))).toBe(true);
    // With damaged text and data sections the columns still decode; the damage shows on use.
    const c = decodeCompactColumns(main, { text: Buffer.from('[oops\n'), data });
    expect(c.n).toBe(original.events.length);
    expect(() => c.rest.text(1)).toThrow(/its text table is not a list of its strings/);
    const good = decodeCompactColumns(main, { text, data });
    expect(good.rest.text(1)).toBeTypeOf('string');
    expect(decodeCompactBytes(main, { text, data })).toEqual({ ...original });
  });

  it('says where the main section ends from its first two lines, as a page reading the served bytes as they arrive needs', () => {
    const text = traceOf('scenarios/troubleshoot-b-target-bridge-crash.yaml', { seed: 1 }).json;
    const bytes = bytesOf(text);
    const nl1 = bytes.indexOf(10);
    const nl2 = bytes.indexOf(10, nl1 + 1);
    // Not known before the name table's line is complete.
    expect(compactFirstSection(bytes.subarray(0, nl1 + 1))).toBeUndefined();
    expect(compactFirstSection(bytes.subarray(0, nl2))).toBeUndefined();
    const { end, opening } = compactFirstSection(bytes.subarray(0, nl2 + 1))!;
    expect(opening).toBe(false);
    expect(end).toBeGreaterThan(nl2);
    expect(compactFirstSection(bytes)).toEqual({ end, opening: false });
    // The main section alone decodes to the columns; the rest is the text and data sections.
    const main = new Uint8Array(bytes.subarray(0, end));
    const later = splitLater(bytes.subarray(end), 0);
    const c = decodeCompactColumns(main, later);
    const whole = decodeCompactColumns(bytes);
    expect(c.n).toBe(whole.n);
    expect(c.cols).toEqual(whole.cols);
    expect(decodeCompactBytes(main, later)).toEqual(decodeCompactBytes(bytes));
  });

  it("gives each data value's JSON text from the data section's text as JSON.stringify of the value gives it, rare strings too", () => {
    const trace = readTraceText(traceOf('scenarios/move-across-bridges.yaml').json, 't').trace;
    const odd = [
      '\u0001x',
      'a"\u0001b',
      '\\u0001 looks like a reference',
      '"\u00017"',
      'ünïcødé and a long enough string',
      '\u0001\u0001 a long string with markers',
      '\ud800 lone',
      // A mark's escape after a backslash, not a quote; short strings that start like a mark.
      '\\\u0001 after a backslash',
      '\u0001',
      '\u00017',
    ];
    const enc = new CompactEncoder();
    for (const e of trace.events) enc.add(e);
    odd.forEach((s, i) =>
      enc.add({
        seq: 90_000 + i,
        t: 5,
        type: 'local',
        node: 'cmm',
        kind: 'k',
        data: { s, list: [s, { [s]: s, '\u00013': 1 }], n: -0.5, long: `${s}${'-'.repeat(12)}` },
      }),
    );
    const { events: _e, format: _f, ...header } = trace;
    const [main, text, data] = enc.sections(header).map((p) => Buffer.concat([...p]));
    // Values are separated by a comma and a tab; a line without the tabs is read token by token.
    const tabs = data!.toString().split('\t').length - 1;
    const withoutTabs = Buffer.from(data!.toString().replaceAll(',\t', ','));
    for (const d of [data!, withoutTabs]) {
      const c = decodeCompactColumns(main!, { text: text!, data: d });
      // The values as the line's own parse gives them (no JSON text made in this reader).
      const parsed = decodeCompactColumns(main!, { text: text!, data: d }).rest;
      expect(c.rest.size).toBeGreaterThan(odd.length);
      expect(tabs).toBe(c.rest.size - c.rest.lineCount);
      for (let i = 0; i < c.rest.size; i++)
        expect(c.rest.json(i), `value ${i}`).toBe(JSON.stringify(parsed.value(i)));
      // With its line's JSON text made, a value is parsed from it alone, the same value.
      for (let i = 0; i < c.rest.size; i++)
        expect(c.rest.value(i), `value ${i}`).toEqual(parsed.value(i));
      for (let k = 0; k < c.rest.lineCount; k++) {
        expect(parsed.isParsed(k)).toBe(true);
        expect(c.rest.isParsed(k)).toBe(false);
      }
    }
  });

  it("finds the text table's entries ahead in slices, as idle time does, and then gives each entry as before; a table that is not a list is refused", () => {
    const texts = traceOf('scenarios/breakout-120.yaml', { level: 'logs', seed: 1 });
    const enc = encodeTraceLines(texts.json.split('\n'))!;
    const [main, text, data] = enc.encoder.sections(enc.header).map((p) => Buffer.concat([...p]));
    const ahead = decodeCompactColumns(main!, { text: text!, data: data! }).rest;
    const fresh = decodeCompactColumns(main!, { text: text!, data: data! }).rest;
    const n = ahead.sizes.texts;
    expect(n).toBeGreaterThan(1000);
    // A slice of 100 entries per idle period: many periods before all are found.
    let periods = 0;
    for (let done = false; !done; periods++) {
      let asked = 0;
      done = ahead.prepareTexts(() => asked++ === 0, 100);
    }
    expect(periods).toBe(Math.ceil(n / 100));
    for (const ref of [1, 2, Math.floor(n / 2), n - 1, n]) {
      expect(ahead.textJson(ref), `entry ${ref}`).toBe(fresh.textJson(ref));
      expect(ahead.textJson(ref)).toBe(JSON.stringify(fresh.text(ref)));
    }
    for (let i = 0; i < ahead.size; i += 97) expect(ahead.json(i)).toBe(fresh.json(i));
    const damaged = decodeCompactColumns(main!, {
      text: Buffer.from(`{${text!.toString().slice(1)}`),
      data: data!,
    }).rest;
    expect(() => damaged.prepareTexts(() => true)).toThrow(/not a list of its strings/);
  });

  it('cuts the data into lines and finds each value in its line', () => {
    // A long run, so the data takes several lines.
    const texts = traceOf('scenarios/breakout-120.yaml', { level: 'logs', seed: 1 });
    const enc = encodeTraceLines(texts.json.split('\n'))!;
    const [, , dataPart] = enc.encoder.sections(enc.header);
    const lines = Buffer.concat([...dataPart])
      .toString()
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(1);
    const original = readTraceText(texts.json, 't').trace;
    expect(readTraceText(compactOf(texts.json), 't').trace).toEqual(original);
  });
});

describe('reading damaged compact text', () => {
  const good = compactOf(traceOf('scenarios/move-across-bridges.yaml').json);
  const zipped = Buffer.from(good.slice(COMPACT_TEXT_PREFIX.length).split('.')[0]!, 'base64');
  const payload = bytesOf(traceOf('scenarios/move-across-bridges.yaml').json);
  const enc = encodeTraceLines(traceOf('scenarios/move-across-bridges.yaml').json.split('\n'))!;
  const main = Buffer.concat([...enc.encoder.sections(enc.header)[0]]);
  const as = (b: Buffer): string => COMPACT_TEXT_PREFIX + b.toString('base64');
  const refused = (text: string, why: RegExp): void => {
    expect(() => readTraceText(text, 'page.html')).toThrow(TraceReadError);
    expect(() => readTraceText(text, 'page.html')).toThrow(why);
  };

  it('refuses cut-off text, cut-off compression and a cut-off encoding, saying it is damaged', () => {
    refused(
      good.slice(0, good.length - 5),
      /page\.html: the compact trace is damaged \(its text is not base64; it may be cut off\); export the page again/,
    );
    refused(as(zipped.subarray(0, zipped.length - 40)), /damaged \(it does not decompress/);
    refused(
      as(gzipSync(main.subarray(0, main.length - 16))),
      /damaged \(its column \w+ is cut off\)/,
    );
    refused(
      as(gzipSync(payload.subarray(0, payload.length - 16))),
      /damaged \(its data is cut off\)/,
    );
    refused(`${good}.${good.slice(-8)}`, /it has 4 sections where 1 or 3 were expected/);
    refused(as(gzipSync(payload.subarray(0, 30))), /damaged \(its header is cut off\)/);
  });

  it('refuses bytes that are not gzip, another version, and a page without a trace', () => {
    refused(as(Buffer.from('not gzip at all')), /does not decompress/);
    const v5 = Buffer.from(
      payload.toString('latin1').replace('"version":4', '"version":5'),
      'latin1',
    );
    refused(as(gzipSync(v5)), /compact trace version 5 is not supported/);
    refused(
      '<!doctype html><html><body>hello</body></html>',
      /an HTML page without a movesim trace/,
    );
    refused(
      `<!doctype html><script type="application/json" id="movesim-trace">${good.slice(0, 200)}`,
      /damaged/,
    );
  });
});
