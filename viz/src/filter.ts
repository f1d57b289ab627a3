/**
 * Filtering: which messages and marks a view shows, by move, participant, node, step and kind.
 *
 * Pure functions over the model; an empty criterion lets everything through. It does not hide
 * lifelines (that is folding, fold.ts) and does not search (search.ts highlights, not filters).
 */
import { isCauseMark } from './causes.js';
import type { Mark, Message, Model } from './model.js';

/** The filter a view applies. `undefined` means "any". Step 0 stands for "no step". */
export interface Filter {
  move?: string | undefined;
  participant?: string | undefined;
  node?: string | undefined;
  step?: number | undefined;
  kind?: string | undefined;
}

/** True when the filter lets everything through. */
export function isEmptyFilter(f: Filter): boolean {
  return (
    f.move === undefined &&
    f.participant === undefined &&
    f.node === undefined &&
    f.step === undefined &&
    f.kind === undefined
  );
}

/** True when a message passes the filter. */
export function messagePasses(m: Message, f: Filter): boolean {
  if (f.move !== undefined && m.move !== f.move) return false;
  if (f.participant !== undefined && m.participant !== f.participant) return false;
  if (f.node !== undefined && m.from !== f.node && m.to !== f.node) return false;
  if (f.step !== undefined && (m.step ?? 0) !== f.step) return false;
  if (f.kind !== undefined && m.kind !== f.kind) return false;
  return true;
}

/** True when a local mark passes the filter. */
export function markPasses(k: Mark, f: Filter): boolean {
  if (f.move !== undefined && k.move !== f.move) return false;
  if (f.participant !== undefined && k.participant !== f.participant) return false;
  if (f.node !== undefined && k.node !== f.node) return false;
  if (f.step !== undefined && (k.step ?? 0) !== f.step) return false;
  if (f.kind !== undefined && k.kind !== f.kind) return false;
  return true;
}

/** Each move's messages and marks (indices, ascending), and the cause marks; once per model. */
interface MoveIndex {
  messages: Map<string, number[]>;
  marks: Map<string, number[]>;
  causeMarks: number[];
}

const moveIndexes = new WeakMap<Model, MoveIndex>();

/** The model's move index, built on first use (a large run has 10,000 moves). */
function moveIndex(model: Model): MoveIndex {
  let idx = moveIndexes.get(model);
  if (idx) return idx;
  idx = { messages: new Map(), marks: new Map(), causeMarks: [] };
  const add = (map: Map<string, number[]>, move: string | undefined, i: number): void => {
    if (move === undefined) return;
    const list = map.get(move);
    if (list) list.push(i);
    else map.set(move, [i]);
  };
  model.messages.forEach((m, i) => add((idx as MoveIndex).messages, m.move, i));
  model.marks.forEach((k, i) => {
    add((idx as MoveIndex).marks, k.move, i);
    if (isCauseMark(k)) (idx as MoveIndex).causeMarks.push(i);
  });
  moveIndexes.set(model, idx);
  return idx;
}

/** The last masks computed, for the model and filter they were computed for. */
let lastMasks: { model: Model; key: string; masks: Masks } | null = null;

type Masks = { messages: Uint8Array; marks: Uint8Array };

/**
 * Masks (1 = shown) of the model's messages and marks under a filter. A move filter visits only
 * the move's events (from the move index); the last result is kept for the same filter.
 */
export function filterMasks(model: Model, f: Filter): Masks {
  const key = JSON.stringify([f.move, f.participant, f.node, f.step, f.kind]);
  if (lastMasks?.model === model && lastMasks.key === key) return lastMasks.masks;
  const masks = computeMasks(model, f);
  lastMasks = { model, key, masks };
  return masks;
}

function computeMasks(model: Model, f: Filter): Masks {
  const messages = new Uint8Array(model.messages.length);
  const marks = new Uint8Array(model.marks.length);
  if (isEmptyFilter(f)) return { messages: messages.fill(1), marks: marks.fill(1) };
  const idx = f.move !== undefined ? moveIndex(model) : null;
  const moveNodes = new Set<string>();
  const testMessage = (m: Message, i: number): void => {
    if (!messagePasses(m, f)) return;
    messages[i] = 1;
    if (f.move !== undefined) moveNodes.add(m.from).add(m.to);
  };
  if (idx && f.move !== undefined)
    for (const i of idx.messages.get(f.move) ?? []) testMessage(model.messages[i] as Message, i);
  else model.messages.forEach(testMessage);
  if (idx && f.move !== undefined) {
    for (const i of idx.marks.get(f.move) ?? [])
      if (markPasses(model.marks[i] as Mark, f)) marks[i] = 1;
  } else model.marks.forEach((k, i) => (marks[i] = markPasses(k, f) ? 1 : 0));
  // Under a move filter alone, crashes, restarts and faults on the move's nodes stay: they
  // belong to no move but are often why it failed.
  if (idx && f.step === undefined && f.kind === undefined)
    for (const i of idx.causeMarks) if (moveNodes.has((model.marks[i] as Mark).node)) marks[i] = 1;
  return { messages, marks };
}

/** The time span of a move: from its first to its last message or mark, or null if none. */
export function moveSpan(model: Model, move: string): [number, number] | null {
  const idx = moveIndex(model);
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of idx.messages.get(move) ?? []) {
    const m = model.messages[i] as Message;
    lo = Math.min(lo, m.tSend);
    hi = Math.max(hi, m.tEnd);
  }
  for (const i of idx.marks.get(move) ?? []) {
    const k = model.marks[i] as Mark;
    lo = Math.min(lo, k.t);
    hi = Math.max(hi, k.t);
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}

/**
 * The nodes a filter leaves events on (senders and receivers of the messages it shows, nodes of
 * its marks), or undefined when the filter is empty (every node has a lifeline then).
 */
export function activeNodes(model: Model, f: Filter): Set<string> | undefined {
  if (isEmptyFilter(f)) return undefined;
  const masks = filterMasks(model, f);
  const out = new Set<string>();
  const msgs = masks.messages;
  for (let i = 0; i < msgs.length; i++)
    if (msgs[i] === 1) {
      const m = model.messages[i] as Message;
      out.add(m.from).add(m.to);
    }
  const marks = masks.marks;
  for (let i = 0; i < marks.length; i++) if (marks[i] === 1) out.add((model.marks[i] as Mark).node);
  if (f.node !== undefined) out.add(f.node);
  return out;
}
