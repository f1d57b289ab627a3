/**
 * Copies of live state for the patch recorder: patch values when a call ends, and the data a
 * handler sends, sets as a timer payload or marks on. A copy holds no recording view and shares
 * no array, Map, Set or plain object with the state, so it never changes with it.
 *
 * It copies plain data only: class instances and other objects are kept as they are.
 */
import { type AnySet, type Obj, unwrap, viewBehind } from './recording-view.js';

/**
 * A deep copy of `value`: arrays, Maps, Sets and plain objects are copied, a recording view is
 * replaced by a copy of its target, and anything else (primitives, class instances) is kept as
 * it is. When `fix` is true, `value` belongs to the live state, and each view found inside it is
 * also replaced there by its target.
 */
export function copy(value: unknown, fix: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const w = viewBehind(value);
  if (w !== undefined) return copy(w.target, fix);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return copyObject(value as Obj, fix);
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const e: unknown = out[i];
      if (typeof e !== 'object' || e === null) continue;
      if (fix && viewBehind(e) !== undefined) value[i] = unwrap(e);
      out[i] = copy(e, fix);
    }
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, e] of value) {
      if (typeof e === 'object' && e !== null) {
        if (fix && viewBehind(e) !== undefined) value.set(k, unwrap(e));
        out.set(k, copy(e, fix));
      } else {
        out.set(k, e);
      }
    }
    return out;
  }
  if (value instanceof Set) {
    if (fix) replaceViewsInSet(value);
    const out = new Set<unknown>();
    for (const e of value) out.add(copy(e, fix));
    return out;
  }
  return proto === null ? copyObject(value as Obj, fix) : value;
}

/** A copy of plain object `value` (see `copy`). */
function copyObject(value: Obj, fix: boolean): Obj {
  const out: Obj = {};
  for (const k in value) {
    const e = value[k];
    if (typeof e !== 'object' || e === null) {
      out[k] = e;
      continue;
    }
    if (fix && viewBehind(e) !== undefined) value[k] = unwrap(e);
    const c = copy(e, fix);
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: c,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = c;
  }
  return out;
}

/** Replaces each view among the members of live Set `s` by its target. */
export function replaceViewsInSet(s: AnySet): void {
  let views: object[] | undefined;
  for (const e of s)
    if (typeof e === 'object' && e !== null && viewBehind(e) !== undefined) (views ??= []).push(e);
  if (views === undefined) return;
  for (const v of views) {
    s.delete(v);
    s.add(viewBehind(v)!.target);
  }
}

/**
 * A deep copy of `value` holding no recording view and sharing no array, Map, Set or plain
 * object with it: what may leave a handler (a message, a timer payload, a mark) or stay in a
 * trace while the state goes on changing.
 */
export function snapshot(value: unknown): unknown {
  return copy(value, false);
}

/** True when `value` is a recording view (made by a `PatchRecorder`). */
export function isRecordingView(value: unknown): boolean {
  return typeof value === 'object' && value !== null && viewBehind(value) !== undefined;
}
