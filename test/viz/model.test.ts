/**
 * Unit tests of reading traces into the viewer's model: both file forms, pairing sends with
 * delivers and drops, participants, filters, search and the state inspector's patches.
 */
import { describe, expect, it } from 'vitest';

import { filterMasks, moveSpan } from '../../viz/src/filter.js';
import { buildModel, type Model } from '../../viz/src/model.js';
import { parseTraceText } from '../../viz/src/parse.js';
import { compileSearch, searchMasks } from '../../viz/src/search.js';
import { applyPatches, diffStates, stateAround } from '../../viz/src/state.js';
import { breakout, moveAcrossBridges, toNdjson } from './fixtures.js';

const model = (text: string): Model => {
  const p = parseTraceText(text);
  return buildModel(p.trace, p.warnings);
};

describe('parsing', () => {
  it('reads the whole-file form and the streamed NDJSON form of a trace alike', () => {
    const t = moveAcrossBridges();
    const a = model(JSON.stringify(t));
    const b = model(toNdjson(t));
    expect(b.messages.length).toBe(a.messages.length);
    expect(b.outcomes).toEqual(a.outcomes);
    expect(b.loadSeries.get('cbA')).toEqual(a.loadSeries.get('cbA'));
    expect(b.loadSeries.size).toBeGreaterThan(0);
    expect(b.thresholds).toEqual(a.thresholds);
    expect(b.violations).toEqual(a.violations);
    expect(a.messages.length).toBeGreaterThan(30);
  });

  it('reads the outcomes, violations and load of a stream whose final line holds all three', () => {
    const t = moveAcrossBridges({ violation: true });
    const { events, outcomes, violations, meta, ...header } = t;
    const text = [
      JSON.stringify(header),
      ...events.map((e) => JSON.stringify(e)),
      JSON.stringify({ outcomes, violations, meta }),
    ].join('\n');
    const m = model(text);
    expect(m.outcomes.length).toBe(outcomes.length);
    expect(m.loadSeries.size).toBeGreaterThan(0);
    expect(m.thresholds).toBeDefined();
    expect(m.warnings).toEqual([]);
  });

  it('calls a cut-off trace.json truncated, not empty, and warns of a stream with no final line', () => {
    const whole = JSON.stringify(moveAcrossBridges(), null, 0).replace(
      '"events":[',
      '"events":[\n',
    );
    expect(() => parseTraceText(whole.slice(0, whole.length / 2))).toThrow(/truncated/);
    const stream = toNdjson(moveAcrossBridges()).trimEnd().split('\n');
    const p = parseTraceText(stream.slice(0, -1).join('\n'));
    expect(p.warnings.join(' ')).toMatch(/no final line/);
  });

  it('skips unreadable lines of a streamed trace, says so, and accepts one cut off mid-line', () => {
    const text = toNdjson(moveAcrossBridges()).replace('\n', '\nnot json\n');
    const cut = text.slice(0, text.length - 40);
    const p = parseTraceText(cut);
    expect(p.warnings.join(' ')).toMatch(/could not be read/);
    expect(p.trace.events.length).toBeGreaterThan(10);
  });

  it('refuses text that is not a movesim trace, with a readable message', () => {
    expect(() => parseTraceText('{"format":"other","events":[]}')).toThrow(/not a movesim trace/);
    expect(() => parseTraceText('hello')).toThrow(/neither JSON nor NDJSON/);
    expect(() => parseTraceText('')).toThrow(/empty/);
  });

  it('sorts events by seq and numbers events that lack one', () => {
    const t = {
      format: 'movesim-trace',
      version: 1,
      nodes: [],
      events: [
        { seq: 2, t: 5, type: 'log', node: 'a', line: 'x' },
        { seq: 1, t: 1, type: 'log', node: 'a', line: 'y' },
      ],
    };
    expect(parseTraceText(JSON.stringify(t)).trace.events.map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('the model', () => {
  const m = model(
    JSON.stringify(
      moveAcrossBridges({ dropKind: { kind: 'ws.end', reason: 'loss' }, duplicateKind: 'move' }),
    ),
  );

  it('pairs each send with its deliver, and a dropped message with its drop and reason', () => {
    const api = m.messages.find((x) => x.kind === 'api.move');
    expect(api?.status).toBe('delivered');
    expect(api?.tEnd).toBeGreaterThan(api?.tSend ?? Infinity);
    const end = m.messages.find((x) => x.kind === 'ws.end');
    expect(end?.status).toBe('dropped');
    expect(end?.reason).toBe('loss');
  });

  it('keeps a duplicate apart from the original copy of the same message', () => {
    const copies = m.messages.filter((x) => x.kind === 'move');
    expect(copies.map((c) => c.duplicate).sort()).toEqual([false, true]);
    expect(copies.every((c) => c.status === 'delivered')).toBe(true);
    expect(copies[0]?.tEnd).not.toBe(copies[1]?.tEnd);
  });

  it('links a message to the delivery that made its sender send it', () => {
    const req = m.messages.find((x) => x.kind === 'move.request');
    const api = m.messages.find((x) => x.kind === 'api.move');
    expect(req?.cause).toBe(api?.index);
  });

  it('gives every message of a move, and the join flow through its browser, the moving participant', () => {
    expect(m.participants).toEqual(['userX']);
    expect(m.messages.filter((x) => x.move === 'm1').every((x) => x.participant === 'userX')).toBe(
      true,
    );
    expect(m.messages.find((x) => x.kind === 'guest.login')?.participant).toBe('userX');
  });

  it('lists the moves, the kinds and the local marks of steps 4 and 10', () => {
    expect(m.moves).toEqual(['m1']);
    expect(m.kinds).toContain('ws.move');
    const clean = model(JSON.stringify(moveAcrossBridges()));
    expect(clean.marks.filter((k) => k.step === 4 || k.step === 10).map((k) => k.kind)).toEqual([
      'placement',
      'teardown',
    ]);
    // With step 8 lost, the old instance is never torn down.
    expect(m.marks.filter((k) => k.step === 10)).toEqual([]);
  });
});

describe('filters and search', () => {
  const m = model(JSON.stringify(breakout(10)));

  it('filters to one participant: only its messages and marks pass', () => {
    const f = filterMasks(m, { participant: 'user003' });
    const shown = m.messages.filter((x) => f.messages[x.index] === 1);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.every((x) => x.participant === 'user003')).toBe(true);
    expect(shown.some((x) => x.move === 'm3')).toBe(true);
  });

  it('filters by step, node and kind together', () => {
    const f = filterMasks(m, { step: 11, node: 'wbA', kind: 'ws.auth' });
    const shown = m.messages.filter((x) => f.messages[x.index] === 1);
    expect(shown).toHaveLength(10);
    expect(shown.every((x) => x.kind === 'ws.auth' && x.step === 11)).toBe(true);
  });

  it('finds the time span of a move', () => {
    const span = moveSpan(m, 'm2');
    expect(span).not.toBeNull();
    expect((span as [number, number])[0]).toBe(5_001_000);
  });

  it('searches kinds and data as text, case-insensitively', () => {
    const r = searchMasks(m, 'WS.MOVE', false);
    expect(r?.count).toBe(10);
  });

  it('searches with a regular expression and reports a bad one instead of throwing', () => {
    expect(searchMasks(m, '^media\\.connect(ed)?$', true)?.count).toBe(0);
    expect(searchMasks(m, '^media\\.connect(ed)?\\n', true)?.count).toBe(40);
    expect(searchMasks(m, '(', true)?.error).toBeTruthy();
    expect(compileSearch('a+', true).test?.('caaat')).toBe(true);
  });
});

describe('state inspector', () => {
  it('applies add, replace and remove patches without changing the original', () => {
    const base = { a: { b: 1 }, list: [1, 2] };
    const next = applyPatches(base, [
      { op: 'replace', path: ['a', 'b'], value: 2 },
      { op: 'add', path: ['list', 1], value: 9 },
      { op: 'add', path: ['c'], value: 'x' },
      { op: 'remove', path: ['list', 0] },
    ]);
    expect(next).toEqual({ a: { b: 2 }, list: [9, 2], c: 'x' });
    expect(base).toEqual({ a: { b: 1 }, list: [1, 2] });
  });

  it('lists the leaf paths where two states differ', () => {
    expect(
      diffStates({ a: 1, b: { c: [1, 2] }, d: 'x' }, { a: 1, b: { c: [1, 3] }, e: true }),
    ).toEqual([
      { path: 'b.c.1', before: 2, after: 3 },
      { path: 'd', before: 'x', after: undefined },
      { path: 'e', before: undefined, after: true },
    ]);
    expect(diffStates({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('shows the receiving node before and after it handled a message', () => {
    const m = model(JSON.stringify(moveAcrossBridges({ state: true })));
    const create = m.messages.find((x) => x.kind === 'participant.create');
    const s = stateAround(m, 'cbC', create?.endSeq ?? -1) as {
      before: { participants: object };
      after: { participants: object };
    };
    expect(Object.keys(s.before.participants)).toHaveLength(0);
    expect(Object.keys(s.after.participants)).toHaveLength(1);
  });
});
