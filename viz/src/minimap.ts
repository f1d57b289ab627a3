/**
 * The minimap: the whole run at a glance beside the diagram (message density per pixel row,
 * violations in red) with a box showing the visible window; dragging in it moves the window.
 *
 * The density is computed from the scene once per scene or size (pure, `minimapDensity`) and
 * painted on a canvas; only the box changes on zoom. It knows nothing of zoom behaviour: it
 * reports the position clicked to a callback.
 */
import * as d3 from 'd3';

import { VIOLATION_COLOR } from './colors.js';
import type { Columns } from './columns.js';
import type { Scene, SceneArrow } from './scene.js';

/** Counts of arrows starting in each pixel row of the minimap, from the scene's base scale. */
export function minimapDensity(
  scene: Scene,
  yOfBase: (p: number) => number,
  top: number,
  bottom: number,
): Uint32Array {
  const rows = Math.max(1, Math.ceil(bottom - top));
  const counts = new Uint32Array(rows);
  for (const a of scene.arrows as SceneArrow[]) {
    const r = Math.floor(yOfBase(a.p0) - top);
    if (r >= 0 && r < rows) counts[r] = (counts[r] as number) + 1;
  }
  return counts;
}

/** Paints the minimap's density and violations onto a canvas context. */
export function paintMinimap(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  cols: Columns,
  yOfBase: (p: number) => number,
): void {
  const { x0, x1 } = cols.minimap;
  const w = x1 - x0 - 6;
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(x0, cols.top, x1 - x0, cols.bottom - cols.top);
  const counts = minimapDensity(scene, yOfBase, cols.top, cols.bottom);
  let max = 1;
  for (const c of counts) if (c > max) max = c;
  ctx.fillStyle = '#64748b';
  counts.forEach((c, r) => {
    if (c === 0) return;
    const len = Math.max(1, (Math.log1p(c) / Math.log1p(max)) * w);
    ctx.fillRect(x0 + 3, cols.top + r, len, 1);
  });
  ctx.fillStyle = VIOLATION_COLOR;
  for (const v of scene.violations) {
    const y = yOfBase(v.p);
    ctx.fillRect(x1 - 6, y - 1, 5, 3);
  }
}

/** Draws the box of the visible window and wires dragging inside the minimap. */
export function drawMinimapBox(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  cols: Columns,
  y0: number,
  y1: number,
  onMove: (baseY: number) => void,
): void {
  let hit = g.select<SVGRectElement>('rect.minimap-hit');
  if (hit.empty()) {
    hit = g.append('rect').attr('class', 'minimap-hit');
    g.append('rect').attr('class', 'minimap-box');
  }
  hit
    .attr('x', cols.minimap.x0)
    .attr('y', cols.top)
    .attr('width', cols.minimap.x1 - cols.minimap.x0)
    .attr('height', cols.bottom - cols.top)
    .on('mousedown', (ev: MouseEvent) => {
      ev.stopPropagation();
      ev.preventDefault();
      const svg = (ev.currentTarget as SVGRectElement).ownerSVGElement as SVGSVGElement;
      const move = (e: MouseEvent): void => onMove(d3.pointer(e, svg)[1]);
      move(ev);
      const up = (): void => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    })
    .on('wheel', (ev: WheelEvent) => ev.stopPropagation());
  const top = Math.max(cols.top, Math.min(y0, y1));
  const bottom = Math.min(cols.bottom, Math.max(y0, y1));
  g.select('rect.minimap-box')
    .attr('x', cols.minimap.x0 + 1)
    .attr('y', top)
    .attr('width', cols.minimap.x1 - cols.minimap.x0 - 2)
    .attr('height', Math.max(3, bottom - top));
}
