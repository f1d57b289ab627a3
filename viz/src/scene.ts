/**
 * The scene: what one view shows, laid out in position units and sorted for culling.
 *
 * It joins the model, the filter, folding of hidden lifelines and the mode (true time or
 * compact) into arrows, marks and violations with positions and lane numbers. It is rebuilt
 * when those change, never on zoom or pan; pixels come later from the view's scale. Pure.
 */
import { deadSpans, limboSpans } from './causes.js';
import type { Strip } from './draw-strips.js';
import { type Filter, filterMasks } from './filter.js';
import { foldHidden, type Shown } from './fold.js';
import {
  buildIntervalIndex,
  compactRows,
  defaultJumpThreshold,
  dropFraction,
  type IntervalIndex,
  type Jump,
  type LaneLayout,
  type LaneOptions,
  layoutLanes,
  rowOfSeq,
  type Rows,
  rowToTime,
  timeJumps,
  timeToRow,
} from './layout.js';
import type { Item, Mark, Message, Model, Violation } from './model.js';
import { nonlinearAxis, nonlinearP, nonlinearT } from './nonlinear.js';

/** True time, one row per event (compact), or true time with long gaps compressed. */
export type Mode = 'time' | 'compact' | 'nonlinear';

/** The modes, in the order the toolbar offers them. */
export const MODES: readonly Mode[] = ['compact', 'nonlinear', 'time'];

export interface SceneOptions {
  mode: Mode;
  filter: Filter;
  lanes: LaneOptions;
  /** Common time span to lay out over (for comparing two runs); the model's own if absent. */
  span?: [number, number] | undefined;
}

/** One arrow of the scene. */
export interface SceneArrow {
  shown: Shown;
  /** The message the arrow starts with (its send) and ends with (its deliver or drop). */
  first: Message;
  last: Message;
  p0: number;
  p1: number;
  fromLane: number;
  toLane: number;
  /** Fraction of the way to the receiver the arrow goes (less than 1 for a drop). */
  frac: number;
  dropped: boolean;
  dashed: boolean;
  /** 0 for a message with no step, else 1-11. */
  step: number;
  label: string;
  /** Seq of the event the arrow starts and ends at (-1 if none). */
  seq0: number;
  seq1: number;
}

export interface SceneMark {
  mark: Mark;
  p: number;
  lane: number;
  label: string;
}

export interface SceneViolation {
  violation: Violation;
  p: number;
}

export interface Scene {
  mode: Mode;
  lanes: LaneLayout;
  arrows: SceneArrow[];
  arrowIndex: IntervalIndex;
  /** Per arrow, in the same order: its lane pair (from × lanes + to) and its step. */
  arrowPair: Int32Array;
  arrowStep: Uint8Array;
  marks: SceneMark[];
  markP: Float64Array;
  violations: SceneViolation[];
  /** Dead spans of crashed nodes and browsers' limbo, on their lanes. */
  strips: Strip[];
  /** The shown events in seq order: what ←/→ steps through and compact mode gives rows. */
  items: Item[];
  rows: Rows | null;
  jumps: Jump[];
  pMin: number;
  pMax: number;
  timeToP: (t: number) => number;
  pToTime: (p: number) => number;
}

/** Labels made so far, by step and kind: a large run has few distinct ones and many arrows. */
const labels = new Map<string, string[]>();

/** The label of a message or mark: its step number and kind (one string per distinct pair). */
export function stepLabel(step: number | undefined, kind: string): string {
  if (step === undefined || step <= 0) return kind;
  let byStep = labels.get(kind);
  if (byStep === undefined) labels.set(kind, (byStep = []));
  return (byStep[step] ??= `${step} ${kind}`);
}

/** Builds the scene of a model under the given options. */
export function buildScene(model: Model, opts: SceneOptions): Scene {
  const lanes = layoutLanes(model.nodes, opts.lanes);
  const isHidden = (node: string): boolean => {
    const i = lanes.laneOf.get(node);
    return i !== undefined && lanes.lanes[i]?.hidden === true;
  };
  const masks = filterMasks(model, opts.filter);
  const shown = foldHidden(model.messages, masks.messages, isHidden);
  const marks = model.marks.filter((k) => masks.marks[k.index] === 1);
  const items = shownItems(model, shown, marks);
  const axis = axisOf(model, items, opts);
  const { posOf, timeToP } = axis;

  const arrows = sortedByStart(shown.map((s) => sceneArrow(model, s, lanes, posOf)));
  const sceneMarks: SceneMark[] = marks
    .map((k) => ({
      mark: k,
      p: posOf(k.seq, k.t),
      lane: lanes.laneOf.get(k.node) ?? 0,
      label: stepLabel(k.step, k.kind),
    }))
    .sort((a, b) => a.p - b.p);
  const violations: SceneViolation[] = model.violations.map((v) => ({
    violation: v,
    p: v.seq >= 0 ? posOf(v.seq, v.t) : timeToP(v.t),
  }));

  return {
    mode: opts.mode,
    lanes,
    arrows,
    ...arrowArrays(arrows, lanes.lanes.length),
    marks: sceneMarks,
    markP: Float64Array.from(sceneMarks, (m) => m.p),
    violations,
    strips: sceneStrips(model, opts.filter, lanes, timeToP),
    items,
    rows: axis.rows,
    jumps: axis.jumps,
    pMin: axis.pMin,
    pMax: axis.pMax,
    timeToP,
    pToTime: axis.pToTime,
  };
}

/**
 * The shown timeline: the items at each shown arrow's two ends, the marks and the violations.
 * Seqs are marked in a flat array (the model's items are in seq order), not a set: the whole
 * large run has over a million items.
 */
function shownItems(model: Model, shown: readonly Shown[], marks: readonly Mark[]): Item[] {
  const all = model.items;
  if (all.length === 0) return all;
  const maxSeq = Math.max(0, (all[all.length - 1] as Item).seq);
  const on = new Uint8Array(maxSeq + 1);
  const mark = (seq: number): void => {
    if (seq >= 0 && seq <= maxSeq) on[seq] = 1;
  };
  for (const s of shown) {
    mark((model.messages[s.first] as Message).sendSeq);
    mark((model.messages[s.last] as Message).endSeq);
  }
  for (const k of marks) mark(k.seq);
  for (const v of model.violations) mark(v.seq);
  let n = 0;
  for (const it of all) n += it.seq >= 0 && it.seq <= maxSeq ? (on[it.seq] as number) : 0;
  return n === all.length ? all : all.filter((it) => on[it.seq] === 1);
}

/** How the scene's position axis maps to time, in one mode. */
interface Axis {
  rows: Rows | null;
  jumps: Jump[];
  pMin: number;
  pMax: number;
  timeToP: (t: number) => number;
  pToTime: (p: number) => number;
  /** The position of an event: its row in compact mode (by seq, else time), else its time. */
  posOf: (seq: number, t: number) => number;
}

/** The axis of the mode: one row per shown item (compact), or true time padded by 2% (time). */
function axisOf(model: Model, items: readonly Item[], opts: SceneOptions): Axis {
  if (opts.mode === 'compact') {
    const r = compactRows(items);
    return {
      rows: r,
      jumps: timeJumps(r, defaultJumpThreshold(r)),
      pMin: -1,
      pMax: Math.max(1, items.length),
      timeToP: (t) => timeToRow(r, t),
      pToTime: (p) => rowToTime(r, p),
      posOf: (seq, t) => {
        const row = rowOfSeq(r, seq);
        return row >= 0 ? row : timeToRow(r, t);
      },
    };
  }
  if (opts.mode === 'nonlinear') {
    const ax = nonlinearAxis(Float64Array.from(items, (it) => it.t));
    const timeToP = (t: number): number => nonlinearP(ax, t);
    const n = ax.pos.length;
    const lo = n > 0 ? (ax.pos[0] as number) : model.t0;
    const hi = n > 0 ? (ax.pos[n - 1] as number) : model.t1;
    const pad = Math.max(1, (hi - lo) * 0.02);
    const jumps: Jump[] = [];
    for (let i = 1; i < n; i++) {
      const dt = (ax.times[i] as number) - (ax.times[i - 1] as number);
      if (dt > 5 * ax.kneeUs)
        jumps.push({ p: ((ax.pos[i] as number) + (ax.pos[i - 1] as number)) / 2, dt });
    }
    return {
      rows: null,
      jumps,
      pMin: lo - pad,
      pMax: hi + pad,
      timeToP,
      pToTime: (p) => nonlinearT(ax, p),
      posOf: (_seq, t) => timeToP(t),
    };
  }
  const span = opts.span ?? [model.t0, model.t1];
  const pad = Math.max(1, (span[1] - span[0]) * 0.02);
  return {
    rows: null,
    jumps: [],
    pMin: span[0] - pad,
    pMax: span[1] + pad,
    timeToP: (t) => t,
    pToTime: (p) => p,
    posOf: (_seq, t) => t,
  };
}

/** The arrow of one shown message (or chain of messages through hidden lifelines). */
function sceneArrow(model: Model, s: Shown, lanes: LaneLayout, posOf: Axis['posOf']): SceneArrow {
  const first = model.messages[s.first] as Message;
  const last = model.messages[s.last] as Message;
  const dropped = last.status === 'dropped';
  const p0 = posOf(first.sendSeq, first.tSend);
  const p1 = posOf(last.endSeq, last.tEnd);
  const step = first.step ?? last.step ?? 0;
  const through = s.kind !== 'message';
  const kindLabel =
    s.kind === 'through' && first.kind !== last.kind ? `${first.kind} ⇢ ${last.kind}` : first.kind;
  return {
    shown: s,
    first,
    last,
    p0,
    p1: Math.max(p0, p1),
    fromLane: lanes.laneOf.get(s.from) ?? 0,
    toLane: lanes.laneOf.get(s.to) ?? 0,
    frac: dropped ? dropFraction(last.tSend, last.tEnd, last.deliverAt) : 1,
    dropped,
    dashed: through || first.duplicate || last.duplicate,
    step,
    label: stepLabel(step, kindLabel),
    seq0: first.sendSeq,
    seq1: last.endSeq,
  };
}

/** Sorts arrows by start position, then seq, in place; most come sorted, so checks first. */
function sortedByStart(arrows: SceneArrow[]): SceneArrow[] {
  let sorted = true;
  for (let i = 1; i < arrows.length && sorted; i++) {
    const a = arrows[i - 1] as SceneArrow;
    const b = arrows[i] as SceneArrow;
    if (a.p0 > b.p0 || (a.p0 === b.p0 && a.seq0 > b.seq0)) sorted = false;
  }
  if (!sorted) arrows.sort((a, b) => a.p0 - b.p0 || a.seq0 - b.seq0);
  return arrows;
}

/** The arrows' interval index for culling and their lane pairs and steps as flat arrays. */
function arrowArrays(
  arrows: readonly SceneArrow[],
  nLanes: number,
): Pick<Scene, 'arrowIndex' | 'arrowPair' | 'arrowStep'> {
  const p0s = new Float64Array(arrows.length);
  const p1s = new Float64Array(arrows.length);
  const arrowPair = new Int32Array(arrows.length);
  const arrowStep = new Uint8Array(arrows.length);
  arrows.forEach((a, i) => {
    p0s[i] = a.p0;
    p1s[i] = a.p1;
    arrowPair[i] = a.fromLane * nLanes + a.toLane;
    arrowStep[i] = a.step;
  });
  return { arrowIndex: buildIntervalIndex(p0s, p1s), arrowPair, arrowStep };
}

/** The state strips of the scene: every dead span, and the limbo of the moves the filter shows. */
function sceneStrips(
  model: Model,
  filter: Filter,
  lanes: LaneLayout,
  timeToP: (t: number) => number,
): Strip[] {
  const out: Strip[] = [];
  for (const d of deadSpans(model)) {
    const lane = lanes.laneOf.get(d.node);
    if (lane === undefined) continue;
    out.push({ lane, p0: timeToP(d.t0), p1: timeToP(d.t1), kind: 'dead', about: d.node });
  }
  for (const l of limboSpans(model)) {
    const lane = lanes.laneOf.get(l.node);
    if (lane === undefined || (filter.move !== undefined && filter.move !== l.move)) continue;
    out.push({ lane, p0: timeToP(l.t0), p1: timeToP(l.t1), kind: 'limbo', about: l.move });
  }
  return out;
}
