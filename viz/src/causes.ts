/**
 * What the viewer derives from a model to put a failure in plain sight: when each node was
 * down (crash to restart), each move's browser limbo (step 8 to the end of step 11), which
 * moves a violation touches, and which move a run should open on.
 *
 * Pure functions over the model; no DOM and no drawing (the view draws these as strips and
 * badges, the panel lists them).
 */
import { STEP } from '../../sim/cms/protocol.js';
import { isCauseKind, openingMove } from '../../sim/engine/trace-opening.js';
import type { Mark, Model, Outcome, Violation } from './model.js';

/** A span of time on one node's lifeline. */
export interface NodeSpan {
  node: string;
  t0: number;
  t1: number;
}

/**
 * True when a mark is a cause (a crash, restart or domain fault: trace-opening.ts's rule),
 * shown whatever the move.
 */
export function isCauseMark(k: Mark): boolean {
  return k.move === undefined && isCauseKind(k.kind);
}

/** Computes a value of a model once (the model never changes once built). */
function cached<T>(cache: WeakMap<Model, T>, model: Model, f: (m: Model) => T): T {
  let v = cache.get(model);
  if (v === undefined) {
    v = f(model);
    cache.set(model, v);
  }
  return v;
}

const deadCache = new WeakMap<Model, NodeSpan[]>();
const limboCache = new WeakMap<Model, (NodeSpan & { move: string })[]>();
const touchCache = new WeakMap<Model, Map<number, string[]>>();

/** Each crashed node's dead spans: from a `crash` mark to its next `restart` (or the run's end). */
export function deadSpans(model: Model): NodeSpan[] {
  return cached(deadCache, model, computeDeadSpans);
}

function computeDeadSpans(model: Model): NodeSpan[] {
  const down = new Map<string, number>();
  const out: NodeSpan[] = [];
  for (const k of model.marks) {
    if (k.kind === 'crash' && !down.has(k.node)) down.set(k.node, k.t);
    else if (k.kind === 'restart') {
      const t0 = down.get(k.node);
      if (t0 !== undefined) out.push({ node: k.node, t0, t1: k.t });
      down.delete(k.node);
    }
  }
  for (const [node, t0] of down) out.push({ node, t0, t1: model.t1 });
  return out;
}

/**
 * Each move's browser limbo: from the browser's first step-8 message to the move's last step-11
 * event (or the move's completion), on the browser's lifeline.
 */
export function limboSpans(model: Model): (NodeSpan & { move: string })[] {
  return cached(limboCache, model, computeLimboSpans);
}

function computeLimboSpans(model: Model): (NodeSpan & { move: string })[] {
  const byMove = new Map<string, NodeSpan & { move: string }>();
  for (const m of model.messages) {
    if (m.move === undefined) continue;
    const cur = byMove.get(m.move);
    if (m.step === STEP.endWebsocket && cur === undefined) {
      byMove.set(m.move, { move: m.move, node: m.from, t0: m.tSend, t1: m.tSend });
    } else if (cur && m.step === STEP.newWebsocket) {
      cur.t1 = Math.max(cur.t1, m.tEnd);
    }
  }
  for (const o of model.outcomes) {
    const s = byMove.get(o.move);
    if (s && o.completedAt !== undefined) s.t1 = Math.max(s.t1, o.completedAt);
  }
  return [...byMove.values()];
}

/** The time span of every move: from its request (or first event) to its last event. */
export function moveSpans(model: Model): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  const widen = (move: string | undefined, t0: number, t1: number): void => {
    if (move === undefined) return;
    const s = spans.get(move);
    if (s) {
      s[0] = Math.min(s[0], t0);
      s[1] = Math.max(s[1], t1);
    } else spans.set(move, [t0, t1]);
  };
  for (const m of model.messages) widen(m.move, m.tSend, m.tEnd);
  for (const k of model.marks) widen(k.move, k.t, k.t);
  return spans;
}

/**
 * The moves each violation touches: those whose id or participant its detail names, else those
 * in progress at its time. Keyed by violation index.
 */
export function violationMoves(model: Model): Map<number, string[]> {
  return cached(touchCache, model, computeViolationMoves);
}

function computeViolationMoves(model: Model): Map<number, string[]> {
  if (model.violations.length === 0) return new Map();
  const spans = moveSpans(model);
  const out = new Map<number, string[]>();
  // A move id is looked for as a whole word only where its text occurs at all (a large run has
  // 10,000 moves: no regular expression is made for the others).
  const named = (v: Violation, o: Outcome): boolean =>
    (v.detail.includes(o.move) && new RegExp(`\\b${escapeRe(o.move)}\\b`).test(v.detail)) ||
    (o.participant !== '' && v.detail.includes(o.participant));
  for (const v of model.violations) {
    let moves = model.outcomes.filter((o) => named(v, o)).map((o) => o.move);
    if (moves.length === 0)
      moves = [...spans].filter(([, s]) => v.t >= s[0] && v.t <= s[1]).map(([m]) => m);
    out.set(v.index, moves);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The number of violations touching each move. */
export function violationsPerMove(model: Model): Map<string, number> {
  const counts = new Map<string, number>();
  for (const moves of violationMoves(model).values())
    for (const m of moves) counts.set(m, (counts.get(m) ?? 0) + 1);
  return counts;
}

/**
 * The move a run opens on (trace-opening.ts's rule): the first (by request time) whose outcome
 * is not `moved` or that a violation touches, else the first move; undefined for a run with no
 * moves.
 */
export function moveToOpen(model: Model): string | undefined {
  const touched = violationsPerMove(model);
  return openingMove(model.outcomes, (m) => touched.has(m)) ?? model.moves[0];
}
