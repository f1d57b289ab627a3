/**
 * The SVG overlay of a view: lifeline headers, lifelines, the time axis, time-jump markers,
 * arrow and mark labels, the invariant lane, selection, hover and the time cursor.
 *
 * Every string from the trace goes in with d3's `.text()` (a text node), never as markup.
 * It does not draw arrows (draw-canvas.ts) and holds no state of its own.
 */
import * as d3 from 'd3';

import { isCauseMark } from './causes.js';
import { DROP_COLOR, KIND_COLORS, stepColor, VIOLATION_COLOR } from './colors.js';
import type { Columns } from './columns.js';
import { HEADER_H } from './columns.js';
import type { ArrowDraw, Frame } from './draw-canvas.js';
import { formatDuration, formatRelative, formatTime, truncate } from './format.js';
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
  diverge: G;
  selection: G;
  hover: G;
  cursor: G;
  measure: G;
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
    diverge: g('diverge'),
    selection: g('selection'),
    hover: g('hover'),
    cursor: g('cursor'),
    measure: g('measure'),
    header: g('header'),
    minimap: g('minimap-view'),
  };
}

/**
 * Makes an SVG group a button for the keyboard and screen readers: reachable with Tab, named,
 * and pressed with a click, Enter or Space.
 */
function asButton(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  name: string,
  act: () => void,
): void {
  g.attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', name)
    .on('click', act)
    .on('keydown', (ev: KeyboardEvent) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
      ev.stopPropagation();
      act();
    });
}

/** Draws the header (lane titles, context lane titles) and the lifelines; once per layout. */
export function drawStatic(
  layers: OverlayLayers,
  lanes: Lane[],
  cols: Columns,
  model: Model,
  width: number,
  onLane: (lane: Lane, action: 'hide' | 'show' | 'expand' | 'collapse' | 'select') => void,
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
    drawLaneHeader(d3.select(this), l, onLane);
  });
  for (const l of lanes) drawNodeButton(header, l, () => onLane(l, 'select'));
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

/**
 * The small button at the top right of a node's header box that selects the node (the side
 * panel then offers "crash it at …, restart after …"); a sibling of the header's own button
 * (which hides the lifeline), so each has its own name and key. None on a hidden lane, a
 * group of browsers, or a box too narrow to hold it beside its name.
 */
function drawNodeButton(header: G, l: Lane, act: () => void): void {
  const boxW = Math.min(l.width - 6, 120);
  const id = l.nodeIds[0];
  if (l.hidden || l.group || id === undefined || boxW < 36) return;
  const g = header
    .append('g')
    .attr('class', 'node-select')
    .attr('transform', `translate(${l.x + boxW / 2 - 8},14)`)
    .style('cursor', 'pointer');
  g.append('circle').attr('r', 6).attr('fill', '#ffffff').attr('stroke', '#9ca3af');
  g.append('text')
    .attr('y', 3.5)
    .attr('text-anchor', 'middle')
    .attr('font-size', 9)
    .attr('fill', '#4b5563')
    .text('▾');
  g.append('title').text(`${l.label}: select the node (what if it crashed…)`);
  asButton(g, `select node ${id}, ${l.label}: what if it crashed`, act);
}

/** One lifeline's header: its box, name and kind, as a button that hides (or expands) it. */
function drawLaneHeader(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  l: Lane,
  onLane: (lane: Lane, action: 'hide' | 'show' | 'expand' | 'collapse') => void,
): void {
  if (l.hidden) {
    g.append('text')
      .attr('class', 'seam')
      .attr('y', HEADER_H - 10)
      .attr('text-anchor', 'middle')
      .text('⋯');
    g.append('title').text(`${l.label} (hidden: click to show)`);
    asButton(g, `show the hidden lifeline of ${l.label}`, () => onLane(l, 'show'));
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
  // The label when it fits, else the (shorter) node id, cut to fit.
  const id = l.group ? l.label : (l.nodeIds[0] ?? l.label);
  const name = l.label.length <= maxChars || id.length >= l.label.length ? l.label : id;
  if (maxChars >= 2) {
    g.append('text')
      .attr('class', 'lane-label')
      .attr('y', HEADER_H / 2 - 2)
      .attr('text-anchor', 'middle')
      .text(truncate(name, maxChars));
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
  asButton(
    g,
    l.group
      ? `${l.label}: show one lifeline per browser`
      : `lifeline ${l.label}, ${l.kind}: hide it and fold its messages`,
    () => onLane(l, l.group ? 'expand' : 'hide'),
  );
}

/** Draws the time axis for the frame. */
export function drawAxis(
  layers: OverlayLayers,
  scene: Scene,
  frame: Frame,
  cols: Columns,
  scale: d3.ScaleLinear<number, number>,
  origin: number | null = null,
): void {
  const span = Math.max(1, scene.pToTime(frame.hi) - scene.pToTime(frame.lo));
  const at = (t: number, res: number): string =>
    origin === null ? formatTime(t, res) : formatRelative(t - origin, res);
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
    axis = axis.tickValues(ticks).tickFormat((v) => at(scene.pToTime(Number(v)), gap));
  } else if (scene.mode === 'nonlinear') {
    axis = axis.tickFormat((v) => at(scene.pToTime(Number(v)), span / 20));
  } else {
    axis = axis.tickFormat((v) => at(Number(v), span));
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

type Anchor = 'start' | 'middle' | 'end';

/** A place a label may go. */
interface Spot {
  x: number;
  y: number;
  anchor: Anchor;
}

interface LabelDatum extends Spot {
  key: string;
  /** Other places to try, in order, when the first one is taken. */
  alts: Spot[];
  /** Lower goes first: 0 drops and their reasons, 1 a step's first message, 2 the rest. */
  rank: number;
  text: string;
  color: string;
  cls: string;
  seq: number;
}

/** The pixel extent of a label at a spot (text about 6.2 px a character). */
function extent(text: string, at: Spot): [number, number] {
  const w = text.length * 6.2;
  const x0 = at.anchor === 'start' ? at.x : at.anchor === 'end' ? at.x - w : at.x - w / 2;
  return [x0, x0 + w];
}

/**
 * Places labels in priority order (drops and their reasons, then each step's first message,
 * then the rest, top to bottom within a rank), trying each label's alternative spots before
 * leaving it out when every spot overlaps a label already placed.
 */
export function placeLabels(cands: readonly LabelDatum[]): LabelDatum[] {
  const placed: { x0: number; x1: number; y: number }[] = [];
  const out: LabelDatum[] = [];
  const sorted = [...cands].sort((a, b) => a.rank - b.rank || a.y - b.y || a.seq - b.seq);
  const free = (c: LabelDatum, at: Spot): [number, number] | null => {
    const [x0, x1] = extent(c.text, at);
    return placed.some((p) => Math.abs(at.y - p.y) < 11 && x0 < p.x1 && p.x0 < x1)
      ? null
      : [x0, x1];
  };
  for (const c of sorted) {
    for (const at of [c as Spot, ...c.alts]) {
      const span = free(c, at);
      if (!span) continue;
      placed.push({ x0: span[0], x1: span[1], y: at.y });
      out.push({ ...c, x: at.x, y: at.y, anchor: at.anchor });
      break;
    }
  }
  return out;
}

const flip = (dir: number): Anchor => (dir > 0 ? 'end' : 'start');
const along = (dir: number): Anchor => (dir > 0 ? 'start' : 'end');

/** The label candidates of the drawn arrows: each arrow's kind, and each drop's reason. */
function arrowLabels(scene: Scene, frame: Frame, draw: ArrowDraw): LabelDatum[] {
  const cands: LabelDatum[] = [];
  const firstOfStep = new Map<number, number>();
  for (const d of draw.drawn) {
    const a = scene.arrows[d.i] as SceneArrow;
    const had = firstOfStep.get(a.step);
    if (a.step > 0 && (had === undefined || a.seq0 < had)) firstOfStep.set(a.step, a.seq0);
  }
  const inside = (y: number): boolean => y >= frame.top && y <= frame.bottom;
  for (const d of draw.drawn) {
    const a = scene.arrows[d.i] as SceneArrow;
    const g = d.g;
    const dir = g.self ? 1 : Math.sign(g.x1 - g.x0) || 1;
    if (inside(g.y0)) {
      const x = g.self ? g.x0 + 26 : g.x0 + dir * 8;
      const tail = g.cross ?? { x: g.x1, y: g.y1 };
      cands.push({
        key: `a${a.seq0}:${a.seq1}`,
        x,
        y: g.y0 - 3,
        anchor: along(dir),
        alts: [
          { x, y: g.y0 + 11, anchor: along(dir) },
          { x: (g.x0 + tail.x) / 2, y: (g.y0 + tail.y) / 2 - 4, anchor: 'middle' },
          { x: tail.x - dir * 10, y: tail.y - 4, anchor: flip(dir) },
          { x: g.x0 - dir * 8, y: g.y0 + 4, anchor: flip(dir) },
        ],
        rank: a.dropped ? 0 : firstOfStep.get(a.step) === a.seq0 ? 1 : 2,
        text: a.shown.kind === 'message' ? a.label : `${a.label} (via ${a.shown.via.join(', ')})`,
        color: stepColor(a.step),
        cls: 'arrow-label',
        seq: a.seq0,
      });
    }
    if (g.cross && inside(g.cross.y)) {
      const { x, y } = g.cross;
      cands.push({
        key: `d${a.seq1}`,
        x: x + dir * 10,
        y: y + 4,
        anchor: along(dir),
        alts: [
          { x: x - dir * 10, y: y + 4, anchor: flip(dir) },
          { x, y: y + 18, anchor: 'middle' },
          { x, y: y - 10, anchor: 'middle' },
          { x: x + dir * 10, y: y + 18, anchor: along(dir) },
        ],
        rank: 0,
        text: `✕ ${a.last.reason ?? 'dropped'}`,
        color: DROP_COLOR,
        cls: 'drop-label',
        seq: a.seq1,
      });
    }
  }
  return cands;
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
    cands.push(...arrowLabels(scene, frame, draw));
    for (const i of marks) {
      const m = scene.marks[i] as SceneMark;
      const y = frame.yOf(m.p);
      const lx = (frame.lanes[m.lane] as Lane).x;
      cands.push({
        key: `m${m.mark.seq}`,
        x: lx + 8,
        y: y + 4,
        anchor: 'start',
        alts: [
          { x: lx - 8, y: y + 4, anchor: 'end' },
          { x: lx + 8, y: y + 15, anchor: 'start' },
          { x: lx - 8, y: y + 15, anchor: 'end' },
        ],
        rank: isCauseMark(m.mark) ? 0 : 3,
        text: m.label,
        color: isCauseMark(m.mark) ? DROP_COLOR : stepColor(m.mark.step),
        cls: isCauseMark(m.mark) ? 'mark-label cause' : 'mark-label',
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
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', (v) => `violation of ${v.violation.invariant}: select it`)
    .on('click', (ev: MouseEvent, v) => {
      ev.stopPropagation();
      onClick(v.violation.index);
    })
    .on('keydown', (ev: KeyboardEvent, v) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
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

/** Draws the measure between two times (shift-click two events): two lines and their Δt. */
export function drawMeasure(
  g: G,
  ys: [number, number | null] | null,
  label: string,
  cols: Columns,
): void {
  g.selectAll('*').remove();
  if (ys === null) return;
  const [ya, yb] = ys;
  for (const y of [ya, yb]) {
    if (y === null) continue;
    g.append('line')
      .attr('class', 'measure')
      .attr('x1', cols.lifelines.x0)
      .attr('x2', cols.lifelines.x1)
      .attr('y1', y)
      .attr('y2', y)
      .attr('stroke-dasharray', '2 3');
  }
  if (yb === null) return;
  const x = cols.lifelines.x1 - 6;
  g.append('line')
    .attr('class', 'measure')
    .attr('x1', x)
    .attr('x2', x)
    .attr('y1', ya)
    .attr('y2', yb);
  g.append('text')
    .attr('class', 'measure-text')
    .attr('x', x - 6)
    .attr('y', (ya + yb) / 2 + 4)
    .attr('text-anchor', 'end')
    .text(label);
}
