/**
 * Bands: the level of detail of a zoomed-out view. Messages are summed per lifeline and band
 * row (BAND_PX world pixels tall) into shaded rectangles whose opacity says how many there are,
 * counted through the per-lane index (lane-index.ts). Pure counting; band-tiles.ts paints them.
 */
import type { Frame } from './draw-canvas.js';
import { countLaneRows, laneIndex } from './lane-index.js';
import { cullRange, type Lane } from './layout.js';
import type { Scene } from './scene.js';

/** A band: messages between two lifelines over a few pixel rows, drawn as one shaded rectangle. */
export interface Band {
  x0: number;
  x1: number;
  y: number;
  h: number;
  /** Messages in the band, and the opacity their density gives it (one of eight levels). */
  count: number;
  alpha: number;
  step: number;
}

/** Pixel height of one band row. */
export const BAND_PX = 3;

/**
 * Bands as one flat list of small integers, RUN_FIELDS per band (lane, first world row, rows
 * tall, count, step, opacity in eighths), in a buffer that is refilled rather than made again:
 * what a tile keeps, so that counting a zoom level's tiles makes no object per band and, once
 * the tiles' buffers are pooled (band-tiles.ts), no new array at all. A JS array of numbers
 * grown per tile was 39 MB of garbage over the benchmark's 80 whole-run frames, enough for two
 * or three young-generation collections of 15-55 ms each inside them (docs/performance.md).
 * band-tiles.ts writes pixels straight from it; `bandsOf` makes the Band objects when they are
 * asked for.
 */
export interface BandRuns {
  /** The numbers, RUN_FIELDS per band; only the first `length` are meaningful. */
  data: Float64Array;
  length: number;
}

/** Numbers per band in a BandRuns list. */
export const RUN_FIELDS = 6;

/** An empty run list with room for `bands` bands (it grows when it needs to). */
export function newRuns(bands = 256): BandRuns {
  return { data: new Float64Array(bands * RUN_FIELDS), length: 0 };
}

/** Doubles a run list's buffer, keeping its first `length` numbers; returns the new buffer. */
function grow(runs: BandRuns): Float64Array {
  const bigger = new Float64Array(Math.max(RUN_FIELDS * 64, runs.data.length * 2));
  bigger.set(runs.data.subarray(0, runs.length));
  runs.data = bigger;
  return bigger;
}

/** Appends one band to a run list, doubling its buffer when full. */
function pushRun(
  runs: BandRuns,
  lane: number,
  row: number,
  rows: number,
  count: number,
  step: number,
  level8: number,
): void {
  const n = runs.length;
  const d = n + RUN_FIELDS > runs.data.length ? grow(runs) : runs.data;
  d[n] = lane;
  d[n + 1] = row;
  d[n + 2] = rows;
  d[n + 3] = count;
  d[n + 4] = step;
  d[n + 5] = level8;
  runs.length = n + RUN_FIELDS;
}

/** Scratch cells of the dense count grid, reused by every count (cleared as they are read). */
let scratchCounts = new Uint32Array(0);
let scratchSteps = new Uint8Array(0);
let scratchUsed = new Uint8Array(0);

/**
 * Sums the arrows meeting positions [lo, hi] into bands per lifeline and pixel row: each arrow
 * counts on its sender's and its receiver's lane, so density shows on the lanes it concerns
 * instead of as a wall across every lane between them. Rows are counted in zoomed "world"
 * pixels (ya · p, without the pan offset), so one computation serves every pan at this zoom: a
 * band's screen y is its `y` plus the frame's `yb`.
 */
export function computeBands(scene: Scene, frame: Frame, lo: number, hi: number): Band[] {
  return bandsOf(countBands(scene, frame, lo, hi), frame.lanes);
}

/** The Band objects of a run list, on the given lanes. */
export function bandsOf(runs: BandRuns, lanes: readonly Lane[]): Band[] {
  const bands: Band[] = [];
  const d = runs.data;
  for (let i = 0; i < runs.length; i += RUN_FIELDS) {
    const l = lanes[d[i] as number] as Lane;
    const w = bandWidth(l);
    bands.push({
      x0: l.x - w / 2,
      x1: l.x + w / 2,
      y: (d[i + 1] as number) * BAND_PX,
      h: (d[i + 2] as number) * BAND_PX,
      count: d[i + 3] as number,
      step: d[i + 4] as number,
      alpha: (d[i + 5] as number) / 8,
    });
  }
  return bands;
}

/** A band's width on its lane, in pixels. */
export function bandWidth(lane: Lane): number {
  return Math.max(3, Math.min(16, lane.width * 0.7));
}

/**
 * computeBands' counting, as a run list: the bands of [lo, hi], or of its rows in
 * [rowFrom, rowTo) (world rows) when given, which is what one tile shows. They are written into
 * `into` (emptied first) when given, else into a new list.
 */
export function countBands(
  scene: Scene,
  frame: Frame,
  lo: number,
  hi: number,
  rowFrom = -Infinity,
  rowTo = Infinity,
  into: BandRuns = newRuns(),
): BandRuns {
  into.length = 0;
  const nLanes = frame.lanes.length;
  const { ya } = frame;
  const r0 = Math.floor((ya * lo) / BAND_PX);
  const rows = Math.max(1, Math.floor((ya * hi) / BAND_PX) - r0 + 1);
  const cellCount = rows * nLanes;
  // Small grids count in typed arrays; a very wide diagram (many lanes) falls back to a map.
  if (cellCount > 4_000_000)
    return countSparse(scene, frame, lo, hi, r0, rows, rowFrom, rowTo, into);
  if (scratchCounts.length < cellCount) {
    scratchCounts = new Uint32Array(cellCount);
    scratchSteps = new Uint8Array(cellCount);
  }
  if (scratchUsed.length < nLanes) scratchUsed = new Uint8Array(nLanes);
  const counts = scratchCounts;
  const steps = scratchSteps;
  const used = scratchUsed;
  // Level of detail: each lane's sorted starts, counted per row by binary search.
  const grid = { ya, lo, hi, r0, rows, rowPx: BAND_PX };
  countLaneRows(laneIndex(scene, nLanes), grid, counts, steps, (key) => {
    used[key % nLanes] = 1;
  });
  const out = into;
  // Neighbouring rows of one lane with the same shade and colour merge into one band.
  for (let lane = 0; lane < nLanes; lane++) {
    if (used[lane] !== 1) continue;
    used[lane] = 0;
    let start = -1;
    let sum = 0;
    let level = 0;
    let step = 0;
    for (let r = 0; r <= rows; r++) {
      const k = r * nLanes + lane;
      const c = r < rows ? (counts[k] as number) : 0;
      if (r < rows) counts[k] = 0;
      const lv = c > 0 ? bandAlpha(c) : 0;
      const st = c > 0 ? (steps[k] as number) : 0;
      if (start >= 0 && (lv !== level || st !== step)) {
        const row = start + r0;
        if (row >= rowFrom && row < rowTo) pushRun(out, lane, row, r - start, sum, step, level * 8);
        start = -1;
      }
      if (c > 0 && start < 0) {
        start = r;
        sum = 0;
        level = lv;
        step = st;
      }
      sum += c;
    }
  }
  return out;
}

/** countBands for a grid too large for typed arrays: one band per lane and row, from a map. */
function countSparse(
  scene: Scene,
  frame: Frame,
  lo: number,
  hi: number,
  r0: number,
  rows: number,
  rowFrom: number,
  rowTo: number,
  out: BandRuns,
): BandRuns {
  const nLanes = frame.lanes.length;
  const { ya } = frame;
  const map = new Map<number, { count: number; step: number }>();
  const used: number[] = [];
  const { p0, p1 } = scene.arrowIndex;
  const pair = scene.arrowPair;
  const stepOf = scene.arrowStep;
  const add = (key: number, step: number): void => {
    const c = map.get(key);
    if (c) c.count++;
    else {
      map.set(key, { count: 1, step });
      used.push(key);
    }
  };
  const [start, end] = cullRange(scene.arrowIndex, lo, hi);
  for (let i = start; i < end; i++) {
    const a0 = p0[i] as number;
    if ((p1[i] as number) < lo || a0 > hi) continue;
    let r = Math.floor((ya * a0) / BAND_PX) - r0;
    if (r < 0) r = 0;
    else if (r >= rows) r = rows - 1;
    const pr = pair[i] as number;
    const from = Math.floor(pr / nLanes);
    const to = pr % nLanes;
    add(r * nLanes + from, stepOf[i] as number);
    if (to !== from) add(r * nLanes + to, stepOf[i] as number);
  }
  for (const key of used) {
    const c = map.get(key);
    const count = c?.count ?? 0;
    const row = Math.floor(key / nLanes) + r0;
    if (row >= rowFrom && row < rowTo)
      pushRun(out, key % nLanes, row, 1, count, c?.step ?? 0, bandAlpha(count) * 8);
  }
  return out;
}

/** The opacity of a band of `count` messages, in one of eight levels (so bands batch well). */
export function bandAlpha(count: number): number {
  const a = Math.min(0.85, 0.12 + 0.18 * Math.log2(1 + count));
  return Math.round(a * 8) / 8;
}

/** The bands of a window's cache that show in the frame, moved to screen y (world y + pan). */
export function bandsOnScreen(
  bands: readonly Band[],
  frame: Frame,
  y0 = frame.top,
  y1 = frame.bottom,
): Band[] {
  const out: Band[] = [];
  for (const world of bands) {
    const y = world.y + frame.yb;
    if (y + world.h < y0 || y > y1) continue;
    out.push({ ...world, y });
  }
  return out;
}
