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

/** Masks (1 = shown) of the model's messages and marks under a filter. */
export function filterMasks(model: Model, f: Filter): { messages: Uint8Array; marks: Uint8Array } {
  const messages = new Uint8Array(model.messages.length);
  const marks = new Uint8Array(model.marks.length);
  const all = isEmptyFilter(f);
  const moveNodes = new Set<string>();
  model.messages.forEach((m, i) => {
    const pass = all || messagePasses(m, f);
    messages[i] = pass ? 1 : 0;
    if (pass && f.move !== undefined) moveNodes.add(m.from).add(m.to);
  });
  // Under a move filter alone, crashes, restarts and faults on the move's nodes stay: they
  // belong to no move but are often why it failed.
  const causes = f.move !== undefined && f.step === undefined && f.kind === undefined;
  model.marks.forEach((k, i) => {
    const cause = causes && isCauseMark(k) && moveNodes.has(k.node);
    marks[i] = all || markPasses(k, f) || cause ? 1 : 0;
  });
  return { messages, marks };
}

/** The time span of a move: from its first to its last message or mark, or null if none. */
export function moveSpan(model: Model, move: string): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of model.messages) {
    if (m.move !== move) continue;
    lo = Math.min(lo, m.tSend);
    hi = Math.max(hi, m.tEnd);
  }
  for (const k of model.marks) {
    if (k.move !== move) continue;
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
  model.messages.forEach((m, i) => {
    if (masks.messages[i] === 1) out.add(m.from).add(m.to);
  });
  model.marks.forEach((k, i) => {
    if (masks.marks[i] === 1) out.add(k.node);
  });
  if (f.node !== undefined) out.add(f.node);
  return out;
}
