/**
 * Lifeline state strips: a crashed node's lifeline drawn dead (grey, hatched) from its crash to
 * its restart, and a browser's limbo (step 8 to the end of step 11) as an amber strip, as
 * OMNeT++'s sequence chart draws module state on its axes. Positions come from the scene;
 * this file only paints them on the canvas.
 */
import { DEAD_COLOR, LIMBO_COLOR } from './colors.js';
import type { Frame } from './draw-canvas.js';
import type { Lane } from './layout.js';

/** A state strip of one lane, in position units. */
export interface Strip {
  lane: number;
  p0: number;
  p1: number;
  kind: 'dead' | 'limbo';
  /** What the strip is about (a node id, or a move), for the tooltip. */
  about: string;
}

/** A strip's rectangle on screen (x of its lane, rows y0 to y1), or null when it is not shown. */
function placed(s: Strip, frame: Frame): { lane: Lane; y0: number; y1: number } | null {
  if (s.p1 < frame.lo || s.p0 > frame.hi) return null;
  const lane = frame.lanes[s.lane] as Lane | undefined;
  if (!lane || lane.hidden) return null;
  const y0 = Math.max(frame.top - 2, frame.yOf(s.p0));
  const y1 = Math.min(frame.bottom + 2, Math.max(frame.yOf(s.p1), y0 + 2));
  return { lane, y0, y1 };
}

/**
 * Per lane, the limbo strip being merged (x, top, bottom), whether it is open in the current
 * paint (its stamp), and the lanes in the order their first strip opened: scratch reused by
 * every paint, grown to the lane count.
 */
let openX = new Float64Array(0);
let openY0 = new Float64Array(0);
let openY1 = new Float64Array(0);
let openStamp = new Uint32Array(0);
let openOrder = new Int32Array(0);
let stamp = 0;

/** Makes the scratch fit `n` lanes and starts a new paint (a new stamp). */
function startPaint(n: number): void {
  if (openStamp.length < n || stamp >= 0xffffffff) {
    const size = Math.max(n, openStamp.length);
    openX = new Float64Array(size);
    openY0 = new Float64Array(size);
    openY1 = new Float64Array(size);
    openStamp = new Uint32Array(size);
    openOrder = new Int32Array(size);
    stamp = 0;
  }
  stamp++;
}

/**
 * Paints the strips that meet the frame's window, dead lifelines first and limbo over them;
 * returns how many it painted. Limbo strips are one path filled once, and strips of a lane that
 * overlap on screen are merged first: zoomed out over a large run, thousands of them fall on a
 * few pixel rows of the same lanes. The limbo loop makes no object per strip (a frame over the
 * large run meets about 10,000 of them; see docs/performance.md).
 */
export function drawStrips(
  ctx: CanvasRenderingContext2D,
  strips: readonly Strip[],
  frame: Frame,
): number {
  let n = 0;
  for (const s of strips) {
    if (s.kind !== 'dead') continue;
    const r = placed(s, frame);
    if (r === null) continue;
    n++;
    drawDead(ctx, r.lane, r.y0, r.y1);
  }
  const { lo, hi, top, bottom, lanes } = frame;
  startPaint(lanes.length);
  let opened = 0;
  ctx.beginPath();
  for (const s of strips) {
    if (s.kind !== 'limbo' || s.p1 < lo || s.p0 > hi) continue;
    const l = s.lane;
    const lane = lanes[l] as Lane | undefined;
    if (!lane || lane.hidden) continue;
    // As `placed`: clipped to the body, at least two pixels tall.
    const y0 = Math.max(top - 2, frame.yOf(s.p0));
    const y1 = Math.min(bottom + 2, Math.max(frame.yOf(s.p1), y0 + 2));
    n++;
    if (openStamp[l] === stamp) {
      const a = openY0[l] as number;
      const b = openY1[l] as number;
      if (y0 <= b + 1 && y1 >= a - 1) {
        openY0[l] = Math.min(a, y0);
        openY1[l] = Math.max(b, y1);
        continue;
      }
      ctx.rect((openX[l] as number) - 2.5, a, 5, b - a);
    } else {
      openStamp[l] = stamp;
      openOrder[opened++] = l;
    }
    openX[l] = lane.x;
    openY0[l] = y0;
    openY1[l] = y1;
  }
  for (let i = 0; i < opened; i++) {
    const l = openOrder[i] as number;
    const a = openY0[l] as number;
    ctx.rect((openX[l] as number) - 2.5, a, 5, (openY1[l] as number) - a);
  }
  if (opened > 0) {
    ctx.fillStyle = LIMBO_COLOR;
    ctx.globalAlpha = 0.75;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  return n;
}

/** A crashed node's lifeline from y0 to y1: grey, hatched. */
function drawDead(ctx: CanvasRenderingContext2D, lane: Lane, y0: number, y1: number): void {
  const w = Math.min(16, Math.max(6, lane.width * 0.3));
  ctx.fillStyle = DEAD_COLOR;
  ctx.globalAlpha = 0.22;
  ctx.fillRect(lane.x - w / 2, y0, w, y1 - y0);
  ctx.globalAlpha = 0.6;
  ctx.strokeStyle = DEAD_COLOR;
  ctx.lineWidth = 1;
  ctx.save();
  ctx.beginPath();
  ctx.rect(lane.x - w / 2, y0, w, y1 - y0);
  ctx.clip();
  ctx.beginPath();
  for (let y = y0 - w; y < y1 + w; y += 6) {
    ctx.moveTo(lane.x - w / 2, y + w);
    ctx.lineTo(lane.x + w / 2, y);
  }
  ctx.stroke();
  ctx.restore();
  ctx.globalAlpha = 1;
}
