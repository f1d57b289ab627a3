/**
 * Drawing arrows and marks on the canvas, culled to the visible window.
 *
 * Below a density threshold each message is an arrow (coloured by step, dashed for duplicates
 * and folded chains, ending in a cross when dropped); above it (the level of detail of a
 * zoomed-out view), messages are summed into density bands per lifeline and pixel row.
 * Returns what it drew so the overlay can label it and the view can hit-test it. It draws no
 * text (text is the SVG overlay's, as text nodes).
 */
import { DROP_COLOR, stepColor } from './colors.js';
import { countLaneRows, laneIndex } from './lane-index.js';
import {
  type ArrowGeometry,
  arrowGeometry,
  cullRange,
  intersects,
  type Lane,
  lowerBound,
  upperBound,
} from './layout.js';
import type { Scene, SceneArrow } from './scene.js';

/** The pixel frame of one render: how positions map to y, and the visible window. */
export interface Frame {
  yOf: (p: number) => number;
  /** yOf(p) = ya * p + yb (the scale is linear), for the hot loops. */
  ya: number;
  yb: number;
  /** The visible window in position units. */
  lo: number;
  hi: number;
  /** Visible pixel rows of the diagram body. */
  top: number;
  bottom: number;
  lanes: Lane[];
}

export interface DrawnArrow {
  /** Index into scene.arrows. */
  i: number;
  g: ArrowGeometry;
}

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

export interface ArrowDraw {
  mode: 'arrows' | 'bands';
  /** Indices into scene.arrows of every arrow in the window (see `visibleIndices` for bands). */
  visible: number[];
  /**
   * The culling range the visible arrows lie in, and how many of it are visible (counted up to
   * one past the band threshold when bands are drawn).
   */
  range: [number, number];
  count: number;
  drawn: DrawnArrow[];
  /** The bands summed for this zoom, in world y: `bandsOnScreen` places them in a frame. */
  bands: Band[];
}

/** Half the size of a drop's cross, in pixels. */
export const DROP_CROSS_R = 6;

/** Pixel height of one band row. */
export const BAND_PX = 3;

/** Geometry of a scene arrow in a frame. */
export function sceneArrowGeometry(a: SceneArrow, frame: Frame): ArrowGeometry {
  const x0 = (frame.lanes[a.fromLane] as Lane).x;
  const x1 = (frame.lanes[a.toLane] as Lane).x;
  return arrowGeometry(x0, x1, frame.yOf(a.p0), frame.yOf(a.p1), a.dropped, a.frac);
}

/** Adds an arrow's line to a path and its head (or cross) to another. */
export function traceArrow(
  line: Path2D | CanvasRenderingContext2D,
  head: Path2D | CanvasRenderingContext2D,
  g: ArrowGeometry,
): void {
  if (g.self) {
    const loop = 22;
    line.moveTo(g.x0, g.y0);
    line.lineTo(g.x0 + loop, g.y0);
    line.lineTo(g.x0 + loop, g.y1);
    line.lineTo(g.x1 + (g.cross ? loop / 2 : 0), g.y1);
    if (!g.cross) {
      head.moveTo(g.x1, g.y1);
      head.lineTo(g.x1 + 7, g.y1 - 3.5);
      head.lineTo(g.x1 + 7, g.y1 + 3.5);
      head.closePath();
    }
    return;
  }
  line.moveTo(g.x0, g.y0);
  line.lineTo(g.x1, g.y1);
  if (!g.cross) {
    const ang = Math.atan2(g.y1 - g.y0, g.x1 - g.x0);
    const s = 7;
    head.moveTo(g.x1, g.y1);
    head.lineTo(g.x1 - s * Math.cos(ang - 0.42), g.y1 - s * Math.sin(ang - 0.42));
    head.lineTo(g.x1 - s * Math.cos(ang + 0.42), g.y1 - s * Math.sin(ang + 0.42));
    head.closePath();
  }
}

/** Adds a cross of half-size r at (x, y) to a path. */
export function traceCross(
  p: Path2D | CanvasRenderingContext2D,
  x: number,
  y: number,
  r = 4.5,
): void {
  p.moveTo(x - r, y - r);
  p.lineTo(x + r, y + r);
  p.moveTo(x - r, y + r);
  p.lineTo(x + r, y - r);
}

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

/** Fills bands (in screen y), one path per colour and opacity level. */
function fillBands(ctx: CanvasRenderingContext2D, bands: readonly Band[]): void {
  const batches = new Map<number, Path2D>();
  for (const b of bands) {
    const key = b.step * 16 + Math.round(b.alpha * 8);
    let p = batches.get(key);
    if (!p) {
      p = new Path2D();
      batches.set(key, p);
    }
    p.rect(b.x0, b.y, b.x1 - b.x0, b.h - (b.h > BAND_PX ? 0 : 1));
  }
  for (const [key, p] of batches) {
    ctx.globalAlpha = (key % 16) / 8;
    ctx.fillStyle = stepColor(Math.floor(key / 16));
    ctx.fill(p);
  }
  ctx.globalAlpha = 1;
}

interface BandCache {
  ya: number;
  lanes: Lane[];
  lo: number;
  hi: number;
  bands: Band[];
  /** The bands as last painted, and the pan (yb) they were painted at. */
  layer: HTMLCanvasElement | null;
  layerYb: number;
}

/**
 * Paints the bands onto the screen through a layer canvas. When only the pan changed by whole
 * pixels, the layer is scrolled and just the strip that came into view is painted; otherwise
 * it is painted afresh. Then the layer is copied to the screen.
 */
function paintBands(ctx: CanvasRenderingContext2D, c: BandCache, frame: Frame): void {
  const screen = ctx.canvas;
  const dpr = ctx.getTransform().a || 1;
  let layer = c.layer;
  if (!layer || layer.width !== screen.width || layer.height !== screen.height) {
    layer = document.createElement('canvas');
    layer.width = screen.width;
    layer.height = screen.height;
    c.layer = layer;
    c.layerYb = NaN;
  }
  const lctx = layer.getContext('2d') as CanvasRenderingContext2D;
  const dy = frame.yb - c.layerYb;
  const dyPx = dy * dpr;
  const height = frame.bottom - frame.top;
  const scroll =
    Number.isFinite(dy) && Math.abs(dy) < height / 2 && Math.abs(dyPx - Math.round(dyPx)) < 1e-3;
  // Only the diagram's rectangle is ever copied: the lifelines' span, the visible rows.
  const first = frame.lanes[0];
  const last = frame.lanes[frame.lanes.length - 1];
  const rx = Math.max(0, Math.floor(((first ? first.x - first.width / 2 : 0) - 4) * dpr));
  const rw = Math.min(
    layer.width - rx,
    Math.ceil(((last ? last.x + last.width / 2 : 0) + 40) * dpr) - rx,
  );
  const ry = Math.max(0, Math.floor(frame.top * dpr) - 2);
  const rh = Math.min(layer.height - ry, Math.ceil(frame.bottom * dpr) + 2 - ry);
  lctx.setTransform(1, 0, 0, 1, 0, 0);
  if (scroll && dy !== 0) {
    const d = Math.round(dyPx);
    lctx.save();
    lctx.beginPath();
    lctx.rect(rx, ry, rw, rh);
    lctx.clip();
    // "copy" replaces what was there (inside the clip) instead of painting over it.
    lctx.globalCompositeOperation = 'copy';
    lctx.drawImage(layer, rx, ry, rw, rh, rx, ry + d, rw, rh);
    lctx.restore();
  } else if (!scroll) {
    lctx.clearRect(0, 0, layer.width, layer.height);
  }
  lctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (!scroll) fillBands(lctx, bandsOnScreen(c.bands, frame));
  else if (dy !== 0) {
    // Paint the strip that scrolled into view.
    const y0 = dy > 0 ? frame.top : frame.bottom + dy;
    const y1 = dy > 0 ? frame.top + dy : frame.bottom;
    lctx.save();
    lctx.beginPath();
    lctx.rect(0, y0, layer.width / dpr, y1 - y0);
    lctx.clip();
    lctx.clearRect(0, y0, layer.width / dpr, y1 - y0);
    fillBands(lctx, bandsOnScreen(c.bands, frame, y0 - BAND_PX, y1 + BAND_PX));
    lctx.restore();
  }
  c.layerYb = frame.yb;
  ctx.drawImage(layer, rx, ry, rw, rh, rx / dpr, ry / dpr, rw / dpr, rh / dpr);
}

const bandCache = new WeakMap<Scene, BandCache>();

export interface DrawOptions {
  /** Above this many visible arrows, draw bands. */
  bandThreshold: number;
  /** Messages a search matched (1) by message index, or null when there is no search. */
  highlight: Uint8Array | null;
}

/** Draws the visible arrows (or bands) of a scene. */
export function drawArrows(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  frame: Frame,
  opts: DrawOptions,
): ArrowDraw {
  const [start, end] = cullRange(scene.arrowIndex, frame.lo, frame.hi);
  const { p0, p1 } = scene.arrowIndex;
  let count = 0;
  // Counting stops once past the threshold: zoomed out on the whole run, bands are drawn anyway.
  for (let i = start; i < end && count <= opts.bandThreshold; i++)
    if ((p1[i] as number) >= frame.lo && (p0[i] as number) <= frame.hi) count++;
  if (count > opts.bandThreshold) {
    // Bands are summed for the window and a screen's height either side, once per zoom level:
    // panning within that span and redrawing (hover, selection) reuse them.
    let c = bandCache.get(scene);
    const fresh =
      c !== undefined &&
      c.ya === frame.ya &&
      c.lanes === frame.lanes &&
      frame.lo >= c.lo &&
      frame.hi <= c.hi;
    if (!fresh || !c) {
      const span = frame.hi - frame.lo;
      const lo = frame.lo - span;
      const hi = frame.hi + span;
      c = {
        ya: frame.ya,
        lanes: frame.lanes,
        lo,
        hi,
        bands: computeBands(scene, frame, lo, hi),
        layer: c?.layer ?? null,
        layerYb: NaN,
      };
      bandCache.set(scene, c);
    }
    paintBands(ctx, c, frame);
    return { mode: 'bands', visible: [], range: [start, end], count, drawn: [], bands: c.bands };
  }
  const visible: number[] = [];
  for (let i = start; i < end; i++)
    if (intersects(scene.arrowIndex, i, frame.lo, frame.hi)) visible.push(i);
  // Batch by style: one path per (step colour, dashed, dimmed) for lines, one for heads.
  const batches = new Map<
    number,
    { line: Path2D; head: Path2D; color: string; dashed: boolean; dim: boolean }
  >();
  const crosses = new Path2D();
  const drawn: DrawnArrow[] = [];
  for (const i of visible) {
    const a = scene.arrows[i] as SceneArrow;
    const g = sceneArrowGeometry(a, frame);
    drawn.push({ i, g });
    const dim =
      opts.highlight !== null &&
      opts.highlight[a.first.index] !== 1 &&
      opts.highlight[a.last.index] !== 1;
    const key = a.step * 4 + (a.dashed ? 2 : 0) + (dim ? 1 : 0);
    let b = batches.get(key);
    if (!b) {
      b = {
        line: new Path2D(),
        head: new Path2D(),
        color: stepColor(a.step),
        dashed: a.dashed,
        dim,
      };
      batches.set(key, b);
    }
    traceArrow(b.line, b.head, g);
    if (g.cross) traceCross(crosses, g.cross.x, g.cross.y, DROP_CROSS_R);
  }
  ctx.lineWidth = 1.4;
  for (const b of batches.values()) {
    ctx.globalAlpha = b.dim ? 0.15 : 1;
    ctx.strokeStyle = b.color;
    ctx.fillStyle = b.color;
    ctx.setLineDash(b.dashed ? [5, 4] : []);
    ctx.stroke(b.line);
    ctx.setLineDash([]);
    ctx.fill(b.head);
  }
  // Drop crosses go over every arrow and arrowhead, with a white halo so none hides them.
  ctx.globalAlpha = 1;
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 5;
  ctx.stroke(crosses);
  ctx.strokeStyle = DROP_COLOR;
  ctx.lineWidth = 2.5;
  ctx.stroke(crosses);
  ctx.lineCap = 'butt';
  ctx.lineWidth = 1.4;
  return { mode: 'arrows', visible, range: [start, end], count, drawn, bands: [] };
}

/** Indices of the scene marks inside the frame's window. */
export function visibleMarks(scene: Scene, frame: Frame): number[] {
  const start = lowerBound(scene.markP, frame.lo);
  const end = upperBound(scene.markP, frame.hi);
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/** Above this many marks in the window, marks are not drawn one by one (they would be a smear). */
export const MARK_LIMIT = 3000;

/**
 * Draws local marks as dots on their lifelines; above MARK_LIMIT in the window it draws none
 * and returns none (the view is in bands then, and marks could not be told apart anyway).
 */
export function drawMarks(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  frame: Frame,
  highlight: Uint8Array | null,
): number[] {
  const all = visibleMarks(scene, frame);
  const visible = all.length > MARK_LIMIT ? [] : all;
  const many = false;
  const batches = new Map<number, Path2D>();
  for (const i of visible) {
    const m = scene.marks[i];
    if (!m) continue;
    const x = (frame.lanes[m.lane] as Lane).x;
    const y = frame.ya * m.p + frame.yb;
    const key =
      (m.mark.step ?? 0) * 2 + (highlight !== null && highlight[m.mark.index] !== 1 ? 1 : 0);
    let p = batches.get(key);
    if (!p) {
      p = new Path2D();
      batches.set(key, p);
    }
    if (many) p.rect(x - 1.5, y - 1.5, 3, 3);
    else {
      p.moveTo(x + 4.5, y);
      p.arc(x, y, 4.5, 0, Math.PI * 2);
    }
  }
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.2;
  for (const [key, p] of batches) {
    ctx.globalAlpha = key % 2 === 1 ? 0.15 : 1;
    ctx.fillStyle = stepColor(Math.floor(key / 2));
    ctx.fill(p);
    if (!many) ctx.stroke(p);
  }
  ctx.globalAlpha = 1;
  return visible;
}
