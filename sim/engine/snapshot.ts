/**
 * Snapshots of a simulation (`Simulation.snapshot`, `restore`): a run's state at one event, to
 * go back to and take another way from there, as a controlling scheduler such as `movesim
 * explore` does instead of re-running the prefix from the start (control.ts).
 *
 * A snapshot keeps references, not copies, to the node states, the queued entries and the
 * messages: node states are shared copy-on-write. When a node's state is held by a snapshot,
 * the node's next handler (or restart) works on a copy (`copyState`) and the snapshot's object is
 * never changed again. In `immer` mode no copy is needed (a handler never changes the state it
 * was given). Everything else a run changes (the clock, counters, each node's status and random
 * streams, each link's FIFO and streams, the queue's keys, the cancelled timers, the violations
 * recorded) is written into the snapshot as plain values and put back by `restore`.
 */

/**
 * A deep copy of a node state: plain objects (keys in order, `undefined` values kept), arrays,
 * Maps and Sets (entries in order); anything else (strings, numbers, ...) as it is. Node states
 * are plain data (the engine's contract: `structuredClone` can copy them too, more slowly).
 */
export function copyState<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyState(v[i] as unknown);
    return out as T;
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, x] of v) out.set(k, copyState(x));
    return out as T;
  }
  if (v instanceof Set) {
    const out = new Set<unknown>();
    for (const x of v) out.add(copyState(x));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = copyState((v as Record<string, unknown>)[k]);
  return out as T;
}

/** A simulation's state at one event (opaque: only `Simulation.restore` reads it). */
export interface Snapshot {
  /** Marks the type; a snapshot is made only by `Simulation.snapshot`. */
  readonly kind: 'simulation-snapshot';
}
