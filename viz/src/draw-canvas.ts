/**
 * Drawing arrows and marks on the canvas, culled to the visible window.
 *
 * Below a density threshold each message is an arrow (coloured by step, dashed for duplicates
 * and folded chains, ending in a cross when dropped); above it, messages are summed into
 * bands per pair of lifelines and pixel row. Returns what it drew so the overlay can label it
 * and the view can hit-test it. It draws no text (text is the SVG overlay's, as text nodes).
 */
import { DROP_COLOR, stepColor } from './colors.js';
import { arrowGeometry, cullRange, intersects, lowerBound, upperBound, type ArrowGeometry, type Lane } from './layout.js';
import type { Scene, SceneArrow } from './scene.js';

/** The pixel frame of one render: how positions map to y, and the visible window. */
export interface Frame {
  yOf: (p: number) => number;
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

export interface Band {
  x0: number;
  x1: number;
  y: number;
  h: number;
  count: number;
  step: number;
}

export interface ArrowDraw {
  mode: 'arrows' | 'bands';
  /** Indices into scene.arrows of every arrow in the window. */
  visible: number[];
  drawn: DrawnArrow[];
  bands: Band[];
}

/** Pixel height of one band row. */
export const BAND_PX = 3;

/** Geometry of a scene arrow in a frame. */
export function sceneArrowGeometry(a: SceneArrow, frame: Frame): ArrowGeometry {
  const x0 = (frame.lanes[a.fromLane] as Lane).x;
  const x1 = (frame.lanes[a.toLane] as Lane).x;
  return arrowGeometry(x0, x1, frame.yOf(a.p0), frame.yOf(a.p1), a.dropped, a.frac);
}

/** Adds an arrow's line to a path and its head (or cross) to another. */
export function traceArrow(line: Path2D | CanvasRenderingContext2D, head: Path2D | CanvasRenderingContext2D, g: ArrowGeometry): void {
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
export function traceCross(p: Path2D | CanvasRenderingContext2D, x: number, y: number, r = 4.5): void {
  p.moveTo(x - r, y - r);
  p.lineTo(x + r, y + r);
  p.moveTo(x - r, y + r);
  p.lineTo(x + r, y - r);
}

/** Indices of the scene arrows meeting the frame's window. */
export function visibleArrows(scene: Scene, frame: Frame): number[] {
  const [start, end] = cullRange(scene.arrowIndex, frame.lo, frame.hi);
  const out: number[] = [];
  for (let i = start; i < end; i++) if (intersects(scene.arrowIndex, i, frame.lo, frame.hi)) out.push(i);
  return out;
}

/** Sums visible arrows into bands per lane pair and pixel row. */
export function computeBands(scene: Scene, frame: Frame, visible: readonly number[]): Band[] {
  const nLanes = frame.lanes.length;
  const cells = new Map<number, { count: number; step: number }>();
  const rowOf = (y: number): number => Math.floor(y / BAND_PX);
  for (const i of visible) {
    const a = scene.arrows[i] as SceneArrow;
    const y = Math.max(frame.top, Math.min(frame.bottom, frame.yOf(a.p0)));
    const key = (rowOf(y) * nLanes + a.fromLane) * nLanes + a.toLane;
    const c = cells.get(key);
    if (c) c.count++;
    else cells.set(key, { count: 1, step: a.step });
  }
  const bands: Band[] = [];
  for (const [key, c] of cells) {
    const toLane = key % nLanes;
    const fromLane = Math.floor(key / nLanes) % nLanes;
    const row = Math.floor(key / (nLanes * nLanes));
    const xa = (frame.lanes[fromLane] as Lane).x;
    const xb = (frame.lanes[toLane] as Lane).x;
    bands.push({ x0: Math.min(xa, xb), x1: Math.max(xa, xb) + (xa === xb ? 12 : 0), y: row * BAND_PX, h: BAND_PX, count: c.count, step: c.step });
  }
  return bands;
}

export interface DrawOptions {
  /** Above this many visible arrows, draw bands. */
  bandThreshold: number;
  /** Messages a search matched (1) by message index, or null when there is no search. */
  highlight: Uint8Array | null;
}

/** Draws the visible arrows (or bands) of a scene. */
export function drawArrows(ctx: CanvasRenderingContext2D, scene: Scene, frame: Frame, opts: DrawOptions): ArrowDraw {
  const visible = visibleArrows(scene, frame);
  if (visible.length > opts.bandThreshold) {
    const bands = computeBands(scene, frame, visible);
    for (const b of bands) {
      ctx.globalAlpha = Math.min(0.85, 0.12 + 0.18 * Math.log2(1 + b.count));
      ctx.fillStyle = stepColor(b.step);
      ctx.fillRect(b.x0, b.y, b.x1 - b.x0, b.h - 0.5);
    }
    ctx.globalAlpha = 1;
    return { mode: 'bands', visible, drawn: [], bands };
  }
  // Batch by style: one path per (colour, dashed, dimmed) for lines, one for heads.
  const batches = new Map<string, { line: Path2D; head: Path2D; cross: Path2D; color: string; dashed: boolean; dim: boolean }>();
  const drawn: DrawnArrow[] = [];
  for (const i of visible) {
    const a = scene.arrows[i] as SceneArrow;
    const g = sceneArrowGeometry(a, frame);
    drawn.push({ i, g });
    const dim = opts.highlight !== null && opts.highlight[a.first.index] !== 1 && opts.highlight[a.last.index] !== 1;
    const color = stepColor(a.step);
    const key = `${color}|${a.dashed ? 1 : 0}|${dim ? 1 : 0}`;
    let b = batches.get(key);
    if (!b) {
      b = { line: new Path2D(), head: new Path2D(), cross: new Path2D(), color, dashed: a.dashed, dim };
      batches.set(key, b);
    }
    traceArrow(b.line, b.head, g);
    if (g.cross) traceCross(b.cross, g.cross.x, g.cross.y);
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
    ctx.strokeStyle = DROP_COLOR;
    ctx.lineWidth = 2;
    ctx.stroke(b.cross);
    ctx.lineWidth = 1.4;
  }
  ctx.globalAlpha = 1;
  return { mode: 'arrows', visible, drawn, bands: [] };
}

/** Indices of the scene marks inside the frame's window. */
export function visibleMarks(scene: Scene, frame: Frame): number[] {
  const start = lowerBound(scene.markP, frame.lo);
  const end = upperBound(scene.markP, frame.hi);
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/** Draws local marks as dots on their lifelines (small squares when there are very many). */
export function drawMarks(ctx: CanvasRenderingContext2D, scene: Scene, frame: Frame, highlight: Uint8Array | null): number[] {
  const visible = visibleMarks(scene, frame);
  const many = visible.length > 3000;
  for (const i of visible) {
    const m = scene.marks[i];
    if (!m) continue;
    const x = (frame.lanes[m.lane] as Lane).x;
    const y = frame.yOf(m.p);
    ctx.globalAlpha = highlight !== null && highlight[m.mark.index] !== 1 ? 0.15 : 1;
    ctx.fillStyle = stepColor(m.mark.step);
    if (many) {
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
      continue;
    }
    ctx.beginPath();
    ctx.arc(x, y, 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.2;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  return visible;
}
