/**
 * Context lanes beside the lifelines: each call bridge's load over time, with lines at the
 * new- and existing-conference thresholds. Drawn on the canvas, culled to the visible window.
 * (The invariant lane is SVG, in overlay.ts, because its marks are clicked.)
 */
import type { Columns } from './columns.js';
import type { Frame } from './draw-canvas.js';
import { upperBound } from './layout.js';
import type { Model } from './model.js';
import type { Scene } from './scene.js';

/** Full scale of a load lane, in basis points (100 %). */
export const LOAD_FULL = 10000;

const timesCache = new WeakMap<readonly [number, number][], Float64Array>();

/** The times of a load series, computed once per series. */
function timesOf(series: readonly [number, number][]): Float64Array {
  let t = timesCache.get(series);
  if (!t) {
    t = Float64Array.from(series, (p) => p[0]);
    timesCache.set(series, t);
  }
  return t;
}

/** A bridge's load (basis points) at time t from its series of [t, load] steps; 0 before it. */
export function loadAt(series: readonly [number, number][], t: number): number {
  const i = upperBound(timesOf(series), t) - 1;
  return i >= 0 ? (series[i] as [number, number])[1] : 0;
}

/** Draws every load lane of the columns. */
export function drawLoadLanes(
  ctx: CanvasRenderingContext2D,
  model: Model,
  scene: Scene,
  frame: Frame,
  cols: Columns,
): void {
  const tLo = scene.pToTime(frame.lo);
  const tHi = scene.pToTime(frame.hi);
  for (const col of cols.load) {
    const series = model.loadSeries.get(col.bridge);
    if (!series) continue;
    const w = col.x1 - col.x0;
    const xOf = (v: number): number =>
      col.x0 + (Math.min(Math.max(v, 0), LOAD_FULL * 1.2) / (LOAD_FULL * 1.2)) * w;
    ctx.fillStyle = '#f3f4f6';
    ctx.fillRect(col.x0, frame.top, w, frame.bottom - frame.top);
    // The steps in the window, plus the one in force at its start.
    const times = timesOf(series);
    const start = Math.max(0, upperBound(times, tLo) - 1);
    const end = Math.min(series.length, upperBound(times, tHi) + 1);
    const path = new Path2D();
    path.moveTo(col.x0, frame.top);
    let lastX = col.x0;
    let lastY = frame.top;
    // Level of detail: the steps within one pixel row are drawn as that row's peak, then the
    // load in force at its end (zoomed out on the large run, thousands of steps share a row).
    let row = NaN;
    let peak = 0;
    for (let i = start; i < end; i++) {
      const [t, v] = series[i] as [number, number];
      const y = Math.max(frame.top, Math.min(frame.bottom, frame.yOf(scene.timeToP(t))));
      const x = xOf(v);
      if (Math.round(y) === row) {
        if (x > peak) peak = x;
        lastX = x;
        continue;
      }
      if (peak > lastX) path.lineTo(peak, lastY);
      path.lineTo(lastX, lastY);
      path.lineTo(lastX, y);
      row = Math.round(y);
      lastY = y;
      lastX = peak = x;
    }
    if (peak > lastX) path.lineTo(peak, lastY);
    path.lineTo(lastX, lastY);
    if (lastY < frame.bottom) path.lineTo(lastX, frame.bottom);
    path.lineTo(col.x0, frame.bottom);
    path.closePath();
    ctx.fillStyle = 'rgba(29, 78, 216, 0.28)';
    ctx.fill(path);
    if (model.thresholds) {
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#b45309';
      ctx.beginPath();
      const xn = Math.round(xOf(model.thresholds.newLimit)) + 0.5;
      ctx.moveTo(xn, frame.top);
      ctx.lineTo(xn, frame.bottom);
      ctx.stroke();
      ctx.strokeStyle = '#b91c1c';
      ctx.beginPath();
      const xe = Math.round(xOf(model.thresholds.existingLimit)) + 0.5;
      ctx.moveTo(xe, frame.top);
      ctx.lineTo(xe, frame.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
}
