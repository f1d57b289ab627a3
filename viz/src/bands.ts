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
 * Sums the arrows meeting positions [lo, hi] into bands per lifeline and pixel row: each arrow
 * counts on its sender's and its receiver's lane, so density shows on the lanes it concerns
 * instead of as a wall across every lane between them. Rows are counted in zoomed "world"
 * pixels (ya · p, without the pan offset), so one computation serves every pan at this zoom: a
 * band's screen y is its `y` plus the frame's `yb`.
 */
export function computeBands(scene: Scene, frame: Frame, lo: number, hi: number): Band[] {
  const nLanes = frame.lanes.length;
  const { ya } = frame;
  const r0 = Math.floor((ya * lo) / BAND_PX);
  const rows = Math.max(1, Math.floor((ya * hi) / BAND_PX) - r0 + 1);
  const cellCount = rows * nLanes;
  // Small grids count in a typed array; a very wide diagram (many lanes) falls back to a map.
  const dense = cellCount <= 4_000_000;
  const counts = dense ? new Uint32Array(cellCount) : null;
  const steps = dense ? new Uint8Array(cellCount) : null;
  const map = dense ? null : new Map<number, { count: number; step: number }>();
  const used: number[] = [];
  const { p0, p1 } = scene.arrowIndex;
  const pair = scene.arrowPair;
  const stepOf = scene.arrowStep;
  const add = (key: number, step: number): void => {
    if (counts && steps) {
      if (counts[key] === 0) {
        used.push(key);
        steps[key] = step;
      }
      counts[key] = (counts[key] as number) + 1;
    } else if (map) {
      const c = map.get(key);
      if (c) c.count++;
      else {
        map.set(key, { count: 1, step });
        used.push(key);
      }
    }
  };
  if (counts && steps) {
    // Level of detail: each lane's sorted starts, counted per row by binary search.
    const grid = { ya, lo, hi, r0, rows, rowPx: BAND_PX };
    countLaneRows(laneIndex(scene, nLanes), grid, counts, steps, (key) => used.push(key));
  }
  const [start, end] = counts ? [0, 0] : cullRange(scene.arrowIndex, lo, hi);
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
  const bands: Band[] = [];
  const bandOf = (
    lane: number,
    row: number,
    rowsTall: number,
    count: number,
    step: number,
    alpha: number,
  ): Band => {
    const l = frame.lanes[lane] as Lane;
    const w = Math.max(3, Math.min(16, l.width * 0.7));
    return {
      x0: l.x - w / 2,
      x1: l.x + w / 2,
      y: (row + r0) * BAND_PX,
      h: rowsTall * BAND_PX,
      count,
      step,
      alpha,
    };
  };
  if (counts && steps) {
    // Neighbouring rows of one lane with the same shade and colour merge into one band.
    const lanesUsed = new Set<number>();
    for (const key of used) lanesUsed.add(key % nLanes);
    for (const lane of lanesUsed) {
      let start = -1;
      let sum = 0;
      let level = 0;
      let step = 0;
      for (let r = 0; r <= rows; r++) {
        const k = r * nLanes + lane;
        const c = r < rows ? (counts[k] as number) : 0;
        const lv = c > 0 ? bandAlpha(c) : 0;
        const st = c > 0 ? (steps[k] as number) : 0;
        if (start >= 0 && (lv !== level || st !== step)) {
          bands.push(bandOf(lane, start, r - start, sum, step, level));
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
    return bands;
  }
  for (const key of used) {
    const c = map?.get(key);
    const count = c?.count ?? 0;
    bands.push(
      bandOf(key % nLanes, Math.floor(key / nLanes), 1, count, c?.step ?? 0, bandAlpha(count)),
    );
  }
  return bands;
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
