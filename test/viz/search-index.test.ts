/**
 * Unit tests of the viewer's search index: on shipped runs (breakout-120 and
 * troubleshoot-b-target-bridge-crash, made by `movesim run` when the CLI is built), a search
 * through the index finds exactly the messages and marks a plain scan of every message's text
 * finds, in plain-text and regular-expression mode, across chunk boundaries, whether the index
 * is part-built (the rest scanned) or complete; and on a compact trace's model, whose search
 * text is cut from the data section's text (and whose data lines are scanned whole before the
 * index holds them), the same as on trace.json's.
 */
import { describe, expect, it } from 'vitest';

import {
  type CompactColumns,
  CompactRest,
  decodeCompactColumns,
} from '../../sim/engine/trace-compact.js';
import { encodeTraceLines } from '../../sim/report/compact-lines.js';
import { compactSource } from '../../viz/src/compact-source.js';
import { buildModel, type Model } from '../../viz/src/model.js';
import { parseTraceText } from '../../viz/src/parse.js';
import { scanMasks, searchMasks } from '../../viz/src/search.js';
import { advance, searchIndex } from '../../viz/src/search-index.js';
import { prepareLineSearch, searchLines } from '../../viz/src/search-lines.js';
import { breakout120Trace, bridgeCrashTrace } from './traces.js';

const model = (text: string): Model => {
  const p = parseTraceText(text);
  return buildModel(p.trace, p.warnings);
};

/** Terms of both modes: kinds, data values, JSON punctuation, case, nothing, anchors. */
/** The compact encoding of a trace.json text, as the export and the side file write it. */
function compactBytes(text: string): Buffer {
  const enc = encodeTraceLines(text.split('\n'))!;
  return Buffer.concat([...enc.encoder.parts(enc.header)]);
}

/** The viewer's model of decoded compact columns, its data read lazily. */
function lazyModel(columns: CompactColumns): Model {
  const c = compactSource(columns);
  return buildModel(c.trace, c.warnings);
}

const TERMS: { term: string; regex: boolean }[] = [
  { term: 'ws.end', regex: false },
  { term: 'WS.MOVE', regex: false },
  { term: 'guest', regex: false },
  { term: 'p007', regex: false },
  { term: '":', regex: false },
  { term: '"type":"guest"', regex: false },
  { term: 'crash', regex: false },
  { term: 'no such text anywhere', regex: false },
  // Texts that also occur across two values of a compact trace's data line.
  { term: '},{', regex: false },
  { term: '},', regex: false },
  { term: '",', regex: false },
  { term: '}', regex: false },
  { term: '^ws\\.', regex: true },
  { term: 'join|leave', regex: true },
  { term: '\\n\\{', regex: true },
  { term: '\\d{3}"\\}$', regex: true },
  { term: '(', regex: true },
];

/** Checks every term against the scan; returns how many terms matched something. */
function expectSameAsScan(m: Model): number {
  let found = 0;
  for (const { term, regex } of TERMS) {
    const want = scanMasks(m, term, regex);
    const got = searchMasks(m, term, regex);
    expect(got?.error, `${term}`).toBe(want?.error);
    expect(got?.count, `${term}`).toBe(want?.count);
    expect(Array.from(got?.messages ?? []), `${term}`).toEqual(Array.from(want?.messages ?? []));
    expect(Array.from(got?.marks ?? []), `${term}`).toEqual(Array.from(want?.marks ?? []));
    if ((want?.count ?? 0) > 0) found++;
  }
  return found;
}

describe('the search index', () => {
  it('finds the same messages and marks as a plain scan on the breakout-120 run, part-built and built', () => {
    const m = model(breakout120Trace().text);
    // Chunks of 97 entries: many chunk boundaries, none aligned with anything in the run.
    const idx = searchIndex(m, 97);
    for (let i = 0; i < 5; i++) advance(m, idx);
    // Part-built: the first chunks through the index, the rest scanned.
    expect(idx.done).toBe(false);
    expect(idx.built).toBe(5 * 97);
    const found = expectSameAsScan(m);
    while (!advance(m, idx));
    expect(idx.chunks.length).toBeGreaterThan(10);
    expect(expectSameAsScan(m)).toBe(found);
    // The terms are not all empty-handed: most of them find something in this run.
    expect(found).toBeGreaterThanOrEqual(6);
  });

  it('finds the same as a plain scan on the bridge-crash run, with the index built in slices', () => {
    const m = model(bridgeCrashTrace().text);
    const idx = searchIndex(m, 5);
    let slices = 0;
    while (!advance(m, idx)) slices++;
    expect(slices).toBeGreaterThan(1);
    expect(expectSameAsScan(m)).toBeGreaterThanOrEqual(5);
  });

  it("finds on a compact trace's model, whose data is read lazily, what it finds on trace.json's", () => {
    const text = bridgeCrashTrace().text;
    const lazy = lazyModel(decodeCompactColumns(compactBytes(text)));
    const plain = model(text);
    const idx = searchIndex(lazy, 7);
    while (!advance(lazy, idx));
    for (const { term, regex } of TERMS) {
      const want = scanMasks(plain, term, regex);
      const got = searchMasks(lazy, term, regex);
      expect(got?.count, term).toBe(want?.count);
      expect(Array.from(got?.messages ?? []), term).toEqual(Array.from(want?.messages ?? []));
      expect(Array.from(got?.marks ?? []), term).toEqual(Array.from(want?.marks ?? []));
    }
  });

  it("finds on a version 3 trace's model, before its index and part-built, what the plain scan of trace.json's finds, with some data lines' JSON texts made elsewhere", () => {
    const text = breakout120Trace().text;
    const bytes = compactBytes(text);
    const columns = decodeCompactColumns(bytes);
    // As the page's worker does: another reader of the same sections (given as the served page
    // gives them) makes every other line.
    const other = new CompactRest(columns.rest.sizes.texts, columns.rest.sizes.chunks);
    other.supply(columns.rest.inflated!);
    expect(columns.rest.lineCount).toBeGreaterThan(2);
    for (let k = 0; k < other.lineCount; k += 2) columns.rest.supplyJson(k, other.lineJson(k));
    const lazy = lazyModel(columns);
    const plain = model(text);
    const check = (): number => {
      let found = 0;
      for (const { term, regex } of TERMS) {
        const want = scanMasks(plain, term, regex);
        const got = searchMasks(lazy, term, regex);
        expect(got?.count, term).toBe(want?.count);
        expect(Array.from(got?.messages ?? []), term).toEqual(Array.from(want?.messages ?? []));
        expect(Array.from(got?.marks ?? []), term).toEqual(Array.from(want?.marks ?? []));
        if ((want?.count ?? 0) > 0) found++;
      }
      return found;
    };
    // No index yet: the data lines' texts are scanned whole (search-lines.ts), for each term
    // (its matches across two values of a line left out) as the plain scan finds it.
    expect(check()).toBeGreaterThanOrEqual(6);
    const masks = new Uint8Array(lazy.messages.length + lazy.marks.length);
    expect(searchLines(lazy, /},/gi, (s) => s.includes('},'), 0, masks)).toBe(
      scanMasks(plain, '},', false)?.count,
    );
    const idx = searchIndex(lazy, 101);
    for (let i = 0; i < 7; i++) advance(lazy, idx);
    expect(idx.done).toBe(false);
    expect(check()).toBeGreaterThanOrEqual(6);
  });

  it("makes the line search's table in slices, as idle time does, and then finds what the plain scan finds", () => {
    const text = breakout120Trace().text;
    const lazy = lazyModel(decodeCompactColumns(compactBytes(text)));
    const plain = model(text);
    // One slice of 100 entries per idle period: many periods before the table is complete.
    let periods = 0;
    for (let done = false; !done; periods++) {
      let asked = 0;
      done = prepareLineSearch(lazy, () => asked++ === 0, 100);
    }
    expect(periods).toBe(Math.ceil((lazy.messages.length + lazy.marks.length) / 100));
    for (const term of ['guest', 'p007', '},']) {
      const masks = new Uint8Array(lazy.messages.length + lazy.marks.length);
      const want = scanMasks(plain, term, false);
      const test = (s: string): boolean => new RegExp(term, 'i').test(s);
      const got = searchLines(lazy, new RegExp(term, 'gi'), test, 0, masks);
      expect(got, term).toBe(want?.count);
      expect(Array.from(masks.subarray(0, lazy.messages.length)), term).toEqual(
        Array.from(want?.messages ?? []),
      );
    }
  });

  it("keeps the served page's worker's texts (its own copy of the bytes, from the first line on) while idle time makes the others from the last line back, and then finds what the plain scan finds", () => {
    const text = breakout120Trace().text;
    const bytes = compactBytes(text);
    const columns = decodeCompactColumns(bytes);
    // As the served page's worker does: a reader of its own copy of the bytes, decoded whole.
    const worker = decodeCompactColumns(Buffer.from(bytes)).rest;
    expect(worker.sizes).toEqual(columns.rest.sizes);
    const n = columns.rest.lineCount;
    expect(n).toBeGreaterThan(3);
    const given = Math.floor(n / 2);
    const fromWorker = [];
    for (let k = 0; k < given; k++) {
      const j = worker.lineJson(k);
      worker.dropJson();
      fromWorker.push(j);
      columns.rest.supplyJson(k, j);
    }
    // Idle time, two lines' worth: the last two lines, not the first ones (the worker's).
    let slices = 2;
    expect(columns.rest.prepareJson(() => slices-- > 0)).toBe(false);
    const late = worker.lineJson(n - 1);
    columns.rest.supplyJson(n - 1, late);
    expect(columns.rest.lineJson(n - 1)).not.toBe(late);
    expect(columns.rest.lineJson(n - 1)).toEqual(late);
    // The rest of idle time: the lines the worker gave are kept as given, not made again.
    expect(columns.rest.prepareJson(() => true)).toBe(true);
    for (let k = 0; k < given; k++) expect(columns.rest.lineJson(k)).toBe(fromWorker[k]);
    const lazy = lazyModel(columns);
    const plain = model(text);
    let found = 0;
    for (const { term, regex } of TERMS) {
      const want = scanMasks(plain, term, regex);
      const got = searchMasks(lazy, term, regex);
      expect(got?.count, term).toBe(want?.count);
      expect(Array.from(got?.messages ?? []), term).toEqual(Array.from(want?.messages ?? []));
      if ((want?.count ?? 0) > 0) found++;
    }
    expect(found).toBeGreaterThanOrEqual(6);
  });

  it('reports a bad regular expression as an error with no matches, as the scan does', () => {
    const m = model(bridgeCrashTrace().text);
    const r = searchMasks(m, '(', true);
    expect(r?.error).toBeTruthy();
    expect(r?.count).toBe(0);
    expect(searchMasks(m, '', false)).toBeNull();
  });
});
