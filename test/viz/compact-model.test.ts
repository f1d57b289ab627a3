/**
 * Tests of the viewer's model built straight from a compact trace's columns
 * (viz/src/compact-source.ts): on every shipped scenario's run it equals the model built from
 * the events of trace.json, a trace whose events are out of seq order is still sorted as
 * parse.ts sorts it, and the page's base64 and gzip readers give back the encoding's bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import type { TraceEvent } from '../../sim/engine/trace.js';
import {
  compactTextSections,
  decodeCompactColumns,
  gunzipInBrowser,
} from '../../sim/engine/trace-compact.js';
import { encodeTraceLines } from '../../sim/report/compact-lines.js';
import { compactTextSync } from '../../sim/report/compact-text.js';
import { compactSource } from '../../viz/src/compact-source.js';
import { buildModel, type Model } from '../../viz/src/model.js';
import { parseTraceText } from '../../viz/src/parse.js';
import { resolverOf } from '../../viz/src/participants.js';
import { traceOf } from '../report/trace-fixture.js';

/** The uncompressed bytes of a trace text's compact encoding. */
function bytesOf(text: string): Buffer {
  const enc = encodeTraceLines(text.split('\n'));
  if (enc === null) throw new Error('the lines were not read as a trace');
  return Buffer.concat([...enc.encoder.parts(enc.header)]);
}

/**
 * A model with its messages, marks and log lines as plain objects: a compact trace's model reads
 * their data, participants and lines through getters (viz/src/lazy-items.ts), which equality
 * does not see; here every one is read.
 */
function plain(m: Model): Model {
  return {
    ...m,
    messages: m.messages.map((x) => ({ ...x, data: x.data, participant: x.participant })),
    marks: m.marks.map((x) => ({ ...x, data: x.data, participant: x.participant })),
    logs: m.logs.map((x) => ({ ...x, line: x.line })),
  };
}

/** The model from the columns, and the one from the parsed events (both as plain objects). */
function bothModels(text: string): { columns: Model; events: Model } {
  const c = compactSource(decodeCompactColumns(bytesOf(text)));
  const p = parseTraceText(text);
  return {
    columns: plain(buildModel(c.trace, c.warnings)),
    events: plain(buildModel(p.trace, p.warnings)),
  };
}

/** A source's event visitor that skips state events (whose patches the model reads at once). */
function withoutState(
  source: ReturnType<typeof compactSource>['trace'],
): (visit: (e: TraceEvent) => void) => void {
  if (!('eachEvent' in source)) throw new Error('not a visited source');
  return (visit) =>
    source.eachEvent((e) => {
      if (e.type !== 'state') visit(e);
    });
}

const shipped = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml') && f !== 'large-24-bridges.yaml')
  .sort();

describe("the model from a compact trace's columns", () => {
  it("equals the model from trace.json's events on every shipped scenario's run", () => {
    expect(shipped.length).toBeGreaterThan(10);
    const seen = { messages: 0, dropped: 0, marks: 0, logs: 0, patches: 0, participants: 0 };
    for (const f of shipped) {
      const level = f.startsWith('breakout') ? 'logs' : 'state';
      const { columns, events } = bothModels(traceOf(`scenarios/${f}`, { level, seed: 1 }).json);
      expect(columns, f).toEqual(events);
      seen.messages += events.messages.length;
      seen.dropped += events.messages.filter((m) => m.status === 'dropped').length;
      seen.marks += events.marks.length;
      seen.logs += events.logs.length;
      seen.patches += events.statePatches.size;
      seen.participants += events.messages.filter((m) => m.participant !== undefined).length;
    }
    // The runs have every kind of thing the model keeps.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });

  it('gives every message and mark the same participant whether it is asked for first, resolved in idle slices, or all at once', () => {
    const seen = { ownFirst: 0, slices: 0, withoutMove: 0 };
    for (const f of ['troubleshoot-b-target-bridge-crash.yaml', 'breakout-120.yaml']) {
      const text = traceOf(`scenarios/${f}`, { level: 'logs', seed: 1 }).json;
      const p = parseTraceText(text);
      const want = plain(buildModel(p.trace, p.warnings));
      const lazyModel = (): Model => {
        const c = compactSource(decodeCompactColumns(bytesOf(text)));
        return buildModel(c.trace, c.warnings);
      };
      // Asked for one at a time, messages outside any move first: one its own nodes or data
      // tell is worked out alone (the rest of the run is not resolved for it); the first one
      // they do not tell resolves the whole run.
      const asked = lazyModel();
      const items = [
        ...asked.messages.filter((m) => m.move === undefined),
        ...[...asked.messages, ...asked.marks].reverse(),
      ];
      for (const it of items) {
        const before = resolverOf(asked) !== undefined;
        const got = it.participant;
        if (it.move === undefined && before && got !== undefined && resolverOf(asked) !== undefined)
          seen.ownFirst++;
      }
      expect(plain(asked).messages, f).toEqual(want.messages);
      expect(plain(asked).marks, f).toEqual(want.marks);
      // In slices of 256 items (as idle time gives them), then read.
      const sliced = lazyModel();
      const resolver = resolverOf(sliced)!;
      while (!resolver.advance(() => false)) seen.slices++;
      expect(resolverOf(sliced)).toBeUndefined();
      expect(plain(sliced).messages, f).toEqual(want.messages);
      expect(plain(sliced).marks, f).toEqual(want.marks);
      seen.withoutMove += want.messages.filter(
        (m) => m.move === undefined && m.participant !== undefined,
      ).length;
    }
    // The rare paths happen: items worked out alone, many slices, participants not from a
    // move.
    expect(seen.ownFirst).toBeGreaterThanOrEqual(2);
    expect(seen.slices).toBeGreaterThan(10);
    expect(seen.withoutMove).toBeGreaterThan(10);
  });

  it('equals the model from trace.json for a version 2 trace, as older pages carry it', () => {
    const dir = 'test/fixtures/compact-v2';
    const v2 = readFileSync(`${dir}/faulty-move-seed3.compact.txt`, 'utf8');
    const [zipped] = compactTextSections(v2);
    const c = compactSource(decodeCompactColumns(gunzipSync(zipped!)));
    const p = parseTraceText(readFileSync(`${dir}/faulty-move-seed3.trace.json`, 'utf8'));
    const events = plain(buildModel(p.trace, p.warnings));
    expect(plain(buildModel(c.trace, c.warnings))).toEqual(events);
    expect(events.messages.some((m) => m.status === 'dropped')).toBe(true);
  });

  it('builds the model without reading the data or the log lines, which are read when asked for', () => {
    const text = traceOf('scenarios/move-across-bridges.yaml', { level: 'state', seed: 1 }).json;
    const enc = encodeTraceLines(text.split('\n'))!;
    const [main, texts, data] = enc.encoder
      .sections(enc.header)
      .map((parts) => Buffer.concat([...parts]));
    // Damaged data lines and text table: the model is built all the same (state runs read
    // their patches at once, so this run's state events are left out of the columns' use).
    const broken = {
      text: Buffer.from('[1,\n'),
      data: Buffer.from(data!.toString().replace(/^\[/gm, '{')),
    };
    const c = compactSource(decodeCompactColumns(main!, broken));
    const lazyModel = buildModel({ ...c.trace, eachEvent: withoutState(c.trace) }, c.warnings);
    expect(lazyModel.messages.length).toBeGreaterThan(0);
    expect(() => lazyModel.messages[0]!.data).toThrow(/damaged/);
    expect(() => lazyModel.logs[0]!.line).toThrow(/damaged/);
    // With the real sections every value is there.
    const good = compactSource(decodeCompactColumns(main!, { text: texts!, data: data! }));
    const p = parseTraceText(text);
    expect(plain(buildModel(good.trace, good.warnings))).toEqual(
      plain(buildModel(p.trace, p.warnings)),
    );
  });

  it('sorts events that are out of seq order as the events path does', () => {
    const lines = traceOf('scenarios/move-across-bridges.yaml', { seed: 1 }).ndjson.split('\n');
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    const { columns, events } = bothModels(lines.join('\n'));
    const seqs = columns.items.map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(columns).toEqual(events);
  });

  it("reads the page's compact text back into the encoding's bytes, and refuses a cut-off one", async () => {
    const text = traceOf('scenarios/move-across-bridges.yaml', { seed: 1 }).json;
    const enc = encodeTraceLines(text.split('\n'))!;
    const compact = compactTextSync(enc.encoder.sections(enc.header));
    const inflated = await Promise.all(compactTextSections(compact).map(gunzipInBrowser));
    expect(Buffer.concat(inflated).equals(bytesOf(text))).toBe(true);
    // Two gzip members: the trailer gives only the last one's size, so the buffer has to grow.
    const whole = bytesOf(text);
    const two = Buffer.concat([gzipSync(whole.subarray(0, 5000)), gzipSync(whole.subarray(5000))]);
    expect(Buffer.from(await gunzipInBrowser(new Uint8Array(two))).equals(whole)).toBe(true);
    // A trailer that does not match what it closes is damage.
    const zipped = gzipSync(whole);
    zipped.writeUInt32LE(16, zipped.length - 4);
    await expect(gunzipInBrowser(new Uint8Array(zipped))).rejects.toThrow(/damaged/);
    expect(() => compactTextSections(compact.slice(0, -3))).toThrow(/not base64/);
  });
});
