/**
 * The scene: what one view shows, laid out in position units and sorted for culling.
 *
 * It joins the model, the filter, folding of hidden lifelines and the mode (true time or
 * compact) into arrows, marks and violations with positions and lane numbers. It is rebuilt
 * when those change, never on zoom or pan; pixels come later from the view's scale. Pure.
 */
import { filterMasks, type Filter } from './filter.js';
import { foldHidden, type Shown } from './fold.js';
import {
  buildIntervalIndex,
  compactRows,
  defaultJumpThreshold,
  dropFraction,
  layoutLanes,
  rowOfSeq,
  rowToTime,
  timeJumps,
  timeToRow,
  type IntervalIndex,
  type Jump,
  type LaneLayout,
  type LaneOptions,
  type Rows,
} from './layout.js';
import type { Item, Mark, Message, Model, Violation } from './model.js';

export type Mode = 'time' | 'compact';

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
  /** The shown events in seq order: what ←/→ steps through and compact mode gives rows. */
  items: Item[];
  rows: Rows | null;
  jumps: Jump[];
  pMin: number;
  pMax: number;
  timeToP: (t: number) => number;
  pToTime: (p: number) => number;
}

/** The label of a message or mark: its step number and kind. */
export function stepLabel(step: number | undefined, kind: string): string {
  return step !== undefined && step > 0 ? `${step} ${kind}` : kind;
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

  // The shown timeline: each arrow's two ends, the marks and the violations.
  const itemSeqs = new Set<number>();
  for (const s of shown) {
    const a = model.messages[s.first] as Message;
    const b = model.messages[s.last] as Message;
    itemSeqs.add(a.sendSeq);
    if (b.endSeq >= 0) itemSeqs.add(b.endSeq);
  }
  for (const k of marks) itemSeqs.add(k.seq);
  for (const v of model.violations) if (v.seq >= 0) itemSeqs.add(v.seq);
  const everything = itemSeqs.size === model.items.length;
  const items = everything ? model.items : model.items.filter((it) => itemSeqs.has(it.seq));

  let rows: Rows | null = null;
  let jumps: Jump[] = [];
  let timeToP: (t: number) => number;
  let pToTime: (p: number) => number;
  let pMin: number;
  let pMax: number;
  if (opts.mode === 'compact') {
    const r = compactRows(items);
    rows = r;
    jumps = timeJumps(r, defaultJumpThreshold(r));
    timeToP = (t) => timeToRow(r, t);
    pToTime = (p) => rowToTime(r, p);
    pMin = -1;
    pMax = Math.max(1, items.length);
  } else {
    timeToP = (t) => t;
    pToTime = (p) => p;
    const span = opts.span ?? [model.t0, model.t1];
    const pad = Math.max(1, (span[1] - span[0]) * 0.02);
    pMin = span[0] - pad;
    pMax = span[1] + pad;
  }
  const posOf = (seq: number, t: number): number => {
    if (rows === null) return t;
    const r = rowOfSeq(rows, seq);
    return r >= 0 ? r : timeToRow(rows, t);
  };

  const arrows: SceneArrow[] = shown.map((s) => {
    const first = model.messages[s.first] as Message;
    const last = model.messages[s.last] as Message;
    const dropped = last.status === 'dropped';
    const p0 = posOf(first.sendSeq, first.tSend);
    const p1 = posOf(last.endSeq, last.tEnd);
    const step = first.step ?? last.step ?? 0;
    const through = s.kind !== 'message';
    const kindLabel = s.kind === 'through' && first.kind !== last.kind ? `${first.kind} ⇢ ${last.kind}` : first.kind;
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
  });
  let sorted = true;
  for (let i = 1; i < arrows.length && sorted; i++) {
    const a = arrows[i - 1] as SceneArrow;
    const b = arrows[i] as SceneArrow;
    if (a.p0 > b.p0 || (a.p0 === b.p0 && a.seq0 > b.seq0)) sorted = false;
  }
  if (!sorted) arrows.sort((a, b) => a.p0 - b.p0 || a.seq0 - b.seq0);
  const p0s = new Float64Array(arrows.length);
  const p1s = new Float64Array(arrows.length);
  const arrowPair = new Int32Array(arrows.length);
  const arrowStep = new Uint8Array(arrows.length);
  const nLanes = lanes.lanes.length;
  arrows.forEach((a, i) => {
    p0s[i] = a.p0;
    p1s[i] = a.p1;
    arrowPair[i] = a.fromLane * nLanes + a.toLane;
    arrowStep[i] = a.step;
  });

  const sceneMarks: SceneMark[] = marks
    .map((k) => ({ mark: k, p: posOf(k.seq, k.t), lane: lanes.laneOf.get(k.node) ?? 0, label: stepLabel(k.step, k.kind) }))
    .sort((a, b) => a.p - b.p);
  const violations: SceneViolation[] = model.violations.map((v) => ({ violation: v, p: v.seq >= 0 ? posOf(v.seq, v.t) : timeToP(v.t) }));

  return {
    mode: opts.mode,
    lanes,
    arrows,
    arrowIndex: buildIntervalIndex(p0s, p1s),
    arrowPair,
    arrowStep,
    marks: sceneMarks,
    markP: Float64Array.from(sceneMarks, (m) => m.p),
    violations,
    items,
    rows,
    jumps,
    pMin,
    pMax,
    timeToP,
    pToTime,
  };
}
