/**
 * The viewer app: loads traces, makes one view per run (two when comparing), keeps the
 * filter, folding, mode, search and selection, wires the toolbar, side panel and keyboard,
 * and exposes `window.__viz`, a small hook for tests and the benchmark.
 *
 * It draws nothing itself (views do) and decides no geometry (layout.ts, scene.ts do).
 */
import * as d3 from 'd3';

import { bandsOnScreen } from './bands.js';
import { moveToOpen } from './causes.js';
import { commonSpan, firstDivergence, runNames, runTitle, syncZoom } from './compare.js';
import { download, type ExportCaption, exportPngBlob, exportSvgText } from './export.js';
import { type Filter, moveSpan } from './filter.js';
import { workInIdleTime } from './idle-work.js';
import { BROWSER_GROUP, type Lane } from './layout.js';
import { renderLegend } from './legend.js';
import {
  documentParsed,
  hasInlineOpening,
  inlineTraceText,
  type Loaded,
  loadFile,
  loadInline,
  type LoadOptions,
  loadPhases,
  loadText,
  loadUrl,
} from './load.js';
import { type Item, itemIndexOfSeq } from './model.js';
import { OVERLAY_CSS } from './overlay-style.js';
import {
  type FilterControls,
  renderFilters,
  renderNodeSelection,
  renderOutcomes,
  renderSelection,
  renderViolations,
} from './panel.js';
import { type Mode, MODES, type SceneArrow } from './scene.js';
import { searchMasks } from './search.js';
import { searchIndex } from './search-index.js';
import { decodeView, encodeView, type UrlView } from './url-state.js';
import { type Target, View } from './view.js';
import { renderNodeWhatIf, renderWhatIf } from './what-if.js';

interface AppState {
  runs: Loaded[];
  /** What each run's pane is called (by what tells compared runs apart). */
  names: string[];
  views: View[];
  mode: Mode;
  filter: Filter;
  hidden: Set<string>;
  groupBrowsers: boolean;
  search: { term: string; regex: boolean };
  selection: { view: View; target: Target } | null;
  /**
   * The node selected from its lifeline header (instead of a target), and the time of what was
   * selected before it, the default time of its "crash at …".
   */
  node: { view: View; id: string; atUs: number | null } | null;
  /** The view whose events ←/→ step through (the last one clicked). */
  active: View | null;
}

const state: AppState = {
  runs: [],
  names: [],
  views: [],
  mode: 'time',
  filter: {},
  hidden: new Set(),
  groupBrowsers: true,
  search: { term: '', regex: false },
  selection: null,
  node: null,
  active: null,
};

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const timing = {
  firstRenderMs: NaN,
  /** When a first view (first-view.ts) was drawn, if one was; NaN otherwise. */
  firstViewMs: NaN,
  /** When the whole run's model was drawn (the first frame unless a first view came before). */
  wholeRunMs: NaN,
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
  scheduleHash();
}

function refreshViews(keepTransform: boolean): void {
  const span = commonSpan(state.runs.map((r) => r.model));
  for (const v of state.views) {
    v.origin = originOf(v.model, state.filter.move);
    v.setOptions(sceneOptions(span), keepTransform);
    reselect(v);
  }
  if (state.search.term !== '') applySearch();
}

/** Where a move's times count from: its request, else its first event; null for no move. */
function originOf(model: Loaded['model'], move: string | undefined): number | null {
  if (move === undefined) return null;
  const o = model.outcomes.find((x) => x.move === move);
  if (o && o.requestedAt > 0) return o.requestedAt;
  return moveSpan(model, move)?.[0] ?? null;
}

/** After a view's scene was rebuilt, points its selected arrow at the new scene's arrow. */
function reselect(v: View): void {
  const t = v.selected;
  if (t?.type !== 'arrow') return;
  const same = v.scene.arrows.find((a) => a.seq0 === t.arrow.seq0 && a.seq1 === t.arrow.seq1);
  const next: Target | null = same ? { type: 'arrow', arrow: same } : null;
  v.selected = next;
  if (state.selection?.view === v) state.selection = next ? { view: v, target: next } : null;
  if (!next) v.currentSeq = null;
  v.render();
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
  const second = state.runs[1];
  renderOutcomes(
    $('outcomes'),
    first.model,
    state.filter.move,
    openMove,
    second ? { name: state.names[1] ?? second.name, model: second.model } : undefined,
  );
  renderViolationList();
  if (state.node !== null) {
    renderNodePanel();
    return;
  }
  const sel = state.selection;
  renderSelection($('selection'), sel?.view.model ?? first.model, sel?.target ?? null, actions);
  renderWhatIf($('selection'), sel?.view.model ?? first.model, sel?.target ?? null, openFork);
}

/** The side panel of the node selected from its lifeline header: its details and what-ifs. */
function renderNodePanel(): void {
  const n = state.node;
  if (n === null) return;
  renderNodeSelection($('selection'), n.view.model, n.id);
  renderNodeWhatIf($('selection'), n.view.model, n.id, n.atUs, openFork);
}

/** Selects a node from its lifeline header; what was selected before gives the crash time. */
function selectNode(view: View, lane: Lane): void {
  const id = lane.nodeIds[0];
  if (id === undefined) return;
  const before = state.selection?.view === view ? state.selection.target : null;
  const atUs = view.timeOfTarget(before);
  select(view, null);
  state.node = { view, id, atUs };
  renderNodePanel();
}

/** Opens a what-if fork beside the run it was made from, its first divergence selected. */
function openFork(from: Loaded['model'], fork: Loaded): void {
  const base = state.runs.find((r) => r.model === from);
  if (!base) return;
  show([base, fork]);
  const v = state.views[1];
  if (v && v.divergeSeq !== null) goToSeq(v, v.divergeSeq);
}

function renderViolationList(): void {
  const first = state.runs[0];
  if (!first) return;
  const t = state.selection?.target;
  renderViolations(
    $('violations'),
    first.model,
    t?.type === 'violation' ? t.index : null,
    selectViolation,
  );
}

/** Shows one move: filters to it and zooms on it. */
function openMove(move: string): void {
  state.filter = { ...state.filter, move };
  refresh();
  zoomToMove(move);
  scheduleHash();
}

/** Selects a violation of the first run and brings it into view. */
function selectViolation(index: number): void {
  const view = state.views[0];
  if (!view) return;
  select(view, { type: 'violation', index });
  const v = view.scene.violations.find((x) => x.violation.index === index);
  if (v) view.centerOn(v.p);
}

/** The selection panel's actions on a message: its cause, and its delivery. */
const actions = {
  onCause: (cause: number): void => {
    const view = state.selection?.view ?? state.views[0];
    const m = view?.model.messages[cause];
    if (!view || !m) return;
    goToSeq(view, m.sendSeq);
  },
  onDelivery: (seq: number): void => {
    const view = state.selection?.view ?? state.views[0];
    if (view) goToSeq(view, seq);
  },
};

/** Selects the event with this seq in a view, if the view shows it, and reveals it. */
function goToSeq(view: View, seq: number): boolean {
  const i = itemIndexOfSeq(view.scene.items, seq);
  const item = view.scene.items[i];
  if (i < 0 || !item) return false;
  select(view, targetOfItem(view, item), seq);
  const p = view.positionOfSeq(seq);
  if (p !== null) view.reveal(p);
  return true;
}

function zoomToMove(move: string): void {
  for (const v of state.views) {
    const span = moveSpan(v.model, move);
    if (span) v.zoomToTime(span[0], span[1]);
  }
}

function select(view: View, target: Target | null, seq?: number): void {
  state.active = view;
  state.node = null;
  state.selection = target === null ? null : { view, target };
  for (const v of state.views) {
    v.selected = v === view ? target : null;
    v.currentSeq = v === view && target !== null ? (seq ?? seqOfTarget(v, target)) : null;
    v.render();
  }
  renderSelection($('selection'), view.model, target, actions);
  renderWhatIf($('selection'), view.model, target, openFork);
  renderViolationList();
  scheduleHash();
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

/**
 * The events ←/→ step through: those of the selected move (the move filter's, else the
 * selection's), else those of the selected mark's lifeline, else every shown event.
 */
function stepScope(view: View): Item[] {
  const items = view.scene.items;
  const t = state.selection?.view === view ? state.selection.target : null;
  const m = view.model;
  const moveOf = (it: Item): string | undefined =>
    it.type === 'local'
      ? m.marks[it.ref]?.move
      : it.type === 'violation'
        ? undefined
        : m.messages[it.ref]?.move;
  const selMove =
    t?.type === 'arrow'
      ? t.arrow.first.move
      : t?.type === 'mark'
        ? m.marks[t.index]?.move
        : undefined;
  const move = state.filter.move ?? selMove;
  if (move !== undefined) return items.filter((it) => moveOf(it) === move);
  if (t?.type === 'mark') {
    const node = m.marks[t.index]?.node;
    return items.filter((it) => {
      if (it.type === 'local') return m.marks[it.ref]?.node === node;
      if (it.type === 'violation') return false;
      const msg = m.messages[it.ref];
      return msg?.from === node || msg?.to === node;
    });
  }
  return items;
}

/**
 * Steps the selection to the previous or next event of the active view (time travel), within
 * the selected move or lifeline; with nothing current it starts from what is on screen.
 */
function step(dir: 1 | -1): void {
  const view = state.active ?? state.views[0];
  if (!view) return;
  const items = stepScope(view);
  if (items.length === 0) return;
  const cur = view.currentSeq;
  if (cur === null && view.last) {
    // Start from the first (or last) event on screen.
    const { lo, hi } = view.last.frame;
    const onScreen = items.filter((it) => {
      const p = view.positionOfSeq(it.seq);
      return p !== null && p >= lo && p <= hi;
    });
    const edge = dir > 0 ? onScreen[0] : onScreen[onScreen.length - 1];
    if (edge) {
      goToSeq(view, edge.seq);
      return;
    }
  }
  let i: number;
  if (cur === null) i = dir > 0 ? 0 : items.length - 1;
  else {
    const c = cur;
    const at = items.findIndex((it) => it.seq === c);
    i =
      at < 0
        ? dir > 0
          ? items.findIndex((it) => it.seq > c)
          : findLastIndex(items, (it) => it.seq < c)
        : at + dir;
  }
  const item = items[i];
  if (i < 0 || !item) return;
  goToSeq(view, item.seq);
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

function onLane(
  view: View,
  lane: Lane,
  action: 'hide' | 'show' | 'expand' | 'collapse' | 'select',
): void {
  if (action === 'select') {
    selectNode(view, lane);
    return;
  }
  if (action === 'expand') {
    state.groupBrowsers = false;
    state.hidden.delete(BROWSER_GROUP);
  } else if (action === 'collapse') state.groupBrowsers = true;
  else if (action === 'hide') state.hidden.add(lane.key);
  else state.hidden.delete(lane.key);
  refresh();
}

/**
 * The view a first view (load.ts's LoadOptions) opened on, and that view as the hash writes it
 * once drawn: the whole model opens on the same, or on where the reader has gone since.
 */
let shownFirst: { opening: UrlView; drawn: string } | null = null;

/** The view the whole model takes over from a first view (null when none was drawn). */
function carriedView(): UrlView | null {
  if (shownFirst === null) return null;
  const now = currentView();
  return encodeView(now) === shownFirst.drawn ? shownFirst.opening : now;
}

/**
 * Shows runs: one view each, side by side with a common time axis when there are two.
 * `firstView`: the run is a first view (first-view.ts), drawn while the whole model is built;
 * the next call shows the whole model in the view it left (mode, filter, zoom, selection).
 */
function show(runs: Loaded[], firstView = false): void {
  const carried = carriedView();
  shownFirst = null;
  for (const v of state.views) v.destroy();
  state.runs = runs;
  state.views = [];
  state.selection = null;
  state.node = null;
  state.active = null;
  state.filter = {};
  state.hidden = new Set();
  const first = runs[0];
  if (!first) return;
  state.groupBrowsers = first.model.nodes.filter((n) => n.kind === 'browser').length > 6;
  $('welcome').hidden = true;
  const container = $('views');
  container.classList.toggle('compare', runs.length > 1);
  const [r0, r1] = runs;
  state.names = r0 && r1 ? runNames(r0, r1) : runs.map((r) => r.name);
  state.views = runs.map(
    (r, i) =>
      new View(container, r.model, state.names[i] ?? r.name, {
        onSelect: (view, target) => select(view, target),
        onZoom: (view, t) => {
          syncZoom(state.views, view, t);
          scheduleHash();
        },
        onLane,
      }),
  );
  const [va, vb] = state.views;
  const [ra, rb] = runs;
  if (va && vb && ra && rb) {
    const d = firstDivergence(ra.model, rb.model);
    va.divergeSeq = d && d.seqA >= 0 ? d.seqA : null;
    vb.divergeSeq = d && d.seqB >= 0 ? d.seqB : null;
  }
  const t0 = performance.now();
  const url = decodeView(location.hash);
  const opening = carried ?? url ?? autoView(first);
  applyViewState(opening);
  refreshViews(false);
  restoreView(opening);
  if (Number.isNaN(timing.firstRenderMs)) {
    timing.firstRenderMs = performance.now();
    timing.loadToRenderMs = timing.firstRenderMs - timing.loadStart;
    timing.sceneAndDrawMs = timing.firstRenderMs - t0;
  }
  const t1 = performance.now();
  renderPanel();
  timing.panelMs = performance.now() - t1;
  if (firstView) {
    timing.firstViewMs = timing.firstRenderMs;
    // Read only for a test that asks before the page loads (it costs a large run half a second).
    if (window.__vizRecordFirstView === true) viz.firstViewShown = shownNow();
    shownFirst = { opening, drawn: encodeView(currentView()) };
    setStatus(`${first.name}: the opening view; reading the whole run…`);
    return;
  }
  timing.wholeRunMs = performance.now();
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
  // In idle time from now on (idle-work.ts): a compact trace's search texts and participants,
  // then the search index, so a first click or search finds them ready.
  for (const r of runs) workInIdleTime(r.model);
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

/** What an export says about the view: the runs, the filter and the mode. */
function caption(): ExportCaption {
  const f = state.filter;
  const parts = (['move', 'participant', 'node', 'step', 'kind'] as const)
    .filter((k) => f[k] !== undefined)
    .map((k) => `${k} ${String(f[k])}`);
  return {
    runs: state.runs.map((r) => runTitle(r.model, r.name)),
    filter: parts.length > 0 ? parts.join(', ') : 'none (the whole run)',
    mode: {
      time: 'true time',
      compact: 'compact (one row per event)',
      nonlinear: 'nonlinear time',
    }[state.mode],
  };
}

/** What the first view of the page showed, for the tests (viz.firstViewShown). */
interface Shown {
  mode: Mode;
  filter: Filter;
  visible: number[];
  lanes: Record<string, unknown>[];
  arrows: Record<string, unknown>[];
  strips: Record<string, unknown>[];
  selection: Record<string, unknown> | null;
}

/** What the page shows now, as the tests compare it. */
function shownNow(): Shown {
  return {
    mode: state.mode,
    filter: { ...state.filter },
    visible: viz.visibleEventIds(),
    lanes: viz.lanes(),
    arrows: viz.arrows(),
    strips: viz.strips(),
    selection: viz.selection(),
  };
}

/** The test and benchmark hook. */
const viz = {
  ready: false,
  error: null as string | null,
  /**
   * What the first view showed (first-view.ts), when the page drew one and a test asked for it
   * (`window.__vizRecordFirstView`).
   */
  firstViewShown: null as Shown | null,
  /** What the page shows now (as firstViewShown gives it). */
  shown: (): Shown => shownNow(),
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
    // When (since navigation) the page's script began to load the trace, and, after a first
    // view, when the whole run's model was drawn.
    startAtMs: timing.loadStart,
    ...(Number.isNaN(timing.firstViewMs) ? {} : { wholeRunAtMs: timing.wholeRunMs }),
  }),
  /** Whether the first frame was a first view (first-view.ts), the whole model drawn after. */
  get firstView(): boolean {
    return !Number.isNaN(timing.firstViewMs);
  },
  renderCount: (v = 0): number => state.views[v]?.stats.count ?? 0,
  lastRenderMs: (v = 0): number => state.views[v]?.stats.lastMs ?? NaN,
  frameTimes: (v = 0): number[] => [...(state.views[v]?.stats.times ?? [])],
  visibleEventIds: (v = 0): number[] => state.views[v]?.visibleEventIds() ?? [],
  drawMode: (v = 0): string => state.views[v]?.last?.draw.mode ?? 'none',
  /** The zoomed-out bands of a view's last frame on screen (view-body pixels), if any. */
  bands: (v = 0): { x0: number; x1: number; y: number; h: number; alpha: number }[] => {
    const last = state.views[v]?.last;
    return last ? bandsOnScreen(last.draw.bands, last.frame) : [];
  },
  /** Whether a view's search index is complete (it is built in idle time after the first frame). */
  searchIndexReady: (v = 0): boolean => {
    const m = state.views[v]?.model;
    return m !== undefined && searchIndex(m).done;
  },
  selection: (): Record<string, unknown> | null => {
    if (state.node !== null) return { type: 'node', node: state.node.id };
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
  /** The state strips (dead nodes, limbo) of a view that meet its visible window. */
  strips: (v = 0): Record<string, unknown>[] => {
    const view = state.views[v];
    const f = view?.last?.frame;
    if (!view || !f) return [];
    return view.scene.strips
      .filter((s) => s.p1 >= f.lo && s.p0 <= f.hi)
      .map((s) => ({
        kind: s.kind,
        about: s.about,
        lane: view.scene.lanes.lanes[s.lane]?.key,
        y0: f.yOf(s.p0),
        y1: f.yOf(s.p1),
      }));
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
  exportSvg: (): string => exportSvgText(state.views, caption()),
  loadText: (text: string, name = 'trace'): void => show([loadText(text, name)]),
  /** Compares the open run with a second one given as text. */
  compareText: (text: string, name = 'other'): void => {
    const base = state.runs[0];
    if (base) show([base, loadText(text, name)]);
  },
};

declare global {
  interface Window {
    __viz: typeof viz;
    /** Set by a test before the page loads: the page then records what its first view showed. */
    __vizRecordFirstView?: boolean;
  }
}
window.__viz = viz;

/**
 * The view a run opens on when the address says none: its first failing move (else its first
 * move), filtered and zoomed, in compact mode unless the query asks for another.
 */
function autoView(run: Loaded): UrlView {
  const asked = new URLSearchParams(location.search).get('mode');
  const mode = (MODES as readonly string[]).includes(asked ?? '') ? (asked as Mode) : undefined;
  const move = moveToOpen(run.model);
  if (move === undefined) return { mode: mode ?? 'time' };
  return { mode: mode ?? 'compact', filter: { move } };
}

/** Takes the mode, filter and lifelines of a view description into the app's state. */
function applyViewState(v: UrlView): void {
  if (v.mode) {
    state.mode = v.mode;
    ($('mode') as HTMLSelectElement).value = v.mode;
  }
  if (v.filter) state.filter = { ...v.filter };
  if (v.hidden) state.hidden = new Set(v.hidden);
  if (v.groupBrowsers !== undefined) state.groupBrowsers = v.groupBrowsers;
}

/** Zooms and selects as a view description says, once the scenes are built. */
function restoreView(v: UrlView): void {
  if (v.window) for (const view of state.views) view.zoomToTime(v.window[0], v.window[1]);
  else if (state.filter.move !== undefined) zoomToMove(state.filter.move);
  const view = state.views[0];
  if (v.sel !== undefined && view) goToSeq(view, v.sel);
  renderPanel();
  writeHash();
}

let hashTimer = 0;

/**
 * Writes the view to the address's hash soon, once per burst of changes (zooming, stepping):
 * the browser makes each `history.replaceState` cost and limits how often it may be called.
 */
function scheduleHash(): void {
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(writeHash, 250);
}

/** The current view as a description (what the hash holds). */
function currentView(): UrlView {
  const view = state.views[0];
  const f = view?.last?.frame;
  const out: UrlView = {
    mode: state.mode,
    filter: state.filter,
    hidden: [...state.hidden],
    groupBrowsers: state.groupBrowsers,
  };
  if (view && f) out.window = [view.scene.pToTime(f.lo), view.scene.pToTime(f.hi)];
  if (view?.currentSeq !== null && view?.currentSeq !== undefined) out.sel = view.currentSeq;
  return out;
}

function writeHash(): void {
  if (state.views.length === 0) return;
  const hash = `#${encodeView(currentView())}`;
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

/**
 * Switches mode, keeping the selection and the zoom on it: on the move when one is filtered,
 * else on the same span of time, and the selected event in view.
 */
/** The mode T returns to from true time. */
let beforeTrueTime: Mode = 'compact';

function setMode(m: Mode): void {
  if (m === 'time' && state.mode !== 'time') beforeTrueTime = state.mode;
  const view = state.views[0];
  const f = view?.last?.frame;
  const win = view && f ? [view.scene.pToTime(f.lo), view.scene.pToTime(f.hi)] : null;
  state.mode = m;
  ($('mode') as HTMLSelectElement).value = m;
  refresh(false);
  if (state.filter.move !== undefined) zoomToMove(state.filter.move);
  else if (win) for (const v of state.views) v.zoomToTime(win[0] as number, win[1] as number);
  const sel = state.selection;
  if (sel && sel.view.currentSeq !== null) {
    const p = sel.view.positionOfSeq(sel.view.currentSeq);
    if (p !== null) sel.view.reveal(p);
  }
  scheduleHash();
}

/** The keys, as the `?` help lists them. */
const KEYS: [string, string][] = [
  ['W / S', 'zoom in / out'],
  ['A / D', 'pan to earlier / later'],
  ['F', 'fit the selection (else the move, else the run)'],
  ['T', 'true time, and back to the mode before'],
  ['← / →', 'previous / next event of the selected move or lifeline'],
  ['C / E', 'jump to the selected message’s cause / delivery'],
  ['shift-click', 'measure the time between two events'],
  ['Esc', 'clear the selection and the measure'],
  ['?', 'show or hide this help'],
];

function toggleHelp(show?: boolean): void {
  const help = $('help');
  help.hidden = show === undefined ? !help.hidden : !show;
  if (!help.hidden) $('help-close').focus();
}

/** Fits the selection (else the filtered move, else the whole run) in the active view. */
function fit(): void {
  const view = state.active ?? state.views[0];
  if (!view) return;
  const t = state.selection?.view === view ? state.selection.target : null;
  if (t?.type === 'arrow') view.zoomToPositions(t.arrow.p0, t.arrow.p1);
  else if (t !== null && view.currentSeq !== null) {
    const p = view.positionOfSeq(view.currentSeq);
    if (p !== null) view.centerOn(p);
  } else if (state.filter.move !== undefined) zoomToMove(state.filter.move);
  else view.zoomToPositions(view.scene.pMin, view.scene.pMax);
}

function onKey(ev: KeyboardEvent): void {
  const tag = (ev.target as HTMLElement | null)?.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const view = state.active ?? state.views[0];
  const h = view ? view.cols.bottom - view.cols.top : 0;
  const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  const act: Record<string, () => void> = {
    ArrowRight: () => step(1),
    ArrowDown: () => step(1),
    ArrowLeft: () => step(-1),
    ArrowUp: () => step(-1),
    w: () => view?.zoomBy(1.4),
    s: () => view?.zoomBy(1 / 1.4),
    a: () => view?.panBy(h * 0.25),
    d: () => view?.panBy(-h * 0.25),
    f: fit,
    t: () => setMode(state.mode === 'time' ? beforeTrueTime : 'time'),
    c: () => {
      const t = state.selection?.target;
      if (t?.type === 'arrow' && t.arrow.first.cause >= 0) actions.onCause(t.arrow.first.cause);
    },
    e: () => {
      const t = state.selection?.target;
      if (t?.type === 'arrow' && t.arrow.seq1 >= 0) actions.onDelivery(t.arrow.seq1);
    },
    '?': () => toggleHelp(),
    Escape: () => {
      if (!$('help').hidden) return toggleHelp(false);
      for (const v of state.views) v.clearMeasure();
      if (view) select(view, null);
    },
  };
  const f = act[key];
  if (!f) return;
  ev.preventDefault();
  f();
}

function wire(): void {
  const keys = d3.select($('help-keys'));
  for (const [k, what] of KEYS) {
    keys.append('dt').append('kbd').text(k);
    keys.append('dd').text(what);
  }
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
  $<HTMLSelectElement>('mode').addEventListener('change', (ev) => {
    const v = (ev.target as HTMLSelectElement).value;
    setMode((MODES as readonly string[]).includes(v) ? (v as Mode) : 'time');
  });
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
      new Blob([exportSvgText(state.views, caption())], { type: 'image/svg+xml' }),
      `${state.runs[0]?.model.scenario || 'movesim'}.svg`,
    );
  });
  $('export-png').addEventListener('click', () => {
    if (state.views.length === 0) return;
    exportPngBlob(state.views, caption())
      .then((b) => download(b, `${state.runs[0]?.model.scenario || 'movesim'}.png`))
      .catch((err: unknown) => setStatus(err instanceof Error ? err.message : String(err), true));
  });
  document.addEventListener('keydown', onKey);
  $('help-close').addEventListener('click', () => toggleHelp(false));
  $('help-button').addEventListener('click', () => toggleHelp());
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

/**
 * How a single run's load may draw a first view (first-view.ts, from a large trace's opening
 * section) before its whole model: only when the address names no view of its own;
 * `?firstview=never` turns it off.
 */
function firstViewOptions(): LoadOptions {
  const asked = new URLSearchParams(location.search).get('firstview');
  if (asked === 'never' || decodeView(location.hash) !== null) return {};
  return { onFirstView: (first) => show([first], true) };
}

/** Opens what the page carries or its address names (the script may run before it is parsed). */
async function start(): Promise<void> {
  wire();
  renderLegend($('legend'));
  const params = new URLSearchParams(location.search);
  const url = params.get('trace');
  const compare = params.get('compare');
  // A page with an opening section is read at once; otherwise once the page is parsed.
  const inlined =
    hasInlineOpening(document) ||
    ((await documentParsed(document)) && inlineTraceText(document) !== null);
  if (inlined) {
    void guarded('the inlined trace', async () => {
      const inline = await loadInline(document, firstViewOptions());
      if (inline === null)
        throw new Error('The page has no trace after its opening view: it may be cut off.');
      return [inline];
    });
  } else if (url !== null) {
    void guarded(url, async () =>
      compare !== null
        ? Promise.all([loadUrl(url), loadUrl(compare)])
        : [await loadUrl(url, firstViewOptions())],
    );
  } else {
    setStatus('Open a trace (trace.json or NDJSON) to begin.');
    viz.ready = true;
  }
}

void start();
