/**
 * Node state for the inspector: replaying a node's immer JSON patches from its initial state.
 *
 * "Before" an event is the node's state with every patch recorded before the event; "after"
 * adds the patches the node recorded from the event until it next receives a message (the
 * rest of the handler that ran the event). Pure; it never mutates the trace's objects.
 */
import type { PatchOp } from '../../sim/engine/trace.js';
import { upperBound } from './layout.js';
import type { Model } from './model.js';

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice();
  if (typeof v === 'object' && v !== null) return { ...(v as Record<string, unknown>) };
  return v;
}

/** Applies JSON patches (replace, add, remove) to a value, copying along each path. */
export function applyPatches(base: unknown, patches: readonly PatchOp[]): unknown {
  let root = base;
  for (const p of patches) {
    const path = Array.isArray(p.path) ? p.path : [];
    if (path.length === 0) {
      root = p.op === 'remove' ? undefined : p.value;
      continue;
    }
    root = clone(root ?? (typeof path[0] === 'number' ? [] : {}));
    let cur = root as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string | number;
      const next = clone(cur[key] ?? (typeof path[i + 1] === 'number' ? [] : {}));
      cur[key] = next;
      cur = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1] as string | number;
    if (Array.isArray(cur)) {
      const idx = last === '-' ? cur.length : Number(last);
      if (p.op === 'add') cur.splice(idx, 0, p.value);
      else if (p.op === 'remove') cur.splice(idx, 1);
      else cur[idx] = p.value;
    } else if (p.op === 'remove') {
      delete cur[last];
    } else {
      cur[last] = p.value;
    }
  }
  return root;
}

/** True when the trace has state for the inspector (initial states or patches). */
export function hasState(model: Model): boolean {
  return model.initialStates !== undefined || model.statePatches.size > 0;
}

/** A node's state after every patch with seq < `seq`. */
export function stateBefore(model: Model, node: string, seq: number): unknown {
  let s: unknown = model.initialStates?.[node];
  for (const entry of model.statePatches.get(node) ?? []) {
    if (entry.seq >= seq) break;
    s = applyPatches(s, entry.patches);
  }
  return s;
}

/** A node's state before and after an event at `seq` that it sent or received. */
export function stateAround(
  model: Model,
  node: string,
  seq: number,
): { before: unknown; after: unknown } {
  const delivers = model.deliverSeqs.get(node) ?? [];
  const next = delivers[upperBound(delivers, seq)];
  const end = next ?? Infinity;
  const before = stateBefore(model, node, seq);
  let after = before;
  for (const entry of model.statePatches.get(node) ?? []) {
    if (entry.seq < seq) continue;
    if (entry.seq >= end) break;
    after = applyPatches(after, entry.patches);
  }
  return { before, after };
}

/** One difference between two states: where, and the value before and after. */
export interface StateChange {
  path: string;
  before: unknown;
  after: unknown;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The leaf paths where two states differ (at most `limit` of them), for the inspector. */
export function diffStates(before: unknown, after: unknown, limit = 40): StateChange[] {
  const out: StateChange[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit || a === b) return;
    if (isPlain(a) && isPlain(b) && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk(a[k], b[k], path === '' ? k : `${path}.${k}`);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push({ path: path === '' ? '(whole state)' : path, before: a, after: b });
  };
  walk(before, after, '');
  return out;
}
