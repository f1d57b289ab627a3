/**
 * How a handler gets its node's state, and how that state's changes are recorded: the one
 * interface `Simulation.invoke` calls, with the four ways chosen once when a simulation is made.
 *
 * | state mode | trace level | the handler gets | patches recorded by |
 * |---|---|---|---|
 * | `immer` | below `state` | an immer draft (`produce`) | none |
 * | `immer` | `state` | an immer draft (`produceWithPatches`) | immer |
 * | `mutable` | below `state` | the live state | none |
 * | `mutable` | `state` | a recording view of the live state | `PatchRecorder` |
 *
 * `immer` is the default and the model's contract (a handler never sees another node's state
 * and its draft is revoked after it returns); `mutable` is what large runs need to finish in
 * seconds (docs/performance.md). A test shows all four give byte-identical non-state events,
 * and patches that replay to the same states.
 */
import {
  current,
  enableMapSet,
  enablePatches,
  isDraft,
  produce,
  produceWithPatches,
  setAutoFreeze,
} from 'immer';

import type { Context, Handler, Input } from './node.js';
import { PatchRecorder, snapshot } from './patch-recorder.js';
import type { PatchOp } from './trace.js';

enableMapSet();
enablePatches();
setAutoFreeze(false);

/** What a state mode needs of a node: its state (which the mode may replace) and its handler. */
export interface StatefulNode {
  state: unknown;
  handler: Handler<unknown>;
}

/** One way of running handlers on their node's state. */
export interface StateMode {
  /**
   * Runs the node's handler on its state for `input`. Returns the patches the event made (a
   * restart's first patch replaces the whole state), or undefined when patches are not recorded.
   */
  apply(node: StatefulNode, input: Input, ctx: Context): PatchOp[] | undefined;
  /**
   * What a message, timer payload or mark holds of data a handler gave: detached from drafts or
   * views.
   */
  detachOut(value: unknown): unknown;
}

/** The state mode for the simulation's options. */
export function stateModeFor(mode: 'immer' | 'mutable', recordPatches: boolean): StateMode {
  if (mode === 'immer') return recordPatches ? immerWithPatches : immerPlain;
  return recordPatches ? new RecordedLive() : live;
}

/** Handlers get an immer draft; a new state object is produced per event. */
const immerPlain: StateMode = {
  apply(node, input, ctx) {
    node.state = produce(node.state, (d) => {
      node.handler(d as never, input, ctx);
    });
    return undefined;
  },
  detachOut: detach,
};

/** Handlers get an immer draft; immer records the event's patches. */
const immerWithPatches: StateMode = {
  apply(node, input, ctx) {
    const reset = input.type === 'restart' ? node.state : undefined;
    const [next, patches] = produceWithPatches(node.state, (d) => {
      node.handler(d as never, input, ctx);
    });
    node.state = next;
    if (reset !== undefined) patches.unshift({ op: 'replace', path: [], value: reset });
    return patches as PatchOp[];
  },
  detachOut: detach,
};

/** Handlers change the live state; nothing is recorded. */
const live: StateMode = {
  apply(node, input, ctx) {
    node.handler(node.state as never, input, ctx);
    return undefined;
  },
  detachOut: passOn,
};

/** Handlers change the live state through a recording view; the recorder makes the patches. */
class RecordedLive implements StateMode {
  private readonly recorder = new PatchRecorder();

  apply(node: StatefulNode, input: Input, ctx: Context): PatchOp[] {
    // A restart replaced the state outside any handler: the first patch says so.
    const reset = input.type === 'restart' ? snapshot(node.state) : undefined;
    const view = this.recorder.begin(node.state);
    try {
      node.handler(view as never, input, ctx);
    } catch (err) {
      this.recorder.abort();
      throw err;
    }
    const patches = this.recorder.end();
    if (reset !== undefined) patches.unshift({ op: 'replace', path: [], value: reset });
    return patches;
  }

  detachOut(value: unknown): unknown {
    return snapshot(value);
  }
}

/**
 * Copies any immer draft inside `value` out as plain data, so a message or timer never holds
 * a draft that is revoked when the handler returns. Plain values pass through unchanged.
 */
export function detach(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isDraft(value)) return current(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const d = detach(v);
      if (d !== v) (out ??= [...value])[i] = d;
    }
    return out ?? value;
  }
  if (value instanceof Map || value instanceof Set) return value;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    const d = detach(v);
    if (d !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = d;
  }
  return out ?? value;
}

/** Data leaving a handler that works on the live state without recording: passed on as it is. */
function passOn(value: unknown): unknown {
  return value;
}
