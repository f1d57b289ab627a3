/**
 * The side panel: the selected message's (or mark's, or violation's) full data and the
 * sending and receiving nodes' state before and after; the moves' outcomes; the filters.
 *
 * It builds DOM with text nodes only (d3 `.text()`, `textContent`): trace strings are never
 * markup. It reports clicks to callbacks; the app decides what they do.
 */
import * as d3 from 'd3';

import { violationMoves, violationsPerMove } from './causes.js';
import { RESULT_COLORS, stepColor, WARNING_COLOR } from './colors.js';
import type { Filter } from './filter.js';
import { formatDuration, formatTime } from './format.js';
import type { Message, Model, Outcome } from './model.js';
import { promiseOf } from './promises.js';
import { safeJson } from './search-index.js';
import { diffStates, hasState, stateAround } from './state.js';
import type { Target } from './view.js';

type Div = d3.Selection<HTMLDivElement, unknown, null, undefined>;

function field(
  dl: d3.Selection<HTMLDListElement, unknown, null, undefined>,
  name: string,
  value: string,
): void {
  dl.append('dt').text(name);
  dl.append('dd').text(value);
}

/** Shows a node's state before and after an event: what changed, then both states in full. */
function stateBox(parent: Div, title: string, s: { before: unknown; after: unknown }): void {
  const box = parent.append('div').attr('class', 'databox state-change');
  box.append('div').attr('class', 'databox-title').text(`${title}: what changed`);
  const changes = diffStates(s.before, s.after);
  if (changes.length === 0) box.append('pre').text('(no change)');
  else
    box
      .append('pre')
      .text(
        changes
          .map(
            (c) =>
              `${c.path}: ${c.before === undefined ? '∅' : safeJson(c.before)} → ${c.after === undefined ? '∅' : safeJson(c.after)}`,
          )
          .join('\n'),
      );
  const full = parent.append('details').attr('class', 'state-full');
  full.append('summary').text(`${title}: full state before and after`);
  const d = full as unknown as Div;
  pre(d, `${title} state before`, s.before, 'state-before');
  pre(d, `${title} state after`, s.after, 'state-after');
}

function pre(parent: Div, title: string, value: unknown, cls: string): void {
  const box = parent.append('div').attr('class', `databox ${cls}`);
  box.append('div').attr('class', 'databox-title').text(title);
  box.append('pre').text(value === undefined ? '(none)' : safeJson(value, 2));
}

/** What the selection panel's buttons on a message do. */
export interface SelectionActions {
  /** Select the message (by index) whose delivery made the sender send this one. */
  onCause: (message: number) => void;
  /** Select the event (by seq) where the message was delivered or dropped. */
  onDelivery: (seq: number) => void;
}

/** Buttons to jump from a message to its cause and to its delivery (or drop). */
function jumpButtons(root: Div, a: { first: Message; last: Message }, act: SelectionActions): void {
  const row = root.append('div').attr('class', 'jumps');
  const cause = a.first.cause;
  row
    .append('button')
    .attr('type', 'button')
    .attr('class', 'jump-cause')
    .attr('title', 'the message whose delivery made the sender send this one (C)')
    .property('disabled', cause < 0)
    .text('↑ jump to cause')
    .on('click', () => act.onCause(cause));
  const end = a.last.endSeq;
  row
    .append('button')
    .attr('type', 'button')
    .attr('class', 'jump-delivery')
    .attr('title', 'where this message was delivered or dropped (E)')
    .property('disabled', end < 0)
    .text(a.last.status === 'dropped' ? '↓ jump to drop' : '↓ jump to delivery')
    .on('click', () => act.onDelivery(end));
}

/** Shows a node selected from its lifeline header: its name, kind and id. */
export function renderNodeSelection(el: HTMLDivElement, model: Model, id: string): void {
  const root = d3.select(el);
  root.selectAll('*').remove();
  const n = model.nodes.find((x) => x.id === id);
  root
    .append('h3')
    .attr('class', 'sel-title')
    .text(`node ${n?.label ?? id}`);
  const dl = root.append('dl');
  field(dl, 'id', id);
  field(dl, 'kind', n?.kind ?? 'unknown');
}

/** Shows the details of a target in the selection panel (or a hint when nothing is selected). */
export function renderSelection(
  el: HTMLDivElement,
  model: Model,
  target: Target | null,
  actions?: SelectionActions,
): void {
  const root = d3.select(el);
  root.selectAll('*').remove();
  if (target === null) {
    root
      .append('p')
      .attr('class', 'hint')
      .text(
        'Click an arrow, a mark or a red violation to see its data. ←/→ step through events; ? shows the keys.',
      );
    return;
  }
  if (target.type === 'violation') {
    const v = model.violations[target.index];
    if (!v) return;
    root.append('h3').attr('class', 'sel-title violation').text(`violation: ${v.invariant}`);
    root
      .append('p')
      .attr('class', 'promise')
      .text(`It promises: ${promiseOf(v.invariant)}`);
    const dl = root.append('dl');
    field(dl, 'time', formatTime(v.t, 1));
    field(dl, 'detail', v.detail);
    if (v.seq >= 0) field(dl, 'event', `#${v.seq}`);
    return;
  }
  if (target.type === 'mark') {
    const k = model.marks[target.index];
    if (!k) return;
    root
      .append('h3')
      .attr('class', 'sel-title')
      .style('color', stepColor(k.step))
      .text(k.step !== undefined ? `${k.step} ${k.kind}` : k.kind);
    const dl = root.append('dl');
    field(dl, 'node', k.node);
    field(dl, 'time', formatTime(k.t, 1));
    field(dl, 'event', `#${k.seq}`);
    if (k.move !== undefined) field(dl, 'move', k.move);
    if (k.participant !== undefined) field(dl, 'participant', k.participant);
    pre(root, 'data', k.data, 'data');
    if (hasState(model)) stateBox(root, k.node, stateAround(model, k.node, k.seq));
    return;
  }
  const a = target.arrow;
  const msgs: Message[] = a.first === a.last ? [a.first] : [a.first, a.last];
  root.append('h3').attr('class', 'sel-title').style('color', stepColor(a.step)).text(a.label);
  if (actions) jumpButtons(root, a, actions);
  if (a.shown.kind !== 'message') {
    root
      .append('p')
      .attr('class', 'through-note')
      .text(`Folded: ${a.shown.kind} through hidden ${a.shown.via.join(', ')}`);
  }
  for (const m of msgs) {
    const dl = root.append('dl');
    field(dl, 'message', `${m.kind} (id ${m.msg})`);
    field(dl, 'from → to', `${m.from} → ${m.to}`);
    field(dl, 'sent', `${formatTime(m.tSend, 1)} (event #${m.sendSeq})`);
    const end =
      m.status === 'pending'
        ? 'not delivered by the end of the run'
        : `${formatTime(m.tEnd, 1)} (event #${m.endSeq})`;
    field(dl, m.status === 'dropped' ? 'dropped' : 'delivered', end);
    field(dl, 'latency', formatDuration(m.tEnd - m.tSend));
    if (m.step !== undefined) field(dl, 'step', String(m.step));
    if (m.move !== undefined) field(dl, 'move', m.move);
    if (m.participant !== undefined) field(dl, 'participant', m.participant);
    if (m.status === 'dropped') field(dl, 'reason', m.reason ?? '');
    if (m.duplicate) field(dl, 'duplicate', 'yes');
    pre(root, 'data', m.data, 'data');
  }
  if (hasState(model)) {
    stateBox(root, `${a.first.from} (sender)`, stateAround(model, a.first.from, a.first.sendSeq));
    if (a.last.status === 'delivered')
      stateBox(root, `${a.last.to} (receiver)`, stateAround(model, a.last.to, a.last.endSeq));
  }
  const lines = model.logs.filter(
    (l) =>
      (l.node === a.last.to && l.t === a.last.tEnd) ||
      (l.node === a.first.from && l.t === a.first.tSend),
  );
  if (lines.length > 0) {
    const box = root.append('div').attr('class', 'databox logs');
    box.append('div').attr('class', 'databox-title').text('log lines at these instants');
    box.append('pre').text(
      lines
        .slice(0, 50)
        .map((l) => `${l.node}: ${l.line}`)
        .join('\n'),
    );
  }
}

/** How the moves list is searched and sorted (kept across re-renders of the panel). */
const listState = { query: '', sort: 'time' as 'time' | 'outcome' | 'limbo' };

/** The outcomes the list shows: those matching the search, in the chosen order. */
export function listedOutcomes(
  outcomes: readonly Outcome[],
  warnings: ReadonlyMap<string, number>,
  query: string,
  sort: 'time' | 'outcome' | 'limbo',
): Outcome[] {
  const q = query.trim().toLowerCase();
  const hit = (o: Outcome): boolean =>
    q === '' ||
    [o.move, o.participant, o.from, o.to, o.result, o.reason ?? ''].some((f) =>
      f.toLowerCase().includes(q),
    );
  // Failures first when sorting by outcome: not moved, or moved with a violation.
  const badness = (o: Outcome): number => (o.result !== 'moved' ? 0 : warnings.has(o.move) ? 1 : 2);
  const rows = outcomes.filter(hit);
  if (sort === 'outcome')
    rows.sort((a, b) => badness(a) - badness(b) || a.result.localeCompare(b.result));
  else if (sort === 'limbo') rows.sort((a, b) => (b.limboMs ?? -1) - (a.limboMs ?? -1));
  else rows.sort((a, b) => a.requestedAt - b.requestedAt);
  return rows;
}

/** What each moves list element shows (its runs and click handler), to update it in place. */
const shownLists = new WeakMap<
  HTMLDivElement,
  {
    model: Model;
    other: Model | undefined;
    name: string | undefined;
    onClick: unknown;
    active: string | undefined;
  }
>();

/**
 * When the list already shows these runs, only the active move changed: marks it in place and
 * returns true (a large run's list is not rebuilt on every click). Returns false when the list
 * must be drawn afresh, or when the active move is not among the rows shown.
 */
function markActive(
  el: HTMLDivElement,
  model: Model,
  other: OtherRun | undefined,
  activeMove: string | undefined,
  onClick: (move: string) => void,
): boolean {
  const was = shownLists.get(el);
  if (
    was?.model !== model ||
    was.other !== other?.model ||
    was.name !== other?.name ||
    was.onClick !== onClick
  )
    return false;
  const rows = d3.select(el).selectAll<HTMLLIElement, Outcome>('li.outcome');
  if (activeMove !== undefined && rows.filter((o) => o.move === activeMove).empty()) return false;
  was.active = activeMove;
  rows
    .classed('active', (o) => o.move === activeMove)
    .attr('aria-pressed', (o) => String(o.move === activeMove));
  return true;
}

/** Lists the moves' outcomes, searchable and sortable; clicking one calls `onClick`. */
export function renderOutcomes(
  el: HTMLDivElement,
  model: Model,
  activeMove: string | undefined,
  onClick: (move: string) => void,
  other?: OtherRun,
): void {
  const root = d3.select(el);
  if (markActive(el, model, other, activeMove, onClick)) return;
  root.selectAll('*').remove();
  const shown = { model, other: other?.model, name: other?.name, onClick, active: activeMove };
  shownLists.set(el, shown);
  const outcomes = model.outcomes;
  if (outcomes.length === 0) {
    root.append('p').attr('class', 'hint').text('This trace lists no move outcomes.');
    return;
  }
  const warnings = violationsPerMove(model);
  const tools = root.append('div').attr('class', 'outcome-tools');
  const list = root.append('div');
  const rows = other ? bothRuns(outcomes, other.model) : outcomes;
  const draw = (): void => {
    renderOutcomeRows(list, rows, warnings, shown.active, onClick);
    if (other) markDifferences(list, rows, other);
  };
  tools
    .append('input')
    .attr('type', 'search')
    .attr('id', 'move-search')
    .attr('placeholder', 'search moves')
    .attr('aria-label', 'search moves by id, participant, space, outcome or reason')
    .property('value', listState.query)
    .on('input', function () {
      listState.query = (this as HTMLInputElement).value;
      draw();
    });
  const sort = tools.append('select').attr('id', 'move-sort').attr('aria-label', 'sort moves');
  sort
    .selectAll('option')
    .data([
      ['time', 'by time'],
      ['outcome', 'failures first'],
      ['limbo', 'longest limbo'],
    ])
    .join('option')
    .attr('value', (d) => d[0] as string)
    .property('selected', (d) => d[0] === listState.sort)
    .text((d) => d[1] as string);
  sort.on('change', function () {
    listState.sort = (this as HTMLSelectElement).value as typeof listState.sort;
    draw();
  });
  draw();
}

/** The compared run: the name its pane goes by, and its model. */
interface OtherRun {
  name: string;
  model: Model;
}

/**
 * The moves of both runs: the first run's outcomes, then the moves only the compared run has
 * (shown as `absent` in the first run, with the compared run's participant and bridges).
 */
function bothRuns(outcomes: readonly Outcome[], other: Model): Outcome[] {
  const mine = new Set(outcomes.map((o) => o.move));
  const extra = other.outcomes
    .filter((o) => !mine.has(o.move))
    .map((o) => ({ ...o, result: 'absent', reason: undefined, limboMs: undefined }));
  return extra.length === 0 ? [...outcomes] : [...outcomes, ...extra];
}

/**
 * Shows the compared run's result on every listed move, marks the moves whose outcome differs
 * (result or reason), and says how many.
 */
function markDifferences(list: Div, all: readonly Outcome[], other: OtherRun): void {
  const theirs = new Map(other.model.outcomes.map((o) => [o.move, o]));
  const differs = (o: Outcome): boolean => {
    const t = theirs.get(o.move);
    return t === undefined || t.result !== o.result || (t.reason ?? '') !== (o.reason ?? '');
  };
  const theirText = (o: Outcome): string => {
    const t = theirs.get(o.move);
    return `${other.name}: ${t === undefined ? 'absent' : t.result}${t?.reason ? ` (${t.reason})` : ''}`;
  };
  const rows = list.selectAll<HTMLLIElement, Outcome>('li.outcome');
  rows.classed('differs', differs).append('span').attr('class', 'other-result').text(theirText);
  const n = all.filter(differs).length;
  list
    .insert('p', ':first-child')
    .attr('class', 'hint compare-note')
    .text(
      n === 0
        ? `Every move ends the same in ${other.name}.`
        : `${n} move(s) end differently in ${other.name} (marked).`,
    );
}

function renderOutcomeRows(
  root: Div,
  outcomes: readonly Outcome[],
  warnings: ReadonlyMap<string, number>,
  activeMove: string | undefined,
  onClick: (move: string) => void,
): void {
  root.selectAll('*').remove();
  const all = listedOutcomes(outcomes, warnings, listState.query, listState.sort);
  // A long list shows its first part (and the active move); the search reaches the rest.
  const shown =
    all.length <= OUTCOME_LIMIT
      ? all
      : all.filter((o, i) => i < OUTCOME_LIMIT || o.move === activeMove);
  const rows = root
    .append('ul')
    .attr('class', 'outcomes')
    .selectAll('li')
    .data(shown)
    .join('li')
    .attr('class', (o) => `outcome${o.move === activeMove ? ' active' : ''}`)
    .attr('data-move', (o) => o.move)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-pressed', (o) => String(o.move === activeMove))
    .on('click', (_ev, o) => onClick(o.move))
    .on('keydown', (ev: KeyboardEvent, o) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onClick(o.move);
      }
    });
  rows
    .append('span')
    .attr('class', (o) => `result${warnings.has(o.move) ? ' warning' : ''}`)
    .style('background', (o) =>
      warnings.has(o.move) ? WARNING_COLOR : (RESULT_COLORS[o.result] ?? '#6b7280'),
    )
    .attr('title', (o) =>
      warnings.has(o.move)
        ? `${o.result}, but ${warnings.get(o.move)} violation(s) touch this move`
        : o.result,
    )
    .text((o) => (warnings.has(o.move) ? `⚠ ${o.result}` : o.result));
  rows
    .append('span')
    .attr('class', 'who')
    .text((o) => `${o.move}: ${o.participant}`);
  rows
    .append('span')
    .attr('class', 'where')
    .text((o) => `${o.from} → ${o.to}`);
  rows
    .append('span')
    .attr('class', 'limbo')
    .text((o) => (o.limboMs === undefined ? 'limbo n/a' : `limbo ${formatMs(o.limboMs)}`));
  rows
    .filter((o) => o.reason !== undefined)
    .append('span')
    .attr('class', 'reason')
    .text((o) => o.reason ?? '');
  if (shown.length < all.length) {
    root
      .append('p')
      .attr('class', 'hint')
      .text(`…and ${all.length - shown.length} more moves: search to narrow the list.`);
  } else if (all.length === 0) {
    root.append('p').attr('class', 'hint').text('No move matches the search.');
  }
}

/** A duration given in milliseconds, with at most three significant decimals. */
function formatMs(ms: number): string {
  return formatDuration(Math.round(ms * 1000));
}

/** Lists the run's violations with their invariant's promise; clicking one calls `onClick`. */
export function renderViolations(
  el: HTMLDivElement,
  model: Model,
  selected: number | null,
  onClick: (index: number) => void,
): void {
  const root = d3.select(el);
  root.selectAll('*').remove();
  if (model.violations.length === 0) {
    root.append('p').attr('class', 'hint').text('No invariant was broken in this run.');
    return;
  }
  const touches = violationMoves(model);
  const rows = root
    .append('ul')
    .attr('class', 'violations')
    .selectAll('li')
    .data(model.violations.slice(0, OUTCOME_LIMIT))
    .join('li')
    .attr('class', (v) => `violation-row${v.index === selected ? ' active' : ''}`)
    .attr('data-violation', (v) => v.index)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .on('click', (_ev, v) => onClick(v.index))
    .on('keydown', (ev: KeyboardEvent, v) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onClick(v.index);
      }
    });
  rows
    .append('span')
    .attr('class', 'inv')
    .text((v) => v.invariant);
  rows
    .append('span')
    .attr('class', 'promise')
    .text((v) => promiseOf(v.invariant));
  rows
    .append('span')
    .attr('class', 'detail')
    .text((v) => {
      const moves = touches.get(v.index) ?? [];
      return `${v.detail}${moves.length > 0 ? ` (move ${moves.join(', ')})` : ''}`;
    });
  if (model.violations.length > OUTCOME_LIMIT)
    root
      .append('p')
      .attr('class', 'hint')
      .text(`…and ${model.violations.length - OUTCOME_LIMIT} more.`);
}

/** Most outcomes listed at once. */
export const OUTCOME_LIMIT = 300;

export interface FilterControls {
  filter: Filter;
  groupBrowsers: boolean;
  hidden: ReadonlySet<string>;
}

/** Long lists not filled yet, with how each shows a chosen value (its own option only). */
const unfilled = new WeakMap<HTMLSelectElement, (value: string) => void>();

/**
 * Lists longer than this (a large run's 10,000 moves, participants and nodes) get their options
 * when the list is first focused or pressed, not when the panel is built: building them costs
 * a large run's first frame about half a second.
 */
const LONG_LIST = 200;

/** Fills a `<select>` with options ([value, text]), the one of `value` selected. */
function fillOptions(sel: HTMLSelectElement, options: [string, string][], value: string): void {
  const frag = document.createDocumentFragment();
  for (const [v, text] of options) frag.append(new Option(text, v, false, v === value));
  sel.replaceChildren(frag);
  sel.value = value;
}

function select(
  root: Div,
  name: string,
  label: string,
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
): void {
  const row = root.append('label').attr('class', 'filter-row');
  row.append('span').text(label);
  const sel = row.append('select').attr('name', name).attr('data-filter', name);
  const node = sel.node()!;
  const all: [string, string][] = [['', 'all'], ...options];
  if (options.length <= LONG_LIST) fillOptions(node, all, value);
  else {
    // Until it is first used, a long list holds only "all" and the chosen value.
    const choose = (v: string): void =>
      fillOptions(
        node,
        all.filter((o) => o[0] === '' || o[0] === v),
        v,
      );
    choose(value);
    unfilled.set(node, choose);
    const fill = (): void => {
      sel.on('focus.fill pointerdown.fill', null);
      unfilled.delete(node);
      fillOptions(node, all, node.value);
    };
    sel.on('focus.fill pointerdown.fill', fill);
  }
  sel.on('change', function () {
    onChange((this as HTMLSelectElement).value);
  });
}

/** The filter panel last built (its lists are reused while they stay the same). */
let built: { el: HTMLDivElement; model: Model; shape: string } | null = null;

/** The current controls and handler, read by the panel's callbacks when they fire. */
const live: { c: FilterControls; onChange: (c: FilterControls) => void } = {
  c: { filter: {}, groupBrowsers: false, hidden: new Set() },
  onChange: () => undefined,
};

/** Shows a filter's values in the filter lists already built. */
function showChosen(el: HTMLDivElement, f: Filter): void {
  const values: Record<string, string> = {
    move: f.move ?? '',
    participant: f.participant ?? '',
    node: f.node ?? '',
    step: f.step === undefined ? '' : String(f.step),
    kind: f.kind ?? '',
  };
  d3.select(el)
    .selectAll<HTMLSelectElement, unknown>('select[data-filter]')
    .each(function () {
      const v = values[this.dataset.filter ?? ''] ?? '';
      const choose = unfilled.get(this);
      if (choose !== undefined) choose(v);
      else this.value = v;
    });
}

/** Builds the filter controls: move, participant, node, step, kind; lifelines; grouping. */
export function renderFilters(
  el: HTMLDivElement,
  model: Model,
  controls: FilterControls,
  onChange: (c: FilterControls) => void,
): void {
  live.c = controls;
  live.onChange = onChange;
  const shape = `${controls.groupBrowsers}|${[...controls.hidden].sort().join(',')}`;
  if (built?.el === el && built.model === model && built.shape === shape) {
    // The same lists: only the chosen values change (a run's lists can be thousands long).
    showChosen(el, controls.filter);
    return;
  }
  built = { el, model, shape };
  const c = controls;
  const root = d3.select(el);
  root.selectAll('*').remove();
  const set = (patch: Partial<Filter>): void =>
    live.onChange({ ...live.c, filter: { ...live.c.filter, ...patch } });
  const opt = (v: string): string | undefined => (v === '' ? undefined : v);
  select(
    root,
    'move',
    'move',
    model.moves.map((m) => [m, m]),
    c.filter.move ?? '',
    (v) => set({ move: opt(v) }),
  );
  select(
    root,
    'participant',
    'participant',
    model.participants.map((p) => [p, p]),
    c.filter.participant ?? '',
    (v) => set({ participant: opt(v) }),
  );
  select(
    root,
    'node',
    'node',
    model.nodes.map((n) => [n.id, `${n.label} (${n.kind})`]),
    c.filter.node ?? '',
    (v) => set({ node: opt(v) }),
  );
  const steps = [
    ...new Set(model.messages.map((m) => m.step ?? 0).concat(model.marks.map((k) => k.step ?? 0))),
  ].sort((a, b) => a - b);
  select(
    root,
    'step',
    'step',
    steps.map((s) => [String(s), s === 0 ? 'no step (join flow…)' : `step ${s}`]),
    c.filter.step === undefined ? '' : String(c.filter.step),
    (v) => set({ step: v === '' ? undefined : Number(v) }),
  );
  select(
    root,
    'kind',
    'kind',
    model.kinds.map((k) => [k, k]),
    c.filter.kind ?? '',
    (v) => set({ kind: opt(v) }),
  );
  root
    .append('button')
    .attr('type', 'button')
    .attr('class', 'clear-filters')
    .text('clear filters')
    .on('click', () => live.onChange({ ...live.c, filter: {} }));

  const browsers = model.nodes.filter((n) => n.kind === 'browser').length;
  const lanes = root.append('details').attr('class', 'lifelines');
  lanes.append('summary').text('lifelines (uncheck to fold)');
  const g = lanes.append('label').attr('class', 'check');
  g.append('input')
    .attr('type', 'checkbox')
    .attr('name', 'group-browsers')
    .property('checked', c.groupBrowsers)
    .on('change', function () {
      live.onChange({ ...live.c, groupBrowsers: (this as HTMLInputElement).checked });
    });
  g.append('span').text(`group the ${browsers} browsers into one lane`);
  const keys: [string, string][] = c.groupBrowsers
    ? [
        ...model.nodes
          .filter((n) => n.kind !== 'browser')
          .map((n): [string, string] => [n.id, n.label]),
        ...(browsers > 0 ? [['browsers', `browsers (${browsers})`] as [string, string]] : []),
      ]
    : model.nodes.map((n): [string, string] => [n.id, n.label]);
  for (const [key, label] of keys) {
    const row = lanes.append('label').attr('class', 'check');
    row
      .append('input')
      .attr('type', 'checkbox')
      .attr('name', `lane-${key}`)
      .attr('data-lane', key)
      .property('checked', !c.hidden.has(key))
      .on('change', function () {
        const hidden = new Set(live.c.hidden);
        if ((this as HTMLInputElement).checked) hidden.delete(key);
        else hidden.add(key);
        live.onChange({ ...live.c, hidden });
      });
    row.append('span').text(label);
  }
}
