/**
 * A view: one sequence diagram of one run in a pane (a canvas for arrows, an SVG overlay on
 * top), with d3-zoom on the time axis, hover, click selection, a time cursor and a minimap.
 *
 * It owns the pixels of one pane. It does not own the filter, search or selection state (the
 * app does and hands them in), and it does not know about a second view except through the
 * zoom callback that compare mode uses to keep the time axes together.
 */
import * as d3 from 'd3';

import { type Columns, layoutColumns } from './columns.js';
import { runTitle } from './compare.js';
import { drawLoadLanes } from './context-lanes.js';
import {
  type ArrowDraw,
  drawArrows,
  drawMarks,
  type Frame,
  sceneArrowGeometry,
} from './draw-canvas.js';
import { drawStrips } from './draw-strips.js';
import { activeNodes } from './filter.js';
import { formatDuration, formatRelative, formatTime } from './format.js';
import { type ArrowGeometry, distanceToSegment, type Lane, layoutLanes } from './layout.js';
import { drawMinimapBox, paintMinimap } from './minimap.js';
import { type Item, itemIndexOfSeq, type Model } from './model.js';
import {
  createLayers,
  drawAxis,
  drawHighlight,
  drawJumps,
  drawLabels,
  drawMeasure,
  drawStatic,
  drawTimeLine,
  drawViolations,
  type OverlayLayers,
} from './overlay.js';
import { buildScene, type Scene, type SceneArrow, type SceneOptions } from './scene.js';

/**
 * What is selected or hovered: an arrow (by scene arrow), a mark or a violation (by model index).
 */
export type Target =
  | { type: 'arrow'; arrow: SceneArrow }
  | { type: 'mark'; index: number }
  | { type: 'violation'; index: number };

export interface ViewCallbacks {
  onSelect: (view: View, target: Target | null) => void;
  onZoom: (view: View, t: d3.ZoomTransform) => void;
  onLane: (
    view: View,
    lane: Lane,
    action: 'hide' | 'show' | 'expand' | 'collapse' | 'select',
  ) => void;
}

export interface RenderStats {
  count: number;
  lastMs: number;
  times: number[];
}

export class View {
  readonly root: HTMLDivElement;
  readonly body: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly svgEl: SVGSVGElement;
  readonly tooltip: HTMLDivElement;
  readonly model: Model;
  readonly name: string;
  scene!: Scene;
  cols!: Columns;
  width = 0;
  height = 0;
  transform: d3.ZoomTransform = d3.zoomIdentity;
  /** Search matches (1) by message and mark index, or null. */
  highlight: { messages: Uint8Array; marks: Uint8Array } | null = null;
  selected: Target | null = null;
  /** Seq of the current event (time travel), drawn as a line. */
  currentSeq: number | null = null;
  /** The seq of the first event where this run and the compared one differ, or null. */
  divergeSeq: number | null = null;
  /** The time (µs) the axis and tooltips count from (the selected move's start), or null. */
  origin: number | null = null;
  /** The ruler: the first shift-clicked time, and the second once there is one. */
  ruler: { a: number; b: number | null } | null = null;
  /** Arrows per pixel row of the diagram above which it draws bands instead of arrows. */
  bandDensity = 1.5;
  last: { draw: ArrowDraw; marks: number[]; frame: Frame; labels: number } | null = null;
  readonly stats: RenderStats = { count: 0, lastMs: 0, times: [] };
  private readonly ctx: CanvasRenderingContext2D;
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly layers: OverlayLayers;
  private readonly zoom: d3.ZoomBehavior<SVGSVGElement, unknown>;
  private readonly minimapCanvas: HTMLCanvasElement;
  private base = d3.scaleLinear();
  private options!: SceneOptions;
  private hovered: Target | null = null;
  private cursorY: number | null = null;
  private pending = 0;
  private syncing = false;

  constructor(
    container: HTMLElement,
    model: Model,
    name: string,
    private readonly cb: ViewCallbacks,
  ) {
    this.model = model;
    this.name = name;
    this.root = document.createElement('div');
    this.root.className = 'view';
    const title = document.createElement('div');
    title.className = 'view-title';
    title.textContent = `${runTitle(model, name)} — ${name}, ${model.messages.length} messages, ${model.outcomes.length} moves, ${model.violations.length} violations`;
    this.root.setAttribute('role', 'region');
    this.root.setAttribute('aria-label', `run ${name}: ${runTitle(model, name)}`);
    this.root.append(title);
    this.body = document.createElement('div');
    this.body.className = 'view-body';
    this.root.append(this.body);
    this.minimapCanvas = document.createElement('canvas');
    this.minimapCanvas.className = 'minimap';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'arrows';
    this.svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svgEl.setAttribute('class', 'overlay');
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'tooltip';
    this.tooltip.hidden = true;
    this.body.append(this.minimapCanvas, this.canvas, this.svgEl, this.tooltip);
    container.append(this.root);
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.svg = d3.select(this.svgEl);
    this.layers = createLayers(this.svg);
    this.zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .filter((ev: Event) => {
        const e = ev as MouseEvent;
        return (!e.ctrlKey || e.type === 'wheel') && !e.button && !e.shiftKey;
      })
      .constrain((t, extent, translateExtent) => {
        // Only y moves: keep the window inside the run, at any zoom.
        const dy0 = t.invertY(extent[0][1]) - translateExtent[0][1];
        const dy1 = t.invertY(extent[1][1]) - translateExtent[1][1];
        const y = dy1 > dy0 ? (dy0 + dy1) / 2 : Math.min(0, dy0) || Math.max(0, dy1);
        const c = t.translate(0, y);
        return d3.zoomIdentity.translate(0, c.y).scale(c.k);
      })
      .on('zoom', (ev: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        this.transform = ev.transform;
        this.scheduleRender();
        if (!this.syncing) this.cb.onZoom(this, ev.transform);
      });
    this.svg.call(this.zoom).on('dblclick.zoom', null);
    this.svg.on('mousemove', (ev: MouseEvent) => this.onMouseMove(ev));
    this.svg.on('mouseleave', () => {
      this.hovered = null;
      this.cursorY = null;
      this.tooltip.hidden = true;
      this.scheduleRender();
    });
    this.svg.on('click', (ev: MouseEvent) => {
      const [x, y] = d3.pointer(ev, this.svgEl);
      if (y < this.cols.top - 4) return;
      const hit = this.hitTest(x, y);
      if (ev.shiftKey)
        this.addMeasure(this.timeOfTarget(hit) ?? this.scene.pToTime(this.yScale().invert(y)));
      else this.cb.onSelect(this, hit);
    });
  }

  /** The time of a target's event (an arrow's send), or null. */
  timeOfTarget(t: Target | null): number | null {
    if (t === null) return null;
    if (t.type === 'arrow') return t.arrow.first.tSend;
    if (t.type === 'mark') return this.model.marks[t.index]?.t ?? null;
    return this.model.violations[t.index]?.t ?? null;
  }

  /** Adds a time to the measure: the first starts it, the second ends it, a third restarts. */
  addMeasure(t: number): void {
    const m = this.ruler;
    this.ruler = m === null || m.b !== null ? { a: t, b: null } : { a: m.a, b: t };
    this.render();
  }

  clearMeasure(): void {
    this.ruler = null;
    this.render();
  }

  /** A time as the axis shows it: relative to the origin when there is one. */
  timeLabel(t: number, spanUs: number): string {
    return this.origin === null ? formatTime(t, spanUs) : formatRelative(t - this.origin, spanUs);
  }

  /** Rebuilds the scene (after a change of filter, folding, mode) and redraws. */
  setOptions(options: SceneOptions, keepTransform = true): void {
    // Under a filter, nodes with no event left get no lifeline and no load lane.
    const only = activeNodes(this.model, options.filter);
    this.options = { ...options, lanes: { ...options.lanes, only } };
    this.measure();
    this.scene = buildScene(this.model, {
      ...this.options,
      lanes: {
        ...this.options.lanes,
        left: this.cols.lifelines.x0,
        width: this.cols.lifelines.x1 - this.cols.lifelines.x0,
      },
    });
    this.setupScale(keepTransform);
    this.renderStatic();
    this.render();
  }

  private measure(): void {
    const r = this.body.getBoundingClientRect();
    this.width = Math.max(320, Math.floor(r.width));
    this.height = Math.max(200, Math.floor(r.height));
    const only = this.options.lanes.only;
    const bridges = this.model.nodes
      .filter(
        (n) =>
          n.kind === 'callbridge' &&
          this.model.loadSeries.has(n.id) &&
          (only === undefined || only.has(n.id)),
      )
      .map((n) => n.id);
    this.cols = layoutColumns(this.width, this.height, bridges);
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.minimapCanvas]) {
      c.width = Math.round(this.width * dpr);
      c.height = Math.round(this.height * dpr);
      c.style.width = `${this.width}px`;
      c.style.height = `${this.height}px`;
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    (this.minimapCanvas.getContext('2d') as CanvasRenderingContext2D).setTransform(
      dpr,
      0,
      0,
      dpr,
      0,
      0,
    );
    this.svg
      .attr('width', this.width)
      .attr('height', this.height)
      .attr('viewBox', `0 0 ${this.width} ${this.height}`);
  }

  private setupScale(keepTransform: boolean): void {
    const { top, bottom } = this.cols;
    this.base = d3.scaleLinear().domain([this.scene.pMin, this.scene.pMax]).range([top, bottom]);
    const span = this.scene.pMax - this.scene.pMin;
    const minVisible = this.scene.mode === 'compact' ? 6 : 40;
    const maxK = Math.max(2, span / minVisible);
    this.zoom
      .scaleExtent([1, maxK])
      .extent([
        [0, top],
        [this.width, bottom],
      ])
      .translateExtent([
        [0, top],
        [this.width, bottom],
      ]);
    let t = keepTransform ? this.transform : d3.zoomIdentity;
    if (!keepTransform && this.scene.mode === 'compact') {
      // Compact mode starts with rows far enough apart to read, at the top of the run.
      const k = Math.min(maxK, Math.max(1, (this.scene.items.length * 24) / (bottom - top)));
      t = d3.zoomIdentity.translate(0, top - top * k).scale(k);
    }
    this.syncing = true;
    this.apply(t);
    this.syncing = false;
  }

  /**
   * Sets the zoom transform, clamped to the zoom's limits (zoom.transform alone does not clamp).
   */
  private apply(t: d3.ZoomTransform): void {
    const [kMin, kMax] = this.zoom.scaleExtent();
    const k = Math.max(kMin, Math.min(kMax, t.k));
    const { top, bottom } = this.cols;
    const ext: [[number, number], [number, number]] = [
      [0, top],
      [this.width, bottom],
    ];
    const c = this.zoom.constrain()(d3.zoomIdentity.translate(0, t.y).scale(k), ext, ext);
    this.svg.call(this.zoom.transform, c);
    this.transform = d3.zoomTransform(this.svgEl);
  }

  /** Redraws what changes only with layout: lifelines, header, minimap density. */
  private renderStatic(): void {
    drawStatic(
      this.layers,
      this.scene.lanes.lanes,
      this.cols,
      this.model,
      this.width,
      (lane, action) => this.cb.onLane(this, lane, action),
    );
    const mctx = this.minimapCanvas.getContext('2d') as CanvasRenderingContext2D;
    mctx.clearRect(0, 0, this.width, this.height);
    paintMinimap(mctx, this.scene, this.cols, (p) => this.base(p));
  }

  /** The scale from position to pixel y under the current zoom. */
  yScale(): d3.ScaleLinear<number, number> {
    return this.transform.rescaleY(this.base);
  }

  frame(): Frame {
    const y = this.yScale();
    // y = k · base(p) + ty, with base linear: the slope depends on the zoom only, not the pan.
    const [d0, d1] = this.base.domain() as [number, number];
    const [r0, r1] = this.base.range() as [number, number];
    const bs = (r1 - r0) / (d1 - d0);
    const ya = this.transform.k * bs;
    const yb = this.transform.k * (r0 - bs * d0) + this.transform.y;
    return {
      yOf: (p) => ya * p + yb,
      ya,
      yb,
      lo: y.invert(this.cols.top),
      hi: y.invert(this.cols.bottom),
      top: this.cols.top,
      bottom: this.cols.bottom,
      lanes: this.scene.lanes.lanes,
    };
  }

  scheduleRender(): void {
    if (this.pending !== 0) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.render();
    });
  }

  /** Draws one frame: canvas arrows and marks, then the overlay. Returns its duration in ms. */
  render(): number {
    if (this.pending !== 0) {
      cancelAnimationFrame(this.pending);
      this.pending = 0;
    }
    const t0 = performance.now();
    const frame = this.frame();
    const ctx = this.ctx;
    ctx.clearRect(0, 0, this.width, this.height);
    drawLoadLanes(ctx, this.model, this.scene, frame, this.cols);
    ctx.save();
    ctx.beginPath();
    ctx.rect(
      this.cols.lifelines.x0 - 4,
      frame.top - 2,
      this.cols.lifelines.x1 - this.cols.lifelines.x0 + 40,
      frame.bottom - frame.top + 4,
    );
    ctx.clip();
    const bandThreshold = Math.round(this.bandDensity * (frame.bottom - frame.top));
    const draw = drawArrows(ctx, this.scene, frame, {
      bandThreshold,
      highlight: this.highlight?.messages ?? null,
      underlay: () => drawStrips(ctx, this.scene.strips, frame),
    });
    // Marks are drawn with the arrows; in bands (too dense to read) they are left out too.
    const marks =
      draw.mode === 'arrows'
        ? drawMarks(ctx, this.scene, frame, this.highlight?.marks ?? null)
        : [];
    ctx.restore();
    const y = this.yScale();
    drawAxis(this.layers, this.scene, frame, this.cols, y, this.origin);
    drawJumps(this.layers, this.scene, frame, this.cols);
    const labels = drawLabels(this.layers, this.scene, frame, draw, marks);
    drawViolations(this.layers, this.scene, frame, this.cols, (index) =>
      this.cb.onSelect(this, { type: 'violation', index }),
    );
    drawHighlight(this.layers.selection, this.targetGeometry(this.selected, frame), '#f59e0b', 7);
    drawHighlight(this.layers.hover, this.targetGeometry(this.hovered, frame), '#60a5fa', 5);
    const span = Math.max(1, this.scene.pToTime(frame.hi) - this.scene.pToTime(frame.lo));
    drawTimeLine(
      this.layers.cursor,
      this.cursorY,
      this.cursorY === null ? '' : this.timeLabel(this.scene.pToTime(y.invert(this.cursorY)), span),
      this.cols,
      'cursor',
    );
    const cur = this.currentSeq === null ? null : this.positionOfSeq(this.currentSeq);
    drawTimeLine(
      this.layers.current,
      cur === null ? null : y(cur),
      cur === null ? '' : this.timeLabel(this.scene.pToTime(cur), span),
      this.cols,
      'current',
    );
    const dp = this.divergeSeq === null ? null : this.positionOfSeq(this.divergeSeq);
    drawTimeLine(
      this.layers.diverge,
      dp === null ? null : y(dp),
      dp === null ? '' : 'runs diverge',
      this.cols,
      'diverge',
    );
    const m = this.ruler;
    const yt = (t: number): number => y(this.scene.timeToP(t));
    drawMeasure(
      this.layers.measure,
      m === null ? null : [yt(m.a), m.b === null ? null : yt(m.b)],
      m === null || m.b === null ? '' : `Δt ${formatDuration(Math.abs(m.b - m.a))}`,
      this.cols,
    );
    drawMinimapBox(this.layers.minimap, this.cols, this.base(frame.lo), this.base(frame.hi), (by) =>
      this.centerOn(this.base.invert(by)),
    );
    this.last = { draw, marks, frame, labels };
    const ms = performance.now() - t0;
    this.stats.count++;
    this.stats.lastMs = ms;
    this.stats.times.push(ms);
    if (this.stats.times.length > 2000) this.stats.times.shift();
    return ms;
  }

  /** The position of an event of the scene by seq, or null if the scene does not show it. */
  positionOfSeq(seq: number): number | null {
    const i = itemIndexOfSeq(this.scene.items, seq);
    if (i < 0) return null;
    return this.scene.rows === null ? this.scene.timeToP((this.scene.items[i] as Item).t) : i;
  }

  private targetGeometry(
    t: Target | null,
    frame: Frame,
  ): ArrowGeometry | { x: number; y: number } | null {
    if (t === null) return null;
    if (t.type === 'arrow') return sceneArrowGeometry(t.arrow, frame);
    if (t.type === 'mark') {
      const m = this.scene.marks.find((k) => k.mark.index === t.index);
      return m ? { x: (frame.lanes[m.lane] as Lane).x, y: frame.yOf(m.p) } : null;
    }
    const v = this.scene.violations.find((s) => s.violation.index === t.index);
    return v
      ? { x: (this.cols.invariant.x0 + this.cols.invariant.x1) / 2, y: frame.yOf(v.p) }
      : null;
  }

  /** The arrow or mark under a point, within a few pixels. */
  hitTest(x: number, y: number): Target | null {
    if (!this.last) return null;
    let best: Target | null = null;
    let bestD = 6;
    for (const d of this.last.draw.drawn) {
      const g = d.g;
      const dist = g.self
        ? Math.min(
            distanceToSegment(x, y, g.x0, g.y0, g.x0 + 22, g.y0),
            distanceToSegment(x, y, g.x0 + 22, g.y0, g.x0 + 22, g.y1),
            distanceToSegment(x, y, g.x0 + 22, g.y1, g.x1, g.y1),
          )
        : distanceToSegment(x, y, g.x0, g.y0, g.x1, g.y1);
      if (dist < bestD) {
        bestD = dist;
        best = { type: 'arrow', arrow: this.scene.arrows[d.i] as SceneArrow };
      }
    }
    for (const i of this.last.marks) {
      const m = this.scene.marks[i];
      if (!m) continue;
      const dist = Math.hypot(
        x - (this.last.frame.lanes[m.lane] as Lane).x,
        y - this.last.frame.yOf(m.p),
      );
      if (dist < Math.max(bestD, 7)) {
        bestD = dist;
        best = { type: 'mark', index: m.mark.index };
      }
    }
    return best;
  }

  private onMouseMove(ev: MouseEvent): void {
    const [x, y] = d3.pointer(ev, this.svgEl);
    const inBody = y >= this.cols.top && y <= this.cols.bottom && x < this.cols.minimap.x0;
    this.cursorY = inBody ? y : null;
    this.hovered = inBody ? this.hitTest(x, y) : null;
    this.showTooltip(this.hovered, x, y);
    this.scheduleRender();
  }

  private showTooltip(t: Target | null, x: number, y: number): void {
    if (t === null) {
      this.tooltip.hidden = true;
      return;
    }
    const lines = describeTarget(this.model, t, this.origin);
    this.tooltip.replaceChildren(
      ...lines.map((l, i) => {
        const div = document.createElement('div');
        if (i === 0) div.className = 'tt-head';
        div.textContent = l;
        return div;
      }),
    );
    this.tooltip.hidden = false;
    const left = Math.min(x + 14, this.width - 300);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${y + 14}px`;
  }

  /** Applies a zoom transform (from the other view in compare mode) without echoing it. */
  setTransform(t: d3.ZoomTransform): void {
    this.syncing = true;
    this.apply(t);
    this.syncing = false;
  }

  /** Shows a span of time (from the other pane when comparing) without echoing the zoom. */
  syncToTimes(t0: number, t1: number): void {
    this.syncing = true;
    const a = this.base(this.scene.timeToP(t0));
    const b = this.base(this.scene.timeToP(t1));
    const k = (this.cols.bottom - this.cols.top) / Math.max(1e-9, b - a);
    this.apply(d3.zoomIdentity.translate(0, this.cols.top - a * k).scale(k));
    this.syncing = false;
    this.scheduleRender();
  }

  /** Zooms so that positions [p0, p1] fill the view, with a margin. */
  zoomToPositions(p0: number, p1: number): void {
    const pad = Math.max((p1 - p0) * 0.08, this.scene.mode === 'compact' ? 1 : 200);
    const a = this.base(p0 - pad);
    const b = this.base(p1 + pad);
    const k = Math.max(1, (this.cols.bottom - this.cols.top) / Math.max(1e-9, b - a));
    this.apply(d3.zoomIdentity.translate(0, this.cols.top - a * k).scale(k));
    this.render();
  }

  /** Zooms to a span of virtual time. */
  zoomToTime(t0: number, t1: number): void {
    this.zoomToPositions(this.scene.timeToP(t0), this.scene.timeToP(t1));
  }

  /** Pans so that position p is in the middle of the view, keeping the zoom. */
  centerOn(p: number): void {
    const k = this.transform.k;
    const mid = (this.cols.top + this.cols.bottom) / 2;
    this.apply(d3.zoomIdentity.translate(0, mid - this.base(p) * k).scale(k));
    this.render();
  }

  /** Pans the view only if position p is outside it. */
  reveal(p: number): void {
    const f = this.frame();
    if (p < f.lo || p > f.hi) this.centerOn(p);
  }

  /** Zooms by a factor around the middle, or pans by dy pixels (for tests and the benchmark). */
  zoomBy(k: number): void {
    this.svg.call(this.zoom.scaleBy, k, [this.width / 2, (this.cols.top + this.cols.bottom) / 2]);
  }

  panBy(dy: number): void {
    this.svg.call(this.zoom.translateBy, 0, dy / this.transform.k);
  }

  /** Forces the canvas to finish rasterising (so a benchmark times the whole frame). */
  flush(): void {
    this.ctx.getImageData(0, 0, 1, 1);
  }

  /** Seqs of the events drawn in the visible window. */
  visibleEventIds(): number[] {
    if (!this.last) return [];
    const seqs = new Set<number>();
    const f = this.last.frame;
    const d = this.last.draw;
    for (let i = d.range[0]; i < d.range[1]; i++) {
      const a = this.scene.arrows[i] as SceneArrow;
      if (a.p1 < f.lo || a.p0 > f.hi) continue;
      if (a.p0 >= f.lo && a.p0 <= f.hi) seqs.add(a.seq0);
      if (a.seq1 >= 0 && a.p1 >= f.lo && a.p1 <= f.hi) seqs.add(a.seq1);
    }
    for (const i of this.last.marks)
      seqs.add((this.scene.marks[i] as { mark: { seq: number } }).mark.seq);
    for (const v of this.scene.violations)
      if (v.violation.seq >= 0 && v.p >= f.lo && v.p <= f.hi) seqs.add(v.violation.seq);
    return [...seqs].sort((a, b) => a - b);
  }

  /** Relayouts after the window changed size. */
  resize(): void {
    const t = this.transform;
    this.measure();
    this.scene = {
      ...this.scene,
      lanes: layoutLanes(this.model.nodes, {
        ...this.options.lanes,
        left: this.cols.lifelines.x0,
        width: this.cols.lifelines.x1 - this.cols.lifelines.x0,
      }),
    };
    this.transform = t;
    this.setupScale(true);
    this.renderStatic();
    this.render();
  }

  destroy(): void {
    this.root.remove();
  }

  /** The canvas and layers, for export. */
  parts(): { canvas: HTMLCanvasElement; minimap: HTMLCanvasElement; svg: SVGSVGElement } {
    return { canvas: this.canvas, minimap: this.minimapCanvas, svg: this.svgEl };
  }
}

/** Short lines describing a target, for the tooltip. Plain strings, shown as text. */
export function describeTarget(model: Model, t: Target, origin: number | null = null): string[] {
  // Relative to the move's start when there is one, with the absolute time beside it.
  const at = (us: number): string =>
    origin === null
      ? formatTime(us, 1)
      : `${formatRelative(us - origin, 1)} (at ${formatTime(us, 1)})`;
  if (t.type === 'arrow') {
    const a = t.arrow;
    const m = a.first;
    const lines = [
      `${a.label}`,
      `${a.shown.from} → ${a.shown.to}${a.shown.via.length > 0 ? ` (through ${a.shown.via.join(', ')})` : ''}`,
      `sent ${at(m.tSend)}`,
      `${a.last.status} ${at(a.last.tEnd)}, after ${formatDuration(a.last.tEnd - m.tSend)}`,
    ];
    if (m.move !== undefined)
      lines.push(
        `move ${m.move}${m.participant !== undefined ? `, participant ${m.participant}` : ''}`,
      );
    if (a.last.status === 'dropped') lines.push(`dropped: ${a.last.reason ?? ''}`);
    if (m.duplicate) lines.push('duplicate copy');
    return lines;
  }
  if (t.type === 'mark') {
    const k = model.marks[t.index];
    if (!k) return [];
    return [
      k.step !== undefined ? `${k.step} ${k.kind}` : k.kind,
      `on ${k.node} at ${at(k.t)}`,
      ...(k.move !== undefined ? [`move ${k.move}`] : []),
    ];
  }
  const v = model.violations[t.index];
  return v ? [`violation: ${v.invariant}`, v.detail, `at ${at(v.t)}`] : [];
}
