/**
 * Drawing arrows and marks on the canvas, culled to the visible window.
 *
 * Below a density threshold each message is an arrow (coloured by step, dashed for duplicates
 * and folded chains, ending in a cross when dropped); above it (the level of detail of a
 * zoomed-out view), messages are summed into density bands per lifeline and pixel row
 * (bands.ts), painted into tiles once per zoom level and copied on pan (band-tiles.ts).
 * Returns what it drew so the overlay can label it and the view can hit-test it. It draws no
 * text (text is the SVG overlay's, as text nodes).
 */
import { drawBandTiles } from './band-tiles.js';
import type { Band } from './bands.js';
import { DROP_COLOR, stepColor } from './colors.js';
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
  /**
   * The bands shown, in world y: `bandsOnScreen` places them in a frame (made on first read).
   */
  readonly bands: Band[];
}

/** Half the size of a drop's cross, in pixels. */
export const DROP_CROSS_R = 6;

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

export interface DrawOptions {
  /** Above this many visible arrows, draw bands. */
  bandThreshold: number;
  /** Messages a search matched (1) by message index, or null when there is no search. */
  highlight: Uint8Array | null;
  /**
   * What lies under the arrows (state strips): drawn before arrows, and after bands (whose
   * tiles replace the pixels under them).
   */
  underlay?: () => void;
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
    // Bands come from tiles counted and painted once per zoom level, then only copied on pan.
    const bandsShown = drawBandTiles(ctx, scene, frame);
    opts.underlay?.();
    let bands: Band[] | undefined;
    return {
      mode: 'bands',
      visible: [],
      range: [start, end],
      count,
      drawn: [],
      // Made when first read (an export, a test): a frame itself needs only the tiles' pixels.
      get bands(): Band[] {
        return (bands ??= bandsShown());
      },
    };
  }
  opts.underlay?.();
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
