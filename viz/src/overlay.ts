/**
 * The SVG overlay of a view: lifeline headers, lifelines, the time axis, time-jump markers,
 * arrow and mark labels, the invariant lane, selection, hover and the time cursor.
 *
 * Every string from the trace goes in with d3's `.text()` (a text node), never as markup.
 * It does not draw arrows (draw-canvas.ts) and holds no state of its own.
 */
import * as d3 from 'd3';

import { KIND_COLORS, stepColor, VIOLATION_COLOR } from './colors.js';
import type { Columns } from './columns.js';
import { HEADER_H } from './columns.js';
import type { ArrowDraw, Frame } from './draw-canvas.js';
import { formatDuration, formatTime, truncate } from './format.js';
import type { ArrowGeometry, Lane } from './layout.js';
import type { Model } from './model.js';
import type { Scene, SceneArrow, SceneMark } from './scene.js';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Most labels drawn at once; beyond it the view is too dense to read labels anyway. */
export const LABEL_LIMIT = 260;

/** The groups of the overlay, back to front. */
export interface OverlayLayers {
  lifelines: G;
  jumps: G;
  axis: G;
  labels: G;
  violations: G;
  current: G;
  selection: G;
  hover: G;
  cursor: G;
  header: G;
  minimap: G;
}

/** Creates the overlay's groups in an SVG element. */
export function createLayers(
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>,
): OverlayLayers {
  const g = (cls: string): G => svg.append('g').attr('class', cls);
  return {
    lifelines: g('lifelines'),
    jumps: g('jumps'),
    axis: g('axis'),
    labels: g('labels'),
    violations: g('violations'),
    current: g('current'),
    selection: g('selection'),
    hover: g('hover'),
    cursor: g('cursor'),
    header: g('header'),
    minimap: g('minimap-view'),
  };
}

/** Draws the header (lane titles, context lane titles) and the lifelines; once per layout. */
export function drawStatic(
  layers: OverlayLayers,
  lanes: Lane[],
  cols: Columns,
  model: Model,
  width: number,
  onLane: (lane: Lane, action: 'hide' | 'show' | 'expand' | 'collapse') => void,
): void {
  const { header, lifelines } = layers;
  header.selectAll('*').remove();
  lifelines.selectAll('*').remove();
  header
    .append('rect')
    .attr('class', 'header-bg')
    .attr('x', 0)
    .attr('y', 0)
    .attr('width', width)
    .attr('height', HEADER_H);
  header
    .append('text')
    .attr('class', 'col-title')
    .attr('x', cols.axis.x1 - 8)
    .attr('y', HEADER_H - 10)
    .attr('text-anchor', 'end')
    .text('time');
  header
    .append('text')
    .attr('class', 'col-title')
    .attr(
      'transform',
      `translate(${(cols.invariant.x0 + cols.invariant.x1) / 2},${HEADER_H - 6}) rotate(-90)`,
    )
    .text('inv.');
  for (const c of cols.load) {
    const g = header.append('g').attr('class', 'load-title');
    const w = c.x1 - c.x0;
    g.append('text')
      .attr('x', (c.x0 + c.x1) / 2)
      .attr('y', HEADER_H - 22)
      .attr('text-anchor', 'middle')
      .text(truncate(c.bridge, Math.max(2, Math.floor(w / 6))));
    if (w >= 32)
      g.append('text')
        .attr('class', 'sub')
        .attr('x', (c.x0 + c.x1) / 2)
        .attr('y', HEADER_H - 9)
        .attr('text-anchor', 'middle')
        .text('load');
    g.append('title').text(
      `${c.bridge}: load over time (dashed: new- and existing-conference limits)`,
    );
  }
  // Lifelines and their titles.
  const laneG = header
    .selectAll<SVGGElement, Lane>('g.lane')
    .data(lanes, (l) => l.key)
    .join('g')
    .attr('class', (l) => `lane${l.hidden ? ' hidden' : ''}${l.group ? ' group' : ''}`)
    .attr('transform', (l) => `translate(${l.x},0)`);
  laneG.each(function (l) {
    const g = d3.select(this);
    if (l.hidden) {
      g.append('text')
        .attr('class', 'seam')
        .attr('y', HEADER_H - 10)
        .attr('text-anchor', 'middle')
        .text('⋯')
        .on('click', () => onLane(l, 'show'));
      g.append('title').text(`${l.label} (hidden: click to show)`);
      return;
    }
    const maxChars = Math.floor((l.width - 8) / 6.5);
    const boxW = Math.max(4, Math.min(l.width - 6, 120));
    g.append('rect')
      .attr('class', 'lane-box')
      .attr('x', -boxW / 2)
      .attr('y', 6)
      .attr('width', boxW)
      .attr('height', HEADER_H - 12)
      .attr('rx', Math.min(4, boxW / 2))
      .attr('stroke', KIND_COLORS[l.kind] ?? '#6b7280');
    // A lane too narrow for its name (many browsers side by side) keeps it in the tooltip only.
    if (maxChars >= 3) {
      g.append('text')
        .attr('class', 'lane-label')
        .attr('y', HEADER_H / 2 - 2)
        .attr('text-anchor', 'middle')
        .text(truncate(l.label, maxChars));
      g.append('text')
        .attr('class', 'lane-kind')
        .attr('y', HEADER_H / 2 + 11)
        .attr('text-anchor', 'middle')
        .text(truncate(l.group ? 'group' : l.kind, maxChars));
    }
    g.append('title').text(
      l.group
        ? `${l.label}: click to show one lane per browser`
        : `${l.label} [${l.kind}] (click to hide and fold its messages)`,
    );
    g.on('click', () => onLane(l, l.group ? 'expand' : 'hide'));
  });
  lifelines
    .selectAll('line')
    .data(lanes)
    .join('line')
    .attr('class', (l) => (l.hidden ? 'lifeline seam' : 'lifeline'))
    .attr('x1', (l) => l.x)
    .attr('x2', (l) => l.x)
    .attr('y1', HEADER_H)
    .attr('y2', cols.bottom + 10);
  lifelines
    .append('line')
    .attr('class', 'col-sep')
    .attr('x1', cols.axis.x1)
    .attr('x2', cols.axis.x1)
    .attr('y1', HEADER_H)
    .attr('y2', cols.bottom + 10);
}

/** Draws the time axis for the frame. */
export function drawAxis(
  layers: OverlayLayers,
  scene: Scene,
  frame: Frame,
  cols: Columns,
  scale: d3.ScaleLinear<number, number>,
): void {
  const span = Math.max(1, scene.pToTime(frame.hi) - scene.pToTime(frame.lo));
  let axis = d3.axisLeft(scale).ticks(Math.max(2, Math.floor((frame.bottom - frame.top) / 60)));
  if (scene.mode === 'compact') {
    const ticks = scale
      .ticks(Math.max(2, Math.floor((frame.bottom - frame.top) / 60)))
      .filter((v) => Number.isInteger(v) && v >= 0 && v < scene.items.length);
    // Rows far apart in time and rows close together share the axis: show enough decimals to
    // tell neighbouring ticks apart.
    const times = ticks.map((v) => scene.pToTime(v));
    let gap = span;
    for (let i = 1; i < times.length; i++) {
      const d = (times[i] as number) - (times[i - 1] as number);
      if (d > 0 && d < gap) gap = d;
    }
    axis = axis.tickValues(ticks).tickFormat((v) => formatTime(scene.pToTime(Number(v)), gap));
  } else {
    axis = axis.tickFormat((v) => formatTime(Number(v), span));
  }
  layers.axis.attr('transform', `translate(${cols.axis.x1 - 2},0)`).call(axis);
  layers.axis.selectAll('.tick').attr('display', function () {
    const tr = (this as SVGGElement).getAttribute('transform') ?? '';
    const y = Number(/,\s*([-\d.e]+)\)/.exec(tr)?.[1] ?? 0);
    return y < frame.top - 2 || y > frame.bottom + 2 ? 'none' : null;
  });
}

/** Draws compact mode's markers where virtual time jumps. */
export function drawJumps(layers: OverlayLayers, scene: Scene, frame: Frame, cols: Columns): void {
  const shown = scene.jumps.filter((j) => j.p >= frame.lo && j.p <= frame.hi).slice(0, 200);
  const g = layers.jumps
    .selectAll<SVGGElement, (typeof shown)[number]>('g.jump')
    .data(shown, (j) => String(j.p))
    .join((enter) => {
      const e = enter.append('g').attr('class', 'jump');
      e.append('line').attr('class', 'jump-line');
      e.append('path').attr('class', 'jump-zigzag');
      e.append('text').attr('class', 'jump-label');
      return e;
    });
  g.attr('transform', (j) => `translate(0,${frame.yOf(j.p)})`);
  g.select('line').attr('x1', cols.invariant.x0).attr('x2', cols.lifelines.x1);
  g.select('path').attr('d', `M${cols.axis.x1 - 14},0 l4,-4 l4,8 l4,-8 l4,4`);
  g.select('text')
    .attr('x', cols.lifelines.x0 + 4)
    .attr('y', -3)
    .text((j) => `+${formatDuration(j.dt)}`);
}

interface LabelDatum {
  key: string;
  x: number;
  y: number;
  anchor: 'start' | 'end';
  /** Another place to try (the other side of the lifeline) when the first one is taken. */
  alt?: { x: number; anchor: 'start' | 'end' };
  text: string;
  color: string;
  cls: string;
  seq: number;
}

/**
 * Places labels greedily, arrow labels first, then drop reasons, then marks, dropping any
 * label that would overlap one already placed.
 */
export function placeLabels(cands: LabelDatum[]): LabelDatum[] {
  const rank: Record<string, number> = { 'arrow-label': 0, 'drop-label': 1, 'mark-label': 2 };
  const placed: { x0: number; x1: number; y: number }[] = [];
  const out: LabelDatum[] = [];
  const sorted = [...cands].sort((a, b) => (rank[a.cls] ?? 3) - (rank[b.cls] ?? 3) || a.y - b.y);
  const w = (c: LabelDatum): number => c.text.length * 6.2;
  const free = (x: number, anchor: 'start' | 'end', c: LabelDatum): [number, number] | null => {
    const x0 = anchor === 'start' ? x : x - w(c);
    const x1 = x0 + w(c);
    return placed.some((p) => Math.abs(c.y - p.y) < 11 && x0 < p.x1 && p.x0 < x1) ? null : [x0, x1];
  };
  for (const c of sorted) {
    let at = free(c.x, c.anchor, c);
    let label = c;
    if (!at && c.alt) {
      at = free(c.alt.x, c.alt.anchor, c);
      label = { ...c, x: c.alt.x, anchor: c.alt.anchor };
    }
    if (!at) continue;
    placed.push({ x0: at[0], x1: at[1], y: c.y });
    out.push(label);
  }
  return out;
}

/** Draws the labels of the drawn arrows and marks (step number and kind; drop reasons). */
export function drawLabels(
  layers: OverlayLayers,
  scene: Scene,
  frame: Frame,
  draw: ArrowDraw,
  marks: number[],
): number {
  const cands: LabelDatum[] = [];
  if (draw.mode === 'arrows' && draw.drawn.length + marks.length <= LABEL_LIMIT) {
    for (const d of draw.drawn) {
      const a = scene.arrows[d.i] as SceneArrow;
      const g = d.g;
      const dir = g.self ? 1 : Math.sign(g.x1 - g.x0) || 1;
      if (g.y0 >= frame.top && g.y0 <= frame.bottom) {
        cands.push({
          key: `a${a.seq0}:${a.seq1}`,
          x: g.self ? g.x0 + 26 : g.x0 + dir * 8,
          y: g.y0 - 3,
          anchor: dir > 0 ? 'start' : 'end',
          text: a.shown.kind === 'message' ? a.label : `${a.label} (via ${a.shown.via.join(', ')})`,
          color: stepColor(a.step),
          cls: 'arrow-label',
          seq: a.seq0,
        });
      }
      if (g.cross && g.cross.y >= frame.top && g.cross.y <= frame.bottom) {
        cands.push({
          key: `d${a.seq1}`,
          x: g.cross.x + dir * 8,
          y: g.cross.y + 12,
          anchor: dir > 0 ? 'start' : 'end',
          text: `✕ ${a.last.reason ?? 'dropped'}`,
          color: '#b91c1c',
          cls: 'drop-label',
          seq: a.seq1,
        });
      }
    }
    for (const i of marks) {
      const m = scene.marks[i] as SceneMark;
      const y = frame.yOf(m.p);
      const lx = (frame.lanes[m.lane] as Lane).x;
      cands.push({
        key: `m${m.mark.seq}`,
        x: lx + 8,
        y: y + 4,
        anchor: 'start',
        alt: { x: lx - 8, anchor: 'end' },
        text: m.label,
        color: stepColor(m.mark.step),
        cls: 'mark-label',
        seq: m.mark.seq,
      });
    }
  }
  const placed = placeLabels(cands);
  layers.labels
    .selectAll<SVGTextElement, LabelDatum>('text')
    .data(placed, (d) => d.key)
    .join('text')
    .attr('class', (d) => d.cls)
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('text-anchor', (d) => d.anchor)
    .attr('fill', (d) => d.color)
    .attr('data-seq', (d) => d.seq)
    .text((d) => d.text);
  return placed.length;
}

/** Draws the invariant lane: a red mark at each violation in the window, clickable. */
export function drawViolations(
  layers: OverlayLayers,
  scene: Scene,
  frame: Frame,
  cols: Columns,
  onClick: (index: number) => void,
): void {
  const shown = scene.violations.filter((v) => v.p >= frame.lo && v.p <= frame.hi).slice(0, 2000);
  layers.violations
    .selectAll<SVGRectElement, (typeof shown)[number]>('rect.violation')
    .data(shown, (v) => String(v.violation.index))
    .join((enter) => {
      const r = enter.append('rect').attr('class', 'violation').attr('fill', VIOLATION_COLOR);
      r.append('title');
      return r;
    })
    .attr('x', cols.invariant.x0 + 3)
    .attr('width', cols.invariant.x1 - cols.invariant.x0 - 6)
    .attr('y', (v) => frame.yOf(v.p) - 3)
    .attr('height', 6)
    .attr('data-violation', (v) => v.violation.index)
    .on('click', (ev: MouseEvent, v) => {
      ev.stopPropagation();
      onClick(v.violation.index);
    })
    .select('title')
    .text((v) => `${v.violation.invariant}: ${v.violation.detail}`);
}

/** Draws the highlight of the selected (or hovered) arrow or mark. */
export function drawHighlight(
  g: G,
  geom: ArrowGeometry | { x: number; y: number } | null,
  color: string,
  width: number,
): void {
  g.selectAll('*').remove();
  if (geom === null) return;
  if ('x0' in geom) {
    const d = geom.self
      ? `M${geom.x0},${geom.y0}H${geom.x0 + 22}V${geom.y1}H${geom.x1}`
      : `M${geom.x0},${geom.y0}L${geom.x1},${geom.y1}`;
    g.append('path')
      .attr('d', d)
      .attr('stroke', color)
      .attr('stroke-width', width)
      .attr('fill', 'none')
      .attr('stroke-opacity', 0.55)
      .attr('stroke-linecap', 'round');
    g.append('circle').attr('cx', geom.x0).attr('cy', geom.y0).attr('r', 3).attr('fill', color);
  } else {
    g.append('circle')
      .attr('cx', geom.x)
      .attr('cy', geom.y)
      .attr('r', 8)
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', 2.5);
  }
}

/** Draws a horizontal time line (the mouse cursor or the current event) with its time. */
export function drawTimeLine(
  g: G,
  y: number | null,
  label: string,
  cols: Columns,
  cls: string,
): void {
  g.selectAll('*').remove();
  if (y === null) return;
  g.append('line')
    .attr('class', cls)
    .attr('x1', cols.axis.x1)
    .attr('x2', cols.lifelines.x1)
    .attr('y1', y)
    .attr('y2', y);
  g.append('rect')
    .attr('class', `${cls}-bg`)
    .attr('x', 0)
    .attr('y', y - 8)
    .attr('width', cols.axis.x1 - 4)
    .attr('height', 16);
  g.append('text')
    .attr('class', `${cls}-text`)
    .attr('x', cols.axis.x1 - 8)
    .attr('y', y + 4)
    .attr('text-anchor', 'end')
    .text(label);
}
