/**
 * The patch recorder: handlers change their node's live state in place, as in the `mutable`
 * state mode, through a recording view that writes each change down as an immer-style JSON
 * patch (`PatchOp`). The `state` trace level uses it in `mutable` mode, so recording a change to
 * a 10,000-entry Map costs one patch instead of a copy of the Map.
 *
 * It is not immer: it shares no structure, copies no container, freezes nothing and cannot undo
 * a change. Its patches are semantically exact but not byte-identical to immer's: applied in
 * order to the state before a handler call they give the state after it, while their order,
 * their number and the shape of a few of them (a whole array or Set replaced where immer lists
 * its elements) may differ. Paths name Map entries by their key and array elements by their
 * index, as immer's do.
 *
 * How it works, in short:
 * - `begin` returns a view of the state. Reading an object, array, Map or Set through a view
 *   returns a view of it, made once per handler call (a `Proxy` for objects and arrays, a `Map`
 *   or `Set` subclass for Maps and Sets). Writing through a view applies the change to the live
 *   object and appends a patch whose path is the view's path.
 * - A value written into the state is stored without views (a view is replaced by its target),
 *   and the raw objects in it are "new": a write through a view of a new object records nothing,
 *   because the patch that stored the object covers it.
 * - Patch values are copied when the call ends (`end`), so a new object changed after it was
 *   stored is recorded with its final contents, and a kept trace never changes with the state.
 * - A write through a view whose path no longer leads to its object (the object was removed or
 *   replaced earlier in the call) records nothing: the object is no longer there, or the patch
 *   that put it elsewhere covers it.
 * - An array keeps element patches (add, replace, remove by index) until an operation would
 *   shift the index of an element a view was made of (shift, unshift or splice with such views,
 *   sort, reverse, fill, copyWithin, holes); from then on, for the rest of the call, the array is
 *   recorded as one `replace` of the whole array. A Set is always replaced whole.
 *
 * Limits: one object reachable by two paths in the state (an alias made in an earlier call) is
 * recorded through the one path the handler wrote through; accessor properties cannot be defined
 * through a view; objects that are not plain data (class instances, dates) are treated as values
 * and shared, not copied; `structuredClone` of a view does not copy the state (use `snapshot`);
 * a handler must not keep a view after its call.
 */
import {
  type AnyMap,
  type AnySet,
  ARRAY,
  arrayIndex,
  isPlainObject,
  type Key,
  kindOf,
  MAP,
  type Obj,
  OBJECT,
  SET,
  View,
  viewBehind,
  type ViewRecorder,
} from './recording-view.js';
import type { PatchOp } from './trace.js';
import { copy, replaceViewsInSet } from './view-copy.js';

export { isRecordingView, snapshot } from './view-copy.js';

function hasOwn(o: object, k: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** How many views a call keeps in its small list before it also uses a Map. */
const SMALL_CACHE = 32;

/** How many views of a state's fields are kept from call to call. */
const MAX_FIELD_VIEWS = 64;

/**
 * A set of objects for one handler call: a short list (cheap to search and to empty, where a
 * `Set`'s `clear` allocates a new table each time), then a `Set` once it grows.
 */
class CallSet {
  private readonly items: object[] = [];
  private n = 0;
  private more: Set<object> | undefined = undefined;

  get size(): number {
    return this.n + (this.more?.size ?? 0);
  }

  has(o: object): boolean {
    const items = this.items;
    for (let i = 0; i < this.n; i++) if (items[i] === o) return true;
    return this.more !== undefined && this.more.has(o);
  }

  add(o: object): void {
    if (this.has(o)) return;
    if (this.n < SMALL_CACHE) this.items[this.n++] = o;
    else (this.more ??= new Set()).add(o);
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) this.items[i] = undefined as unknown as object;
    this.n = 0;
    this.more = undefined;
  }
}

/**
 * Records the changes handlers make to a node's live state as JSON patches, one handler call
 * at a time: `begin` (hand the returned view to the handler), then `end` (the patches) or
 * `abort` (the handler threw). One recorder serves every node of a simulation.
 */
export class PatchRecorder implements ViewRecorder {
  private patches: PatchOp[] = [];
  /** The views of this call, by live object: a short list first (cheap to clear), then a Map. */
  private readonly cachedObjects: object[] = [];
  private readonly cachedViews: View[] = [];
  private cached = 0;
  private moreViews: Map<object, View> | undefined = undefined;
  /** Raw objects stored into the state in this call (and the raw objects inside them). */
  private readonly fresh = new CallSet();
  /** Arrays and Sets recorded as a whole in this call. */
  private readonly whole = new CallSet();
  /** The view of each node state, kept from call to call. */
  private readonly roots = new WeakMap<object, View>();
  /** Numbers the handler calls, so kept views know when to start afresh. */
  private calls = 0;
  private recording = false;

  /** Starts recording a handler call on `state`; returns the view to hand the handler. */
  begin<S>(state: S): S {
    if (this.recording) throw new Error('a patch recorder records one handler call at a time');
    this.recording = true;
    this.calls++;
    if (typeof state !== 'object' || state === null) return state;
    let w = this.roots.get(state);
    if (w === undefined) {
      w = new View(this, state, kindOf(state), undefined, undefined, false);
      this.roots.set(state, w);
    }
    w.call = this.calls;
    w.kids = false;
    return w.proxy as S;
  }

  /**
   * Ends the call: returns its patches in order, their values copied from the state as it is
   * now, and forgets the call's views (the handler must not keep them).
   */
  end(): PatchOp[] {
    const out = this.patches;
    this.reset();
    if (out.length === 0) return [];
    for (const p of out) {
      if (p.op !== 'remove' && typeof p.value === 'object' && p.value !== null)
        p.value = copy(p.value, true);
    }
    this.patches = [];
    return out;
  }

  /** Forgets a call that failed, with its patches; the live state keeps what the handler did. */
  abort(): void {
    this.patches = [];
    this.reset();
  }

  private reset(): void {
    for (let i = 0; i < this.cached; i++) {
      this.cachedObjects[i] = undefined as unknown as object;
      this.cachedViews[i] = undefined as unknown as View;
    }
    this.cached = 0;
    this.moreViews = undefined;
    this.fresh.clear();
    this.whole.clear();
    this.recording = false;
  }

  /**
   * The view of live object `v`, reached from `parent` at `key`: made once per call, or, for a
   * field of a node's state, kept from call to call while the field holds the same object.
   * @internal
   */
  child(v: object, parent: View, key: unknown): object {
    if (parent.parent === undefined && parent.kind === OBJECT && typeof key === 'string')
      return this.field(v, parent, key);
    const objects = this.cachedObjects;
    for (let i = 0; i < this.cached; i++) if (objects[i] === v) return this.cachedViews[i]!.proxy;
    let w = this.moreViews?.get(v);
    if (w !== undefined) return w.proxy;
    // A view stored raw into a new object earlier in the call: hand it on as it is.
    const inner = viewBehind(v);
    if (inner !== undefined) return inner.proxy;
    w = new View(
      this,
      v,
      kindOf(v),
      parent,
      key,
      parent.covered || (this.fresh.size > 0 && this.fresh.has(v)),
    );
    w.call = this.calls;
    if (this.cached < SMALL_CACHE) {
      objects[this.cached] = v;
      this.cachedViews[this.cached++] = w;
    } else {
      (this.moreViews ??= new Map()).set(v, w);
    }
    if (parent.kind === ARRAY) parent.kids = true;
    return w.proxy;
  }

  /**
   * The view of field `key` of a node's state (`root`), holding `v`: kept while the field holds
   * `v`.
   */
  private field(v: object, root: View, key: string): object {
    const fields = (root.fields ??= new Map());
    let w = fields.get(key);
    if (w === undefined || w.target !== v) {
      const inner = viewBehind(v);
      if (inner !== undefined) return inner.proxy;
      w = new View(this, v, kindOf(v), root, key, false);
      // A state used as a dictionary would keep a view of every object it ever held: keep a few.
      if (fields.size < MAX_FIELD_VIEWS || fields.has(key)) fields.set(key, w);
    }
    if (w.call !== this.calls) {
      w.call = this.calls;
      w.kids = false;
      w.covered = this.fresh.size > 0 && this.fresh.has(v);
    }
    return w.proxy;
  }

  /** `v` as a handler may see it: a view when it is an object. @internal */
  wrap(v: unknown, parent: View, key: unknown): unknown {
    return typeof v === 'object' && v !== null ? this.child(v, parent, key) : v;
  }

  /**
   * `value` as it may be stored in the live state: a view becomes its target; a raw object is
   * marked new, with the views inside it replaced by their targets. @internal
   */
  store(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const w = viewBehind(value);
    if (w !== undefined) return w.target;
    this.adopt(value);
    return value;
  }

  /**
   * Marks raw object `obj` and the raw objects in it as new, replacing the views in it by their
   * targets.
   */
  private adopt(obj: object): void {
    if (this.fresh.has(obj)) return;
    if (Array.isArray(obj)) {
      this.fresh.add(obj);
      for (let i = 0; i < obj.length; i++) {
        const e: unknown = obj[i];
        if (typeof e === 'object' && e !== null) obj[i] = this.adoptMember(e);
      }
    } else if (obj instanceof Map) {
      this.fresh.add(obj);
      for (const [k, e] of obj) {
        if (typeof e !== 'object' || e === null) continue;
        const m = this.adoptMember(e);
        if (m !== e) obj.set(k, m);
      }
    } else if (obj instanceof Set) {
      this.fresh.add(obj);
      replaceViewsInSet(obj);
      for (const e of obj) if (typeof e === 'object' && e !== null) this.adopt(e);
    } else if (isPlainObject(obj)) {
      this.fresh.add(obj);
      for (const k in obj) {
        const e = (obj as Obj)[k];
        if (typeof e !== 'object' || e === null) continue;
        const m = this.adoptMember(e);
        if (m !== e) (obj as Obj)[k] = m;
      }
    }
  }

  /** A member of a new object as it stays there: a view's target, or the raw object, adopted. */
  private adoptMember(e: object): object {
    const w = viewBehind(e);
    if (w !== undefined) return w.target;
    this.adopt(e);
    return e;
  }

  /**
   * Whether a change inside `view`'s object is recorded as a patch at the view's path. Not
   * when the object is new (covered), inside a Set or an array recorded whole (that container
   * is recorded whole instead), or no longer where its path says.
   */
  private route(view: View): boolean {
    if (view.covered) return false;
    if (view.inSet || this.whole.size > 0) {
      let top: View | undefined;
      for (let w: View | undefined = view; w !== undefined; w = w.parent) {
        if (w.kind === SET || this.whole.has(w.target)) top = w;
      }
      if (top !== undefined) {
        this.replaceWhole(top);
        return false;
      }
    }
    return this.attached(view);
  }

  /**
   * Records `view`'s array as a whole from now on in this call (or the container above it that
   * already is). @internal
   */
  wholeChange(view: View): void {
    if (view.covered) return;
    let top = view;
    for (let w = view.parent; w !== undefined; w = w.parent) {
      if (w.kind === SET || this.whole.has(w.target)) top = w;
    }
    this.replaceWhole(top);
  }

  /**
   * Records one `replace` of `top`'s whole container, once per call; later changes inside it need
   * none.
   */
  private replaceWhole(top: View): void {
    if (this.whole.has(top.target)) return;
    this.whole.add(top.target);
    if (this.attached(top))
      this.patches.push({ op: 'replace', path: top.path.slice(), value: top.target });
  }

  /** True when each object on `view`'s path is still where the path says. */
  private attached(view: View): boolean {
    for (let w = view; w.parent !== undefined; w = w.parent) {
      const p = w.parent;
      const at =
        p.kind === MAP ? (p.target as AnyMap).get(w.key) : (p.target as Obj)[w.key as string];
      if (at !== w.target) return false;
    }
    return true;
  }

  private push(op: PatchOp['op'], view: View, key: Key, value?: unknown): void {
    const path = [...view.path, key];
    this.patches.push(op === 'remove' ? { op, path } : { op, path, value });
  }

  /** `obj[prop] = value` through an object view. @internal */
  assign(view: View, prop: string | symbol, value: unknown): void {
    const t = view.target as Obj;
    const v = this.store(value);
    const had = hasOwn(t, prop);
    if (had && t[prop] === v) return;
    t[prop] = v;
    if (typeof prop === 'string' && this.route(view))
      this.push(had ? 'replace' : 'add', view, prop, v);
  }

  /** `delete obj[prop]` through an object view. @internal */
  remove(view: View, prop: string | symbol): void {
    const t = view.target as Obj;
    if (!hasOwn(t, prop)) return;
    delete t[prop];
    if (typeof prop === 'string' && this.route(view)) this.push('remove', view, prop);
  }

  /** `map.set(key, value)` through a Map view. @internal */
  mapSet(view: View, key: unknown, value: unknown): void {
    const t = view.target as AnyMap;
    const v = this.store(value);
    const had = t.has(key);
    if (had && t.get(key) === v) return;
    t.set(key, v);
    if (this.route(view)) this.push(had ? 'replace' : 'add', view, key as Key, v);
  }

  /** `map.delete(key)` through a Map view. @internal */
  mapDelete(view: View, key: unknown): boolean {
    if (!(view.target as AnyMap).delete(key)) return false;
    if (this.route(view)) this.push('remove', view, key as Key);
    return true;
  }

  /** `map.clear()` through a Map view: recorded as the Map replaced by an empty one. @internal */
  mapClear(view: View): void {
    const t = view.target as AnyMap;
    if (t.size === 0) return;
    t.clear();
    if (this.route(view))
      this.patches.push({ op: 'replace', path: view.path.slice(), value: new Map() });
  }

  /** `set.add(value)` through a Set view. @internal */
  setAdd(view: View, value: unknown): void {
    const t = view.target as AnySet;
    const v = this.store(value);
    if (t.has(v)) return;
    t.add(v);
    this.route(view);
  }

  /** `set.delete(value)` through a Set view. @internal */
  setDelete(view: View, value: unknown): boolean {
    if (!(view.target as AnySet).delete(value)) return false;
    this.route(view);
    return true;
  }

  /** `set.clear()` through a Set view. @internal */
  setClear(view: View): void {
    const t = view.target as AnySet;
    if (t.size === 0) return;
    t.clear();
    this.route(view);
  }

  /**
   * Removes `count` members at `start` of `view`'s array and inserts `items` there, recording
   * index patches, or the whole array when the change would shift members a view was made of.
   * Returns the removed members, as views. @internal
   */
  arraySplice(view: View, start: number, count: number, items: unknown[]): unknown[] {
    const t = view.target as unknown[];
    const values = items.length === 0 ? items : items.map((x) => this.store(x));
    if (view.kids && count !== values.length && start + count < t.length) this.wholeChange(view);
    const removed =
      count === 0 && values.length === 1 && start === t.length
        ? (t.push(values[0]), [])
        : t.splice(start, count, ...values);
    if (this.route(view)) {
      for (let i = 0; i < count; i++) this.push('remove', view, start);
      for (let i = 0; i < values.length; i++) this.push('add', view, start + i, values[i]);
    }
    for (let i = 0; i < removed.length; i++) removed[i] = this.wrap(removed[i], view, start + i);
    return removed;
  }

  /** `array[prop] = value` (an index or `length`) through an array view. @internal */
  arraySet(view: View, prop: string | symbol, value: unknown): void {
    const t = view.target as unknown[];
    if (prop === 'length') {
      const before = t.length;
      t.length = value as number;
      if (t.length > before) this.wholeChange(view);
      else if (t.length < before && this.route(view)) {
        for (let i = before - 1; i >= t.length; i--) this.push('remove', view, i);
      }
      return;
    }
    const i = typeof prop === 'string' ? arrayIndex(prop) : -1;
    if (i < 0) {
      // A property that is not an index is not part of an array's JSON form: applied, not recorded.
      (t as unknown as Obj)[prop] = this.store(value);
      return;
    }
    const v = this.store(value);
    const len = t.length;
    if (i < len && i in t && t[i] === v) return;
    t[i] = v;
    if (i > len) this.wholeChange(view);
    else if (this.route(view)) this.push(i < len ? 'replace' : 'add', view, i, v);
  }

  /**
   * `delete array[prop]` through an array view: a hole, so the array is recorded whole. @internal
   */
  arrayDelete(view: View, prop: string | symbol): void {
    const t = view.target as unknown[];
    const i = typeof prop === 'string' ? arrayIndex(prop) : -1;
    if (i < 0) {
      delete (t as unknown as Obj)[prop];
      return;
    }
    if (!(i in t)) return;
    delete t[i];
    this.wholeChange(view);
  }
}
