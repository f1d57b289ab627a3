/**
 * Layout: the pure geometry of a sequence diagram.
 *
 * Where each lifeline goes (node → x), where each event goes in "position" units (virtual time
 * in true-time mode, row number in compact mode), how positions map to time and back, where
 * virtual time jumps in compact mode, an arrow's geometry, and culling to a visible window.
 * Nothing here touches the DOM or draws; scales from positions to pixels live in the view.
 */
import type { TraceNode } from '../../sim/engine/trace.js';

/** One lifeline column: a node, the group of all browsers, or a hidden (folded) seam. */
export interface Lane {
  key: string;
  label: string;
  kind: string;
  nodeIds: string[];
  /** Centre of the lane, in pixels from the left of the diagram. */
  x: number;
  width: number;
  hidden: boolean;
  group: boolean;
}

export interface LaneOptions {
  /** Lane keys (node ids, or "browsers" for the group) that are hidden. */
  hidden: ReadonlySet<string>;
  groupBrowsers: boolean;
  /** Left edge and width available to lifelines, in pixels. */
  left: number;
  width: number;
  minLaneWidth?: number;
  seamWidth?: number;
  /**
   * When given, only these nodes get a lifeline (the nodes a filter leaves events on); absent:
   * every node.
   */
  only?: ReadonlySet<string> | undefined;
}

export interface LaneLayout {
  lanes: Lane[];
  /** Lane index of every node. */
  laneOf: Map<string, number>;
  /** Right edge of the last lane. */
  right: number;
}

/** The key of the lane that groups all browsers. */
export const BROWSER_GROUP = 'browsers';

/** Lays out lifelines left to right in the given node order, grouping browsers if asked. */
export function layoutLanes(nodes: readonly TraceNode[], opts: LaneOptions): LaneLayout {
  const minLane = opts.minLaneWidth ?? 8;
  const seam = opts.seamWidth ?? 14;
  const proto: Omit<Lane, 'x' | 'width'>[] = [];
  let group: Omit<Lane, 'x' | 'width'> | null = null;
  for (const n of nodes) {
    if (opts.only && !opts.only.has(n.id)) continue;
    if (opts.groupBrowsers && n.kind === 'browser') {
      if (group === null) {
        group = {
          key: BROWSER_GROUP,
          label: '',
          kind: 'browser',
          nodeIds: [],
          hidden: opts.hidden.has(BROWSER_GROUP),
          group: true,
        };
        proto.push(group);
      }
      group.nodeIds.push(n.id);
      continue;
    }
    proto.push({
      key: n.id,
      label: n.label,
      kind: n.kind,
      nodeIds: [n.id],
      hidden: opts.hidden.has(n.id),
      group: false,
    });
  }
  if (group) group.label = `browsers (${group.nodeIds.length})`;
  const shown = proto.filter((l) => !l.hidden).length;
  const seams = proto.length - shown;
  const room = opts.width - seams * seam;
  let laneWidth = shown > 0 ? Math.max(minLane, room / shown) : minLane;
  // When lanes get narrow (many browsers side by side), the servers keep a readable width
  // and the browsers share what is left.
  const serverMin = 64;
  const servers = proto.filter((l) => !l.hidden && l.kind !== 'browser').length;
  const browsers = shown - servers;
  let browserWidth = laneWidth;
  const browserMin = Math.min(minLane, 2);
  if (
    laneWidth < serverMin &&
    browsers > 0 &&
    room - servers * serverMin >= browsers * browserMin
  ) {
    laneWidth = serverMin;
    browserWidth = (room - servers * serverMin) / browsers;
  }
  const lanes: Lane[] = [];
  const laneOf = new Map<string, number>();
  let x = opts.left;
  proto.forEach((p, i) => {
    const w = p.hidden ? seam : p.kind === 'browser' ? browserWidth : laneWidth;
    lanes.push({ ...p, x: x + w / 2, width: w });
    for (const id of p.nodeIds) laneOf.set(id, i);
    x += w;
  });
  return { lanes, laneOf, right: x };
}

/** The x of a node's lifeline, or NaN when the node has no lane. */
export function nodeX(layout: LaneLayout, node: string): number {
  const i = layout.laneOf.get(node);
  return i === undefined ? NaN : (layout.lanes[i] as Lane).x;
}

/** Compact-mode rows: the shown events in seq order, each one row, with its time. */
export interface Rows {
  seqs: Float64Array;
  times: Float64Array;
}

/** Builds compact-mode rows from (seq, t) pairs; they are sorted by seq here. */
export function compactRows(events: readonly { seq: number; t: number }[]): Rows {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const seqs = new Float64Array(sorted.length);
  const times = new Float64Array(sorted.length);
  sorted.forEach((e, i) => {
    seqs[i] = e.seq;
    times[i] = e.t;
  });
  return { seqs, times };
}

/** First index i of a sorted array with a[i] >= v (a.length if none). */
export function lowerBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i of a sorted array with a[i] > v (a.length if none). */
export function upperBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The row of an event by seq in compact mode, or -1 when the event has no row. */
export function rowOfSeq(rows: Rows, seq: number): number {
  const i = lowerBound(rows.seqs, seq);
  return i < rows.seqs.length && rows.seqs[i] === seq ? i : -1;
}

/**
 * Time → position in compact mode: the first row at that time, or a point between the rows
 * around it, in proportion to time; before the first row it is 0, after the last the last row.
 */
export function timeToRow(rows: Rows, t: number): number {
  const n = rows.times.length;
  if (n === 0) return 0;
  const i = lowerBound(rows.times, t);
  if (i >= n) return n - 1;
  if (rows.times[i] === t || i === 0) return i;
  const ta = rows.times[i - 1] as number;
  const tb = rows.times[i] as number;
  return i - 1 + (t - ta) / (tb - ta);
}

/** Position → time in compact mode (the inverse of timeToRow between rows). */
export function rowToTime(rows: Rows, p: number): number {
  const n = rows.times.length;
  if (n === 0) return 0;
  if (p <= 0) return rows.times[0] as number;
  if (p >= n - 1) return rows.times[n - 1] as number;
  const i = Math.floor(p);
  const ta = rows.times[i] as number;
  const tb = rows.times[i + 1] as number;
  return ta + (p - i) * (tb - ta);
}

/** A place in compact mode where virtual time jumps by `dt` between two rows. */
export interface Jump {
  p: number;
  dt: number;
}

/** The default size of a time jump worth marking: ten times the median gap, at least 1 ms. */
export function defaultJumpThreshold(rows: Rows): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.times.length; i++) {
    const g = (rows.times[i] as number) - (rows.times[i - 1] as number);
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return Infinity;
  gaps.sort((a, b) => a - b);
  return Math.max(1000, 10 * (gaps[gaps.length >> 1] as number));
}

/** The jumps of virtual time between consecutive rows of at least `threshold` microseconds. */
export function timeJumps(rows: Rows, threshold: number): Jump[] {
  const out: Jump[] = [];
  for (let i = 1; i < rows.times.length; i++) {
    const dt = (rows.times[i] as number) - (rows.times[i - 1] as number);
    if (dt >= threshold) out.push({ p: i - 0.5, dt });
  }
  return out;
}

/** Where a dropped message's arrow ends along its way, as a fraction from sender to receiver. */
export function dropFraction(tSend: number, tDrop: number, deliverAt: number): number {
  const f = deliverAt > tSend ? (tDrop - tSend) / (deliverAt - tSend) : 1;
  // Even a drop at the send instant shows which way the message was going.
  return Math.min(1, Math.max(0.4, f));
}

/** The drawn shape of an arrow, in pixels. A self-message is a loop to the right. */
export interface ArrowGeometry {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  self: boolean;
  /** Where the cross of a dropped message goes. */
  cross: { x: number; y: number } | null;
}

/**
 * The geometry of an arrow from lifeline xFrom at y0 to lifeline xTo at y1; a dropped message
 * stops at `fraction` of the way, at its drop time y1, and ends in a cross.
 */
export function arrowGeometry(
  xFrom: number,
  xTo: number,
  y0: number,
  y1: number,
  dropped: boolean,
  fraction = 1,
): ArrowGeometry {
  const self = xFrom === xTo;
  const x1 = self ? xTo : xFrom + (xTo - xFrom) * (dropped ? fraction : 1);
  return { x0: xFrom, y0, x1, y1, self, cross: dropped ? { x: x1, y: y1 } : null };
}

/** Distance in pixels from a point to a segment (for hovering). */
export function distanceToSegment(
  px: number,
  py: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
  const cx = x0 + u * dx;
  const cy = y0 + u * dy;
  return Math.hypot(px - cx, py - cy);
}

/** An index of intervals [p0, p1] sorted by p0, for culling to a window. */
export interface IntervalIndex {
  p0: Float64Array;
  p1: Float64Array;
  /** Running maximum of p1: maxP1[i] = max(p1[0..i]). */
  maxP1: Float64Array;
}

/** Builds an interval index; `p0` must be sorted ascending. */
export function buildIntervalIndex(p0: Float64Array, p1: Float64Array): IntervalIndex {
  const maxP1 = new Float64Array(p1.length);
  let m = -Infinity;
  for (let i = 0; i < p1.length; i++) {
    const v = Math.max(p1[i] as number, p0[i] as number);
    if (v > m) m = v;
    maxP1[i] = m;
  }
  return { p0, p1, maxP1 };
}

/**
 * The index range [start, end) that holds every interval meeting the window [lo, hi]; an
 * interval in the range still meets it only if its own end is >= lo (see `intersects`).
 */
export function cullRange(index: IntervalIndex, lo: number, hi: number): [number, number] {
  const start = lowerBound(index.maxP1, lo);
  const end = upperBound(index.p0, hi);
  return [start, Math.max(start, end)];
}

/** True when interval i of the index meets the window [lo, hi]. */
export function intersects(index: IntervalIndex, i: number, lo: number, hi: number): boolean {
  const a = index.p0[i] as number;
  const b = Math.max(a, index.p1[i] as number);
  return b >= lo && a <= hi;
}

/** The indices of all intervals meeting the window [lo, hi], in order. */
export function cull(index: IntervalIndex, lo: number, hi: number): number[] {
  const [start, end] = cullRange(index, lo, hi);
  const out: number[] = [];
  for (let i = start; i < end; i++) if (intersects(index, i, lo, hi)) out.push(i);
  return out;
}
