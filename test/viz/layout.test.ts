/**
 * Unit tests of the viewer's pure layout: lanes (node → x), position ↔ time in both modes,
 * time jumps, arrow geometry and culling to a window.
 */
import { describe, expect, it } from 'vitest';

import type { TraceNode } from '../../sim/engine/trace.js';
import { loadAt } from '../../viz/src/context-lanes.js';
import { formatDuration, formatRelative, formatTime } from '../../viz/src/format.js';
import {
  arrowGeometry,
  BROWSER_GROUP,
  buildIntervalIndex,
  compactRows,
  cull,
  distanceToSegment,
  dropFraction,
  layoutLanes,
  nodeX,
  rowOfSeq,
  rowToTime,
  timeJumps,
  timeToRow,
} from '../../viz/src/layout.js';
import { matchBrowserParticipant, orderNodes } from '../../viz/src/model.js';

const nodes: TraceNode[] = [
  { id: 'b1', kind: 'browser', label: 'B1' },
  { id: 'wbA', kind: 'webbridge', label: 'WB A' },
  { id: 'cbA', kind: 'callbridge', label: 'CB A' },
  { id: 'cmm', kind: 'cmm', label: 'CMM' },
  { id: 'cbB', kind: 'callbridge', label: 'CB B' },
  { id: 'b2', kind: 'browser', label: 'B2' },
];

describe('lanes', () => {
  it('orders lifelines cmm, call bridges, web bridges, browsers, keeping the file order within a kind', () => {
    expect(orderNodes(nodes).map((n) => n.id)).toEqual(['cmm', 'cbA', 'cbB', 'wbA', 'b1', 'b2']);
  });

  it('puts each node on its own lane, left to right, evenly over the width', () => {
    const l = layoutLanes(orderNodes(nodes), {
      hidden: new Set(),
      groupBrowsers: false,
      left: 100,
      width: 600,
    });
    expect(l.lanes.map((x) => x.key)).toEqual(['cmm', 'cbA', 'cbB', 'wbA', 'b1', 'b2']);
    expect(nodeX(l, 'cmm')).toBe(150);
    expect(nodeX(l, 'cbA')).toBe(250);
    expect(nodeX(l, 'b2')).toBe(650);
    expect(l.right).toBe(700);
  });

  it('groups all browsers into one lane that counts them', () => {
    const l = layoutLanes(orderNodes(nodes), {
      hidden: new Set(),
      groupBrowsers: true,
      left: 0,
      width: 500,
    });
    expect(l.lanes.map((x) => x.key)).toEqual(['cmm', 'cbA', 'cbB', 'wbA', BROWSER_GROUP]);
    expect(l.lanes[4]?.label).toBe('browsers (2)');
    expect(nodeX(l, 'b1')).toBe(nodeX(l, 'b2'));
  });

  it('shrinks a hidden lane to a narrow seam and gives the room to the others', () => {
    const l = layoutLanes(orderNodes(nodes), {
      hidden: new Set(['cbB']),
      groupBrowsers: true,
      left: 0,
      width: 414,
      seamWidth: 14,
    });
    expect(l.lanes[2]?.hidden).toBe(true);
    expect(l.lanes[2]?.width).toBe(14);
    expect(l.lanes[0]?.width).toBe(100);
  });

  it('keeps servers readable when many browsers share a narrow diagram', () => {
    const many: TraceNode[] = [
      ...nodes.filter((n) => n.kind !== 'browser'),
      ...Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, kind: 'browser', label: `B${i}` })),
    ];
    const l = layoutLanes(orderNodes(many), {
      hidden: new Set(),
      groupBrowsers: false,
      left: 0,
      width: 1200,
    });
    expect(l.lanes.filter((x) => x.kind !== 'browser').every((x) => x.width === 64)).toBe(true);
    expect(l.lanes.find((x) => x.kind === 'browser')?.width).toBeCloseTo((1200 - 4 * 64) / 100);
    expect(l.right).toBeCloseTo(1200);
  });

  it('never makes a lane narrower than the minimum, even when that overflows the width', () => {
    const l = layoutLanes(orderNodes(nodes), {
      hidden: new Set(),
      groupBrowsers: false,
      left: 0,
      width: 120,
      minLaneWidth: 40,
    });
    expect(
      layoutLanes(orderNodes(nodes), {
        hidden: new Set(),
        groupBrowsers: false,
        left: 0,
        width: 120,
      }).right,
    ).toBe(120);
    expect(l.lanes.every((x) => x.width === 40)).toBe(true);
    expect(l.right).toBe(240);
  });
});

describe('positions', () => {
  const rows = compactRows([
    { seq: 5, t: 100 },
    { seq: 1, t: 0 },
    { seq: 9, t: 100 },
    { seq: 12, t: 5_000_100 },
  ]);

  it('gives each shown event one row in seq order', () => {
    expect(Array.from(rows.seqs)).toEqual([1, 5, 9, 12]);
    expect(rowOfSeq(rows, 9)).toBe(2);
    expect(rowOfSeq(rows, 7)).toBe(-1);
  });

  it('maps a time to the first row at that time, and between rows in proportion', () => {
    expect(timeToRow(rows, 0)).toBe(0);
    expect(timeToRow(rows, 100)).toBe(1);
    expect(timeToRow(rows, 50)).toBe(0.5);
    expect(timeToRow(rows, 2_500_100)).toBeCloseTo(2.5);
    expect(timeToRow(rows, 9e9)).toBe(3);
  });

  it('maps rows back to times', () => {
    expect(rowToTime(rows, 0.5)).toBe(50);
    expect(rowToTime(rows, 3)).toBe(5_000_100);
    expect(rowToTime(rows, -2)).toBe(0);
  });

  it('marks where virtual time jumps by at least the threshold, between the two rows', () => {
    expect(timeJumps(rows, 1_000_000)).toEqual([{ p: 2.5, dt: 5_000_000 }]);
    expect(timeJumps(rows, 50)).toHaveLength(2);
  });
});

describe('arrow geometry', () => {
  it('runs an arrow from the sender lifeline at the send y to the receiver lifeline at the arrival y', () => {
    const g = arrowGeometry(100, 300, 10, 50, false);
    expect(g).toEqual({ x0: 100, y0: 10, x1: 300, y1: 50, self: false, cross: null });
  });

  it('stops a dropped message part of the way, at its drop time, with a cross there', () => {
    const g = arrowGeometry(300, 100, 10, 30, true, 0.5);
    expect(g.x1).toBe(200);
    expect(g.cross).toEqual({ x: 200, y: 30 });
  });

  it('makes a message to the same lifeline a self loop', () => {
    expect(arrowGeometry(100, 100, 10, 20, false).self).toBe(true);
  });

  it('places a drop in proportion to how far the message got, but always visibly away from the sender', () => {
    expect(dropFraction(0, 500, 1000)).toBe(0.5);
    expect(dropFraction(0, 0, 1000)).toBe(0.4);
    expect(dropFraction(0, 2000, 1000)).toBe(1);
  });

  it('measures the distance from a point to an arrow for hovering', () => {
    expect(distanceToSegment(5, 5, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(-3, 4, 0, 0, 10, 0)).toBe(5);
  });
});

describe('culling', () => {
  // Intervals sorted by start; one long one that spans the others.
  const p0 = Float64Array.from([0, 10, 20, 30, 40, 50]);
  const p1 = Float64Array.from([5, 100, 25, 35, 45, 55]);
  const index = buildIntervalIndex(p0, p1);

  it('keeps exactly the intervals that meet the window', () => {
    expect(cull(index, 26, 41)).toEqual([1, 3, 4]);
    expect(cull(index, 0, 0)).toEqual([0]);
    expect(cull(index, 101, 200)).toEqual([]);
  });

  it('keeps a long interval that started before the window and ends after it', () => {
    expect(cull(index, 60, 70)).toEqual([1]);
  });

  it('agrees with a brute-force check on random intervals', () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const starts = Array.from({ length: 300 }, () => Math.floor(rand() * 1000)).sort(
      (a, b) => a - b,
    );
    const ends = starts.map((s) => s + Math.floor(rand() * (rand() < 0.05 ? 500 : 20)));
    const idx = buildIntervalIndex(Float64Array.from(starts), Float64Array.from(ends));
    for (let k = 0; k < 50; k++) {
      const lo = Math.floor(rand() * 1100);
      const hi = lo + Math.floor(rand() * 100);
      const brute = starts
        .map((s, i) => i)
        .filter((i) => (ends[i] as number) >= lo && (starts[i] as number) <= hi);
      expect(cull(idx, lo, hi)).toEqual(brute);
    }
  });
});

describe('context and formatting', () => {
  it("reads a bridge's load as a step function of time, zero before its first step", () => {
    const series: [number, number][] = [
      [100, 500],
      [200, 8100],
      [300, 0],
    ];
    expect(loadAt(series, 50)).toBe(0);
    expect(loadAt(series, 100)).toBe(500);
    expect(loadAt(series, 250)).toBe(8100);
    expect(loadAt(series, 1000)).toBe(0);
  });

  it('formats virtual time with the precision the visible span needs, never six decimals of a second', () => {
    expect(formatTime(5_002_481, 1_000_000)).toBe('5.00 s');
    expect(formatTime(5_002_481, 1_000)).toBe('5 s 2.48 ms');
    expect(formatTime(5_002_481, 1)).toBe('5 s 2.481 ms');
    expect(formatRelative(7_500, 1)).toBe('+7.5 ms');
    expect(formatRelative(-120, 1)).toBe('-120 µs');
    expect(formatRelative(2_250_000, 1)).toBe('+2.25 s');
    expect(formatDuration(1500)).toBe('1.5 ms');
    expect(formatDuration(42)).toBe('42 µs');
  });

  it('tells which participant a browser node belongs to by id, label or a prefixed id', () => {
    const ps = ['userX', 'g007'];
    expect(matchBrowserParticipant({ id: 'userX', kind: 'browser', label: 'User X' }, ps)).toBe(
      'userX',
    );
    expect(
      matchBrowserParticipant({ id: 'browser:g007', kind: 'browser', label: 'Guest 7' }, ps),
    ).toBe('g007');
    expect(
      matchBrowserParticipant({ id: 'g0070', kind: 'browser', label: 'x' }, ps),
    ).toBeUndefined();
  });
});
