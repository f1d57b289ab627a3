/**
 * Unit tests of folding hidden lifelines and of the scene that views draw: through arrows,
 * stubs, compact rows and label text.
 */
import { describe, expect, it } from 'vitest';

import { BAND_PX, bandsOf, computeBands, countBands, newRuns } from '../../viz/src/bands.js';
import type { Frame } from '../../viz/src/draw-canvas.js';
import { foldHidden } from '../../viz/src/fold.js';
import { buildModel, type Message } from '../../viz/src/model.js';
import { parseTraceText } from '../../viz/src/parse.js';
import { buildScene, stepLabel } from '../../viz/src/scene.js';
import { bigRun } from './fixtures.js';
import { moveAcrossBridges } from './fixtures.js';

const msg = (
  index: number,
  from: string,
  to: string,
  cause = -1,
  status: Message['status'] = 'delivered',
): Message => ({
  index,
  msg: index,
  from,
  to,
  kind: `k${index}`,
  step: undefined,
  move: undefined,
  data: undefined,
  duplicate: false,
  tSend: index * 10,
  tEnd: index * 10 + 5,
  deliverAt: index * 10 + 5,
  sendSeq: index * 2,
  endSeq: index * 2 + 1,
  status,
  reason: undefined,
  participant: undefined,
  cause,
});

describe('folding hidden lifelines', () => {
  // A → H → C, and H → H2 → D, and H sends E a message of its own (no visible cause).
  const messages = [
    msg(0, 'A', 'H'),
    msg(1, 'H', 'C', 0),
    msg(2, 'H', 'H2', 0),
    msg(3, 'H2', 'D', 2),
    msg(4, 'H', 'E'),
    msg(5, 'A', 'C'),
  ];
  const all = new Uint8Array(messages.length).fill(1);
  const hidden = (n: string): boolean => n === 'H' || n === 'H2';

  it('shows every message as itself when nothing is hidden', () => {
    const out = foldHidden(messages, all, () => false);
    expect(out.map((s) => s.kind)).toEqual(Array(6).fill('message'));
  });

  it('turns a message into a hidden node and the ones it caused into through arrows between visible nodes', () => {
    const out = foldHidden(messages, all, hidden);
    const through = out.filter((s) => s.kind === 'through');
    expect(through.map((s) => [s.from, s.to, s.first, s.last, s.via.join('>')])).toEqual([
      ['A', 'C', 0, 1, 'H'],
      ['A', 'D', 0, 3, 'H>H2'],
    ]);
  });

  it('keeps a message out of a hidden node with no visible origin as a stub, and drops nothing else', () => {
    const out = foldHidden(messages, all, hidden);
    expect(out.filter((s) => s.kind === 'stub-in').map((s) => s.first)).toEqual([4]);
    expect(out.filter((s) => s.kind === 'message').map((s) => s.first)).toEqual([5]);
  });

  it('ends a chain that never comes out of the hidden nodes in a stub to the seam', () => {
    const out = foldHidden(
      [msg(0, 'A', 'H'), msg(1, 'H', 'H2', 0)],
      new Uint8Array(2).fill(1),
      hidden,
    );
    expect(out).toEqual([{ kind: 'stub-out', first: 0, last: 0, from: 'A', to: 'H', via: ['H'] }]);
  });

  it('folds only the messages the filter lets through', () => {
    const mask = Uint8Array.from([0, 1, 1, 1, 1, 1]);
    const out = foldHidden(messages, mask, hidden);
    expect(out.some((s) => s.kind === 'through')).toBe(false);
    expect(
      out
        .filter((s) => s.kind === 'stub-in')
        .map((s) => s.first)
        .sort(),
    ).toEqual([1, 3, 4]);
  });
});

describe('the scene', () => {
  const p = parseTraceText(JSON.stringify(moveAcrossBridges()));
  const model = buildModel(p.trace);
  const lanes = { hidden: new Set<string>(), groupBrowsers: false, left: 0, width: 600 };

  it('labels arrows and marks with their step number and kind', () => {
    expect(stepLabel(6, 'ws.move')).toBe('6 ws.move');
    expect(stepLabel(undefined, 'join.ok')).toBe('join.ok');
    const s = buildScene(model, { mode: 'time', filter: { move: 'm1' }, lanes });
    const steps = [
      ...new Set(s.arrows.map((a) => a.step).concat(s.marks.map((m) => m.mark.step ?? 0))),
    ]
      .filter((x) => x > 0)
      .sort((a, b) => a - b);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('in true-time mode puts each arrow at its send and arrival times', () => {
    const s = buildScene(model, { mode: 'time', filter: {}, lanes });
    const a = s.arrows.find((x) => x.first.kind === 'ws.move');
    expect(a?.p0).toBe(a?.first.tSend);
    expect(a?.p1).toBe(a?.first.tEnd);
  });

  it('in compact mode spaces shown events one row apart and marks the jump from the join to the move', () => {
    const s = buildScene(model, { mode: 'compact', filter: {}, lanes });
    expect(s.rows?.seqs.length).toBe(s.items.length);
    const a = s.arrows[0];
    expect(Number.isInteger(a?.p0)).toBe(true);
    expect(s.jumps.some((j) => j.dt > 4_000_000)).toBe(true);
  });

  it('folds arrows through a hidden lifeline into dashed through arrows that keep their ends', () => {
    const s = buildScene(model, {
      mode: 'time',
      filter: {},
      lanes: { ...lanes, hidden: new Set(['wbA']) },
    });
    const through = s.arrows.filter((a) => a.shown.kind === 'through');
    expect(through.length).toBeGreaterThan(3);
    expect(through.every((a) => a.dashed)).toBe(true);
    const wsMove = through.find((a) => a.first.kind === 'ws.move');
    expect(wsMove?.shown.to).toBe('userX');
    expect(wsMove?.last.kind).toBe('move');
  });
});

describe('bands', () => {
  const model = buildModel(parseTraceText(JSON.stringify(bigRun(3000))).trace);
  const scene = buildScene(model, {
    mode: 'time',
    filter: {},
    lanes: { hidden: new Set(), groupBrowsers: true, left: 0, width: 800 },
  });
  const frameAt = (lo: number, hi: number, yb = 0): Frame => {
    const ya = 600 / (hi - lo);
    return {
      yOf: (p) => ya * p + yb,
      ya,
      yb,
      lo,
      hi,
      top: 0,
      bottom: 600,
      lanes: scene.lanes.lanes,
    };
  };

  it("counts every arrow once on its sender's lane and once on its receiver's, merging like neighbouring rows", () => {
    const lo = scene.pMin;
    const hi = scene.pMax;
    const bands = computeBands(scene, frameAt(lo, hi), lo, hi);
    const ends = scene.arrows.reduce((n, a) => n + (a.fromLane === a.toLane ? 1 : 2), 0);
    expect(bands.reduce((n, b) => n + b.count, 0)).toBe(ends);
    expect(bands.every((b) => b.h % BAND_PX === 0 && b.h > 0 && b.x1 > b.x0)).toBe(true);
  });

  it("counts a tile's rows alone as the bands of the whole window that start in those rows", () => {
    const lo = scene.pMin;
    const hi = scene.pMax;
    const f = frameAt(lo, hi);
    const all = computeBands(scene, f, lo, hi);
    const rowOf = (y: number): number => Math.round(y / BAND_PX);
    const rows = all.map((b) => rowOf(b.y));
    const from = rows[Math.floor(rows.length / 3)] ?? 0;
    const to = from + 64;
    const tile = bandsOf(countBands(scene, f, lo, hi, from, to), f.lanes);
    const expected = all.filter((b) => rowOf(b.y) >= from && rowOf(b.y) < to);
    expect(expected.length).toBeGreaterThan(0);
    expect(tile).toEqual(expected);
  });

  it('counts into a reused run list (grown from room for one band, then refilled) what a new list gets', () => {
    const lo = scene.pMin;
    const hi = scene.pMax;
    const f = frameAt(lo, hi);
    const fresh = bandsOf(countBands(scene, f, lo, hi), f.lanes);
    const reused = newRuns(1);
    countBands(scene, f, lo, hi, -Infinity, Infinity, reused);
    expect(fresh.length).toBeGreaterThan(1);
    expect(reused.data.length).toBeGreaterThanOrEqual(reused.length);
    expect(bandsOf(reused, f.lanes)).toEqual(fresh);
    // Refilled with a narrower window: what was there before is not kept.
    const narrow = frameAt(lo, lo + (hi - lo) / 10);
    countBands(scene, narrow, narrow.lo, narrow.hi, -Infinity, Infinity, reused);
    expect(bandsOf(reused, narrow.lanes)).toEqual(
      computeBands(scene, narrow, narrow.lo, narrow.hi),
    );
  });

  it('puts density on the two lifelines of its messages (never a wall across the lanes between), at the row of their sends', () => {
    const a = scene.arrows[100];
    const lo = (a?.p0 ?? 0) - 1;
    const hi = (a?.p0 ?? 0) + 1;
    const f = frameAt(lo, hi);
    const bands = computeBands(scene, f, lo, hi);
    const y = f.ya * (a?.p0 ?? 0);
    for (const lane of [a?.fromLane ?? 0, a?.toLane ?? 0]) {
      const x = scene.lanes.lanes[lane]?.x ?? 0;
      expect(bands.some((b) => b.x0 < x && x < b.x1 && b.y <= y && y < b.y + b.h)).toBe(true);
    }
    const widest = Math.max(...bands.map((b) => b.x1 - b.x0));
    expect(widest).toBeLessThanOrEqual(16);
  });
});
