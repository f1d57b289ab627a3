/**
 * The viewer app: loads traces, makes one view per run (two when comparing), keeps the
 * filter, folding, mode, search and selection, wires the toolbar, side panel and keyboard,
 * and exposes `window.__viz`, a small hook for tests and the benchmark.
 *
 * It draws nothing itself (views do) and decides no geometry (layout.ts, scene.ts do).
 */
import { commonSpan, syncZoom } from './compare.js';
import { download, exportPngBlob, exportSvgText } from './export.js';
import type { Filter } from './filter.js';
import { moveSpan } from './filter.js';
import { BROWSER_GROUP, type Lane } from './layout.js';
import { renderLegend } from './legend.js';
import { inlineTraceText, type Loaded, loadFile, loadPhases, loadText, loadUrl } from './load.js';
import type { Item } from './model.js';
import { OVERLAY_CSS } from './overlay-style.js';
import { type FilterControls, renderFilters, renderOutcomes, renderSelection } from './panel.js';
import type { Mode, SceneArrow } from './scene.js';
import { searchMasks } from './search.js';
import { type Target, View } from './view.js';

interface AppState {
  runs: Loaded[];
  views: View[];
  mode: Mode;
  filter: Filter;
  hidden: Set<string>;
  groupBrowsers: boolean;
  search: { term: string; regex: boolean };
  selection: { view: View; target: Target } | null;
  /** The view whose events ←/→ step through (the last one clicked). */
  active: View | null;
}

const state: AppState = {
  runs: [],
  views: [],
  mode: 'time',
  filter: {},
  hidden: new Set(),
  groupBrowsers: true,
  search: { term: '', regex: false },
  selection: null,
  active: null,
};

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const timing = {
  firstRenderMs: NaN,
  loadToRenderMs: NaN,
  loadStart: NaN,
  sceneAndDrawMs: NaN,
  panelMs: NaN,
};

function setStatus(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

function sceneOptions(span: [number, number] | undefined): Parameters<View['setOptions']>[0] {
  return {
    mode: state.mode,
    filter: state.filter,
    lanes: { hidden: state.hidden, groupBrowsers: state.groupBrowsers, left: 0, width: 0 },
    span,
  };
}

/** Rebuilds every view's scene after a change of filter, folding or mode. */
function refresh(keepTransform = true): void {
  refreshViews(keepTransform);
  renderPanel();
}

function refreshViews(keepTransform: boolean): void {
  const span = commonSpan(state.runs.map((r) => r.model));
  for (const v of state.views) v.setOptions(sceneOptions(span), keepTransform);
  if (state.search.term !== '') applySearch();
}

function renderPanel(): void {
  const first = state.runs[0];
  if (!first) return;
  renderFilters(
    $('filters'),
    first.model,
    { filter: state.filter, groupBrowsers: state.groupBrowsers, hidden: state.hidden },
    (c: FilterControls) => {
      const moveChanged = c.filter.move !== state.filter.move;
      state.filter = c.filter;
      state.groupBrowsers = c.groupBrowsers;
      state.hidden = new Set(c.hidden);
      refresh();
      if (moveChanged && c.filter.move !== undefined) zoomToMove(c.filter.move);
    },
  );
  renderOutcomes($('outcomes'), first.model.outcomes, state.filter.move, (move) => {
    state.filter =
      state.filter.move === move ? { ...state.filter, move: undefined } : { ...state.filter, move };
    refresh();
    if (state.filter.move !== undefined) zoomToMove(state.filter.move);
  });
  const sel = state.selection;
  renderSelection($('selection'), sel?.view.model ?? first.model, sel?.target ?? null);
}

function zoomToMove(move: string): void {
  for (const v of state.views) {
    const span = moveSpan(v.model, move);
    if (span) v.zoomToTime(span[0], span[1]);
  }
}

function select(view: View, target: Target | null, seq?: number): void {
  state.active = view;
  state.selection = target === null ? null : { view, target };
  for (const v of state.views) {
    v.selected = v === view ? target : null;
    v.currentSeq = v === view && target !== null ? (seq ?? seqOfTarget(v, target)) : null;
    v.render();
  }
  renderSelection($('selection'), view.model, target);
}

function seqOfTarget(view: View, t: Target): number | null {
  if (t.type === 'arrow') return t.arrow.seq0;
  if (t.type === 'mark') return view.model.marks[t.index]?.seq ?? null;
  const v = view.model.violations[t.index];
  return v && v.seq >= 0 ? v.seq : null;
}

/** The target an item of the timeline stands for in a view. */
function targetOfItem(view: View, item: Item): Target | null {
  if (item.type === 'local') return { type: 'mark', index: item.ref };
  if (item.type === 'violation') return { type: 'violation', index: item.ref };
  const arrow = view.scene.arrows.find(
    (a: SceneArrow) => a.first.index === item.ref || a.last.index === item.ref,
  );
  return arrow ? { type: 'arrow', arrow } : null;
}

/** Steps the selection to the previous or next event of the active view (time travel). */
function step(dir: 1 | -1): void {
  const view = state.active ?? state.views[0];
  if (!view) return;
  const items = view.scene.items;
  if (items.length === 0) return;
  const cur = view.currentSeq;
  let i: number;
  if (cur === null) i = dir > 0 ? 0 : items.length - 1;
  else {
    const at = items.findIndex((it) => it.seq === cur);
    i =
      at < 0
        ? dir > 0
          ? items.findIndex((it) => it.seq > cur)
          : findLastIndex(items, (it) => it.seq < cur)
        : at + dir;
  }
  if (i < 0 || i >= items.length) return;
  const item = items[i] as Item;
  select(view, targetOfItem(view, item), item.seq);
  const p = view.positionOfSeq(item.seq);
  if (p !== null) view.reveal(p);
}

function findLastIndex<T>(a: readonly T[], f: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (f(a[i] as T)) return i;
  return -1;
}

function applySearch(): void {
  const { term, regex } = state.search;
  let count = 0;
  let error: string | undefined;
  for (const v of state.views) {
    const r = searchMasks(v.model, term, regex);
    v.highlight =
      r === null || r.error !== undefined ? null : { messages: r.messages, marks: r.marks };
    if (r) {
      count += r.count;
      error = r.error;
    }
    v.render();
  }
  $('search-count').textContent =
    term === ''
      ? ''
      : error !== undefined
        ? `bad regex: ${error}`
        : `${count} match${count === 1 ? '' : 'es'}`;
}

/** Moves the selection to the next search match after the current event. */
function nextMatch(): void {
  const view = state.active ?? state.views[0];
  if (!view || !view.highlight) return;
  const items = view.scene.items;
  const cur = view.currentSeq ?? -1;
  const hl = view.highlight;
  const matches = (it: Item): boolean =>
    it.type === 'local'
      ? hl.marks[it.ref] === 1
      : it.type === 'violation'
        ? false
        : it.type === 'send' && hl.messages[it.ref] === 1;
  let i = items.findIndex((it) => it.seq > cur && matches(it));
  if (i < 0) i = items.findIndex(matches);
  if (i < 0) return;
  const item = items[i] as Item;
  select(view, targetOfItem(view, item), item.seq);
  const p = view.positionOfSeq(item.seq);
  if (p !== null) view.centerOn(p);
}

function onLane(_view: View, lane: Lane, action: 'hide' | 'show' | 'expand' | 'collapse'): void {
  if (action === 'expand') {
    state.groupBrowsers = false;
    state.hidden.delete(BROWSER_GROUP);
  } else if (action === 'collapse') state.groupBrowsers = true;
  else if (action === 'hide') state.hidden.add(lane.key);
  else state.hidden.delete(lane.key);
  refresh();
}

/** Shows runs: one view each, side by side with a common time axis when there are two. */
function show(runs: Loaded[]): void {
  for (const v of state.views) v.destroy();
  state.runs = runs;
  state.views = [];
  state.selection = null;
  state.active = null;
  state.filter = {};
  state.hidden = new Set();
  const first = runs[0];
  if (!first) return;
  state.groupBrowsers = first.model.nodes.filter((n) => n.kind === 'browser').length > 6;
  $('welcome').hidden = true;
  const container = $('views');
  container.classList.toggle('compare', runs.length > 1);
  state.views = runs.map(
    (r) =>
      new View(container, r.model, r.name, {
        onSelect: (view, target) => select(view, target),
        onZoom: (view, t) => syncZoom(state.views, view, t),
        onLane,
      }),
  );
  const t0 = performance.now();
  refreshViews(false);
  if (Number.isNaN(timing.firstRenderMs)) {
    timing.firstRenderMs = performance.now();
    timing.loadToRenderMs = timing.firstRenderMs - timing.loadStart;
    timing.sceneAndDrawMs = timing.firstRenderMs - t0;
  }
  const t1 = performance.now();
  renderPanel();
  timing.panelMs = performance.now() - t1;
  const warnings = runs.flatMap((r) => r.model.warnings);
  setStatus(
    runs
      .map(
        (r) =>
          `${r.name}: ${r.model.messages.length} messages, ${r.model.nodes.length} nodes, ${r.model.violations.length} violations`,
      )
      .join(' | ') + (warnings.length > 0 ? ` (warnings: ${warnings.join('; ')})` : ''),
  );
  viz.ready = true;
}

async function guarded(what: string, f: () => Promise<Loaded[]>): Promise<void> {
  try {
    timing.loadStart = performance.now();
    setStatus(`Loading ${what}…`);
    const runs = await f();
    show(runs);
  } catch (err) {
    viz.error = err instanceof Error ? err.message : String(err);
    setStatus(viz.error, true);
    viz.ready = true;
  }
}

/** The test and benchmark hook. */
const viz = {
  ready: false,
  error: null as string | null,
  get firstRenderMs(): number {
    return timing.firstRenderMs;
  },
  get loadToRenderMs(): number {
    return timing.loadToRenderMs;
  },
  /** The phases of the first load: fetch, parse, model, scene + first draw, side panel (ms). */
  phases: (): Record<string, number> => ({
    ...loadPhases,
    sceneAndDrawMs: timing.sceneAndDrawMs,
    panelMs: timing.panelMs,
  }),
  renderCount: (v = 0): number => state.views[v]?.stats.count ?? 0,
  lastRenderMs: (v = 0): number => state.views[v]?.stats.lastMs ?? NaN,
  frameTimes: (v = 0): number[] => [...(state.views[v]?.stats.times ?? [])],
  visibleEventIds: (v = 0): number[] => state.views[v]?.visibleEventIds() ?? [],
  drawMode: (v = 0): string => state.views[v]?.last?.draw.mode ?? 'none',
  selection: (): Record<string, unknown> | null => {
    const s = state.selection;
    if (!s) return null;
    const t = s.target;
    if (t.type === 'arrow') {
      const m = t.arrow.first;
      return {
        type: 'message',
        seq: t.arrow.seq0,
        endSeq: t.arrow.seq1,
        msg: m.msg,
        kind: m.kind,
        step: m.step ?? null,
        from: t.arrow.shown.from,
        to: t.arrow.shown.to,
        move: m.move ?? null,
        current: s.view.currentSeq,
      };
    }
    if (t.type === 'mark') {
      const k = s.view.model.marks[t.index];
      return {
        type: 'mark',
        seq: k?.seq,
        kind: k?.kind,
        step: k?.step ?? null,
        node: k?.node,
        current: s.view.currentSeq,
      };
    }
    const v = s.view.model.violations[t.index];
    return { type: 'violation', seq: v?.seq, invariant: v?.invariant, current: s.view.currentSeq };
  },
  /** Drawn arrows of a view in page pixels (relative to the view's body). */
  arrows: (v = 0): Record<string, unknown>[] => {
    const view = state.views[v];
    if (!view?.last) return [];
    const box = view.body.getBoundingClientRect();
    return view.last.draw.drawn.map((d) => {
      const a = view.scene.arrows[d.i] as SceneArrow;
      return {
        seq: a.seq0,
        endSeq: a.seq1,
        msg: a.first.msg,
        kind: a.first.kind,
        step: a.step,
        label: a.label,
        from: a.shown.from,
        to: a.shown.to,
        shown: a.shown.kind,
        dashed: a.dashed,
        dropped: a.dropped,
        x0: d.g.x0 + box.left,
        y0: d.g.y0 + box.top,
        x1: d.g.x1 + box.left,
        y1: d.g.y1 + box.top,
      };
    });
  },
  lanes: (v = 0): Record<string, unknown>[] => {
    const view = state.views[v];
    if (!view) return [];
    const box = view.body.getBoundingClientRect();
    return view.scene.lanes.lanes.map((l) => ({
      key: l.key,
      label: l.label,
      kind: l.kind,
      nodeIds: l.nodeIds,
      hidden: l.hidden,
      x: l.x + box.left,
    }));
  },
  /** The visible window of a view, in position units, and the scene's extent. */
  window: (v = 0): Record<string, number> | null => {
    const view = state.views[v];
    if (!view?.last) return null;
    const f = view.last.frame;
    return {
      lo: f.lo,
      hi: f.hi,
      pMin: view.scene.pMin,
      pMax: view.scene.pMax,
      k: view.transform.k,
      y: view.transform.y,
      items: view.scene.items.length,
    };
  },
  mode: (): Mode => state.mode,
  setMode: (m: Mode): void => setMode(m),
  setFilter: (f: Filter): void => {
    state.filter = { ...f };
    refresh();
  },
  zoomToTime: (t0: number, t1: number, v = 0): void => state.views[v]?.zoomToTime(t0, t1),
  zoomBy: (k: number, v = 0): void => state.views[v]?.zoomBy(k),
  panBy: (dy: number, v = 0): void => state.views[v]?.panBy(dy),
  /** Renders now and forces rasterisation; returns the frame's duration in ms. */
  renderNow: (v = 0): number => {
    const view = state.views[v];
    if (!view) return NaN;
    const t0 = performance.now();
    view.render();
    view.flush();
    return performance.now() - t0;
  },
  step: (dir: 1 | -1): void => step(dir),
  exportSvg: (): string => exportSvgText(state.views),
  loadText: (text: string, name = 'trace'): void => show([loadText(text, name)]),
};

declare global {
  interface Window {
    __viz: typeof viz;
  }
}
window.__viz = viz;

function setMode(m: Mode): void {
  state.mode = m;
  ($('mode') as HTMLSelectElement).value = m;
  refresh(false);
}

function wire(): void {
  const style = document.createElement('style');
  style.textContent = OVERLAY_CSS;
  document.head.append(style);

  const open = $<HTMLInputElement>('open-file');
  open.addEventListener('change', () => {
    const files = Array.from(open.files ?? []);
    if (files.length > 0)
      void guarded(files.map((f) => f.name).join(' and '), () =>
        Promise.all(files.slice(0, 2).map(loadFile)),
      );
    open.value = '';
  });
  const cmp = $<HTMLInputElement>('compare-file');
  cmp.addEventListener('change', () => {
    const f = cmp.files?.[0];
    const base = state.runs[0];
    if (f && base) void guarded(f.name, async () => [base, await loadFile(f)]);
    cmp.value = '';
  });
  $<HTMLSelectElement>('mode').addEventListener('change', (ev) =>
    setMode((ev.target as HTMLSelectElement).value === 'compact' ? 'compact' : 'time'),
  );
  const search = $<HTMLInputElement>('search');
  const regex = $<HTMLInputElement>('regex');
  let timer = 0;
  const onSearch = (): void => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.search = { term: search.value, regex: regex.checked };
      applySearch();
    }, 120);
  };
  search.addEventListener('input', onSearch);
  regex.addEventListener('change', onSearch);
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      state.search = { term: search.value, regex: regex.checked };
      applySearch();
      nextMatch();
    }
  });
  $('export-svg').addEventListener('click', () => {
    if (state.views.length === 0) return;
    download(
      new Blob([exportSvgText(state.views)], { type: 'image/svg+xml' }),
      `${state.runs[0]?.model.scenario || 'movesim'}.svg`,
    );
  });
  $('export-png').addEventListener('click', () => {
    if (state.views.length === 0) return;
    exportPngBlob(state.views)
      .then((b) => download(b, `${state.runs[0]?.model.scenario || 'movesim'}.png`))
      .catch((err: unknown) => setStatus(err instanceof Error ? err.message : String(err), true));
  });
  document.addEventListener('keydown', (ev) => {
    const tag = (ev.target as HTMLElement | null)?.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') {
      ev.preventDefault();
      step(1);
    } else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      step(-1);
    } else if (ev.key === 'Escape') {
      const v = state.active ?? state.views[0];
      if (v) select(v, null);
    }
  });
  // Drag and drop: one file opens it; two files compare them.
  document.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', (ev) => {
    if (ev.relatedTarget === null) document.body.classList.remove('dragging');
  });
  document.addEventListener('drop', (ev) => {
    ev.preventDefault();
    document.body.classList.remove('dragging');
    const files = Array.from(ev.dataTransfer?.files ?? []);
    if (files.length > 0)
      void guarded(files.map((f) => f.name).join(' and '), () =>
        Promise.all(files.slice(0, 2).map(loadFile)),
      );
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => state.views.forEach((v) => v.resize()), 100);
  });
}

function start(): void {
  wire();
  renderLegend($('legend'));
  const params = new URLSearchParams(location.search);
  if (params.get('mode') === 'compact') {
    state.mode = 'compact';
    ($('mode') as HTMLSelectElement).value = 'compact';
  }
  const inline = inlineTraceText(document);
  const url = params.get('trace');
  const compare = params.get('compare');
  if (inline !== null) {
    void guarded('the inlined trace', async () => [loadText(inline, 'trace')]);
  } else if (url !== null) {
    void guarded(url, async () =>
      compare !== null ? Promise.all([loadUrl(url), loadUrl(compare)]) : [await loadUrl(url)],
    );
  } else {
    setStatus('Open a trace (trace.json or NDJSON) to begin.');
    viz.ready = true;
  }
}

start();
