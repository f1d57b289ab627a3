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
 * Paints the strips that meet the frame's window, dead lifelines first and limbo over them;
 * returns how many it painted. Limbo strips are one path filled once, and strips of a lane that
 * overlap on screen are merged first: zoomed out over a large run, thousands of them fall on a
 * few pixel rows of the same lanes.
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
  // Per lane, the strip being merged: [x, y0, y1].
  const open = new Map<number, [number, number, number]>();
  ctx.beginPath();
  for (const s of strips) {
    if (s.kind !== 'limbo') continue;
    const r = placed(s, frame);
    if (r === null) continue;
    n++;
    const run = open.get(s.lane);
    if (run !== undefined && r.y0 <= run[2] + 1 && r.y1 >= run[1] - 1) {
      run[1] = Math.min(run[1], r.y0);
      run[2] = Math.max(run[2], r.y1);
      continue;
    }
    if (run !== undefined) ctx.rect(run[0] - 2.5, run[1], 5, run[2] - run[1]);
    open.set(s.lane, [r.lane.x, r.y0, r.y1]);
  }
  for (const run of open.values()) ctx.rect(run[0] - 2.5, run[1], 5, run[2] - run[1]);
  if (open.size > 0) {
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
