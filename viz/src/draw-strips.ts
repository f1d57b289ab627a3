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

/** Paints the strips that meet the frame's window; returns how many it painted. */
export function drawStrips(
  ctx: CanvasRenderingContext2D,
  strips: readonly Strip[],
  frame: Frame,
): number {
  let n = 0;
  for (const s of strips) {
    if (s.p1 < frame.lo || s.p0 > frame.hi) continue;
    const lane = frame.lanes[s.lane] as Lane | undefined;
    if (!lane || lane.hidden) continue;
    const y0 = Math.max(frame.top - 2, frame.yOf(s.p0));
    const y1 = Math.min(frame.bottom + 2, Math.max(frame.yOf(s.p1), y0 + 2));
    n++;
    if (s.kind === 'limbo') {
      ctx.fillStyle = LIMBO_COLOR;
      ctx.globalAlpha = 0.75;
      ctx.fillRect(lane.x - 2.5, y0, 5, y1 - y0);
      ctx.globalAlpha = 1;
      continue;
    }
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
  return n;
}
