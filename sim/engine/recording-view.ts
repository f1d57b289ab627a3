/**
 * Recording views: what a handler holds of its node's live state while a `PatchRecorder`
 * (patch-recorder.ts) records a call. A view of an object or array is a `Proxy`; a view of a Map
 * or Set is a `Map` or `Set` subclass whose own storage stays empty and whose methods read and
 * write the live container. Reads return views of what they reach; writes go to the recorder,
 * which applies them to the live state and writes the patches.
 *
 * This file knows where each view sits in the state (parent and key) and turns the language's
 * operations into the recorder's; it does not decide what is recorded.
 */
export type Key = string | number;
export type Obj = Record<string | symbol, unknown>;
export type AnyMap = Map<unknown, unknown>;
export type AnySet = Set<unknown>;

/** The key under which a view answers with its `View`; no live object has it. */
const VIEW: unique symbol = Symbol('movesim.recordingView');

/** What kind of container a view shows: a plain object, an array, a Map or a Set. */
export type Kind = 0 | 1 | 2 | 3;
export const OBJECT: Kind = 0;
export const ARRAY: Kind = 1;
export const MAP: Kind = 2;
export const SET: Kind = 3;

/** The kind of container `v` is. */
export function kindOf(v: object): Kind {
  if (Array.isArray(v)) return ARRAY;
  if (v instanceof Map) return MAP;
  if (v instanceof Set) return SET;
  return OBJECT;
}

/** The view behind `value` when it is a recording view, else undefined. */
export function viewBehind(value: object): View | undefined {
  return (value as Obj)[VIEW] as View | undefined;
}

/** `value` with a view replaced by its target; anything else unchanged. */
export function unwrap(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const w = viewBehind(value);
  return w === undefined ? value : w.target;
}

/**
 * True for an object with the plain `Object` prototype or none (not an array, Map, class instance).
 */
export function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The index named by property `prop` of an array, or -1 when it is not an index. */
export function arrayIndex(prop: string): number {
  const c = prop.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const n = Number(prop);
  return Number.isInteger(n) && String(n) === prop ? n : -1;
}

/** An integer argument of an array method, as the language converts it (NaN is 0). */
function integerArg(v: unknown): number {
  const n = Math.trunc(Number(v));
  return Number.isNaN(n) ? 0 : n;
}

/** What the views ask of the recorder: the operations a handler makes, and the views they reach. */
export interface ViewRecorder {
  child(v: object, parent: View, key: unknown): object;
  wrap(v: unknown, parent: View, key: unknown): unknown;
  store(value: unknown): unknown;
  assign(view: View, prop: string | symbol, value: unknown): void;
  remove(view: View, prop: string | symbol): void;
  mapSet(view: View, key: unknown, value: unknown): void;
  mapDelete(view: View, key: unknown): boolean;
  mapClear(view: View): void;
  setAdd(view: View, value: unknown): void;
  setDelete(view: View, value: unknown): boolean;
  setClear(view: View): void;
  arraySplice(view: View, start: number, count: number, items: unknown[]): unknown[];
  arraySet(view: View, prop: string | symbol, value: unknown): void;
  arrayDelete(view: View, prop: string | symbol): void;
  wholeChange(view: View): void;
}

/**
 * What the recorder knows of one live object in one handler call: its place in the state
 * (parent view and key) and the object handed to the handler (`proxy`). For objects and arrays
 * it is also the `Proxy` handler.
 */
export class View implements ProxyHandler<object> {
  readonly proxy: object;
  /**
   * True when this object, or one it is inside, was stored during this call: its changes are
   * covered.
   */
  covered: boolean;
  /** True when this view or one above it shows a Set (whose members have no path). */
  readonly inSet: boolean;
  /**
   * True when a view of one of this array's elements was made in this call (its indices must not
   * shift).
   */
  kids = false;
  /**
   * The call this view was last made ready for (views of a state and its fields serve many calls).
   */
  call = 0;
  /**
   * For a state's view: the views of its fields, kept from call to call while the field holds the
   * same object.
   */
  fields: Map<string, View> | undefined = undefined;
  private pathCache: Key[] | undefined = undefined;

  constructor(
    readonly rec: ViewRecorder,
    readonly target: object,
    readonly kind: Kind,
    readonly parent: View | undefined,
    /** The key of this object in its parent (a Map key, a property name, an index). */
    readonly key: unknown,
    covered: boolean,
  ) {
    this.covered = covered;
    this.inSet = kind === SET || (parent !== undefined && parent.inSet);
    this.proxy =
      kind === MAP
        ? new RecordingMap(this)
        : kind === SET
          ? new RecordingSet(this)
          : new Proxy(target, this);
  }

  /** The path from the node's state to this object, as patches name it. */
  get path(): Key[] {
    if (this.pathCache === undefined) {
      this.pathCache = this.parent === undefined ? [] : [...this.parent.path, this.key as Key];
    }
    return this.pathCache;
  }

  get(target: object, prop: string | symbol): unknown {
    if (prop === VIEW) return this;
    if (this.kind === OBJECT) {
      const v = (target as Obj)[prop];
      return typeof v === 'object' && v !== null && typeof prop === 'string'
        ? this.rec.child(v, this, prop)
        : v;
    }
    if (typeof prop !== 'string') return (target as Obj)[prop];
    const m = ARRAY_METHODS[prop];
    if (m !== undefined) return m;
    const v = (target as Obj)[prop];
    if (typeof v !== 'object' || v === null) return v;
    const i = arrayIndex(prop);
    return this.rec.child(v, this, i < 0 ? prop : i);
  }

  set(_target: object, prop: string | symbol, value: unknown): boolean {
    if (this.kind === OBJECT) this.rec.assign(this, prop, value);
    else this.rec.arraySet(this, prop, value);
    return true;
  }

  deleteProperty(_target: object, prop: string | symbol): boolean {
    if (this.kind === OBJECT) this.rec.remove(this, prop);
    else this.rec.arrayDelete(this, prop);
    return true;
  }

  defineProperty(target: object, prop: string | symbol, desc: PropertyDescriptor): boolean {
    if (!('value' in desc))
      throw new TypeError(`a recording view cannot define accessor property "${String(prop)}"`);
    return this.set(target, prop, desc.value);
  }
}

/**
 * The view of a live Map: a `Map` whose methods read and write the live Map (its own storage
 * stays empty). Reads return views; writes go through the recorder.
 */
class RecordingMap extends Map<unknown, unknown> {
  constructor(private readonly w: View) {
    super();
  }

  private get live(): AnyMap {
    return this.w.target as AnyMap;
  }

  override get(k: unknown): unknown {
    const key = unwrap(k);
    return this.w.rec.wrap(this.live.get(key), this.w, key);
  }

  override has(k: unknown): boolean {
    return this.live.has(unwrap(k));
  }

  override set(k: unknown, v: unknown): this {
    this.w.rec.mapSet(this.w, unwrap(k), v);
    return this;
  }

  override delete(k: unknown): boolean {
    return this.w.rec.mapDelete(this.w, unwrap(k));
  }

  override clear(): void {
    this.w.rec.mapClear(this.w);
  }

  override forEach(cb: (v: unknown, k: unknown, m: AnyMap) => void, thisArg?: unknown): void {
    for (const [k, v] of this.live) cb.call(thisArg, this.w.rec.wrap(v, this.w, k), k, this);
  }

  override keys(): MapIterator<unknown> {
    return this.live.keys();
  }

  override *values(): MapIterator<unknown> {
    for (const [k, v] of this.live) yield this.w.rec.wrap(v, this.w, k);
  }

  override *entries(): MapIterator<[unknown, unknown]> {
    for (const [k, v] of this.live) yield [k, this.w.rec.wrap(v, this.w, k)];
  }

  override [Symbol.iterator](): MapIterator<[unknown, unknown]> {
    return this.entries();
  }
}

/** The view of a live Set: members read through it are views; any change replaces the Set whole. */
class RecordingSet extends Set<unknown> {
  constructor(private readonly w: View) {
    super();
  }

  private get live(): AnySet {
    return this.w.target as AnySet;
  }

  override has(v: unknown): boolean {
    return this.live.has(unwrap(v));
  }

  override add(v: unknown): this {
    this.w.rec.setAdd(this.w, v);
    return this;
  }

  override delete(v: unknown): boolean {
    return this.w.rec.setDelete(this.w, unwrap(v));
  }

  override clear(): void {
    this.w.rec.setClear(this.w);
  }

  override forEach(cb: (v: unknown, k: unknown, s: AnySet) => void, thisArg?: unknown): void {
    for (const v of this.live) {
      const x = this.w.rec.wrap(v, this.w, undefined);
      cb.call(thisArg, x, x, this);
    }
  }

  override *values(): SetIterator<unknown> {
    for (const v of this.live) yield this.w.rec.wrap(v, this.w, undefined);
  }

  override keys(): SetIterator<unknown> {
    return this.values();
  }

  override *entries(): SetIterator<[unknown, unknown]> {
    for (const v of this.live) {
      const x = this.w.rec.wrap(v, this.w, undefined);
      yield [x, x];
    }
  }

  override [Symbol.iterator](): SetIterator<unknown> {
    return this.values();
  }
}

// `size` and the view key are accessors on the prototypes (the lib types declare `size` a field).
for (const C of [RecordingMap, RecordingSet]) {
  Object.defineProperty(C.prototype, 'size', {
    get(this: { w: View }): number {
      return (this.w.target as AnyMap | AnySet).size;
    },
  });
  Object.defineProperty(C.prototype, VIEW, {
    get(this: { w: View }): View {
      return this.w;
    },
  });
}

/** The view of the array a method was called on (`this` is the view's proxy). */
function viewOf(self: unknown): View {
  const w = typeof self === 'object' && self !== null ? viewBehind(self) : undefined;
  if (w === undefined)
    throw new TypeError('a recording array method was called on something that is not a view');
  return w;
}

/**
 * Array methods of an array view that change the array or compare members: they act on the live
 * array and record the change. The other methods (map, find, slice, ...) are the language's own,
 * running through the view, so the members they pass on are views.
 */
const ARRAY_METHODS: Record<string, unknown> = Object.assign(Object.create(null) as object, {
  push(this: unknown, ...items: unknown[]): number {
    const w = viewOf(this);
    w.rec.arraySplice(w, (w.target as unknown[]).length, 0, items);
    return (w.target as unknown[]).length;
  },
  unshift(this: unknown, ...items: unknown[]): number {
    const w = viewOf(this);
    w.rec.arraySplice(w, 0, 0, items);
    return (w.target as unknown[]).length;
  },
  pop(this: unknown): unknown {
    const w = viewOf(this);
    const t = w.target as unknown[];
    return t.length === 0 ? undefined : w.rec.arraySplice(w, t.length - 1, 1, [])[0];
  },
  shift(this: unknown): unknown {
    const w = viewOf(this);
    return (w.target as unknown[]).length === 0 ? undefined : w.rec.arraySplice(w, 0, 1, [])[0];
  },
  splice(this: unknown, ...args: unknown[]): unknown[] {
    const w = viewOf(this);
    const len = (w.target as unknown[]).length;
    const s = args.length === 0 ? 0 : integerArg(args[0]);
    const start = s < 0 ? Math.max(len + s, 0) : Math.min(s, len);
    const count =
      args.length === 0
        ? 0
        : args.length === 1
          ? len - start
          : Math.min(Math.max(integerArg(args[1]), 0), len - start);
    return w.rec.arraySplice(w, start, count, args.slice(2));
  },
  sort(this: unknown, compare?: (a: unknown, b: unknown) => number): unknown {
    return reorder(this, (t) => t.sort(compare));
  },
  reverse(this: unknown): unknown {
    return reorder(this, (t) => t.reverse());
  },
  fill(this: unknown, value: unknown, start?: number, end?: number): unknown {
    const w = viewOf(this);
    return reorder(this, (t) => t.fill(w.rec.store(value), start, end));
  },
  copyWithin(this: unknown, targetAt: number, start: number, end?: number): unknown {
    return reorder(this, (t) => t.copyWithin(targetAt, start, end));
  },
  forEach(this: unknown, cb: Each<void>, thisArg?: unknown): void {
    each(this, (x, i, self) => {
      cb.call(thisArg, x, i, self);
      return false;
    });
  },
  some(this: unknown, cb: Each<unknown>, thisArg?: unknown): boolean {
    return each(this, (x, i, self) => Boolean(cb.call(thisArg, x, i, self))) >= 0;
  },
  every(this: unknown, cb: Each<unknown>, thisArg?: unknown): boolean {
    return each(this, (x, i, self) => !cb.call(thisArg, x, i, self)) < 0;
  },
  find(this: unknown, cb: Each<unknown>, thisArg?: unknown): unknown {
    let found: unknown;
    each(this, (x, i, self) => (cb.call(thisArg, x, i, self) ? ((found = x), true) : false), true);
    return found;
  },
  findIndex(this: unknown, cb: Each<unknown>, thisArg?: unknown): number {
    return each(this, (x, i, self) => Boolean(cb.call(thisArg, x, i, self)), true);
  },
  map(this: unknown, cb: Each<unknown>, thisArg?: unknown): unknown[] {
    const out: unknown[] = [];
    each(this, (x, i, self) => {
      out[i] = cb.call(thisArg, x, i, self);
      return false;
    });
    return out;
  },
  filter(this: unknown, cb: Each<unknown>, thisArg?: unknown): unknown[] {
    const out: unknown[] = [];
    each(this, (x, i, self) => {
      if (cb.call(thisArg, x, i, self)) out.push(x);
      return false;
    });
    return out;
  },
  includes(this: unknown, v: unknown, from?: number): boolean {
    return (viewOf(this).target as unknown[]).includes(unwrap(v), from);
  },
  indexOf(this: unknown, v: unknown, from?: number): number {
    return (viewOf(this).target as unknown[]).indexOf(unwrap(v), from);
  },
  lastIndexOf(this: unknown, v: unknown, ...from: number[]): number {
    return (viewOf(this).target as unknown[]).lastIndexOf(unwrap(v), ...from);
  },
});

/** A callback of an array iteration method. */
type Each<R> = (value: unknown, index: number, array: unknown) => R;

/**
 * Visits the members of the array view `self` as the language's iteration methods do (length
 * read once, holes skipped unless `holes`), each as a view, until `visit` returns true; returns
 * that index, or -1. Reading the live array directly spares a proxy trap per member.
 */
function each(
  self: unknown,
  visit: (value: unknown, index: number, self: unknown) => boolean,
  holes = false,
): number {
  const w = viewOf(self);
  const t = w.target as unknown[];
  const len = t.length;
  for (let i = 0; i < len; i++) {
    if (!holes && !(i in t)) continue;
    if (visit(w.rec.wrap(t[i], w, i), i, self)) return i;
  }
  return -1;
}

/** Runs `op` on the live array of view `self`, which is from now on recorded whole. */
function reorder(self: unknown, op: (t: unknown[]) => unknown): unknown {
  const w = viewOf(self);
  w.rec.wholeChange(w);
  op(w.target as unknown[]);
  return self;
}
