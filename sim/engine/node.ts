/**
 * Nodes, messages and the context a handler works with.
 *
 * A node has an id, a kind, a state and one handler. The handler gets an immer draft of its
 * own node's state only, the input (a delivered message, a timer, a scenario action, a
 * restart) and a context for effects. All knowledge one node has of another travels in
 * messages. This file holds types only; the loop in `simulation.ts` applies the effects.
 */
import type { Draft } from 'immer';

import type { Distribution } from './distributions.js';
import type { RandomStream } from './random.js';
import type { Micros } from './time.js';

/** A message between two nodes. `step` and `move` are trace annotations the domain sets. */
export interface Message<D = unknown> {
  id: number;
  from: string;
  to: string;
  kind: string;
  step?: number;
  move?: string;
  data: D;
}

/** Trace annotations for a message or a local mark. */
export interface Annotations {
  step?: number;
  move?: string;
}

/** What a handler is called with. */
export type Input =
  | { type: 'message'; message: Message }
  | { type: 'timer'; timerId: number; payload: unknown }
  | { type: 'action'; action: unknown }
  /** The node came back after a crash; its state is what `restart` kept. */
  | { type: 'restart' };

/** The effects a handler may have, and what it may read besides its own state. */
export interface Context {
  /** The current virtual time in microseconds. */
  readonly now: Micros;
  /** The id of the node whose handler is running. */
  readonly self: string;
  /**
   * Sends a message; it arrives after this node's processing delay and the link's latency.
   * `data` is a JSON value (plain objects, arrays, strings, numbers, booleans, null; no Maps
   * or Sets), and a value from then on: neither the sender nor the receiver changes it.
   */
  send(to: string, kind: string, data: unknown, notes?: Annotations): void;
  /** Calls this node's handler with `payload` after `delayUs`; returns an id for `cancelTimer`. */
  setTimer(delayUs: Micros, payload: unknown): number;
  /** Cancels a timer set by this node; cancelling a fired or unknown timer does nothing. */
  cancelTimer(timerId: number): void;
  /** The named random stream `name`, scoped to this node (`<node>:<name>`). */
  random(name: string): RandomStream;
  /** Writes a log line (a CMS-style line, for `cms.log`). */
  log(line: string): void;
  /**
   * Records a local event: something that happened in this node with no message. `data` is a JSON
   * value.
   */
  mark(kind: string, data?: unknown, notes?: Annotations): void;
}

/** A handler: reads and changes its own node's state (a draft), has effects through `ctx`. */
export type Handler<S> = (state: Draft<S>, input: Input, ctx: Context) => void;

/** How to add a node to a simulation. */
export interface NodeSpec<S = unknown> {
  id: string;
  kind: string;
  /** A human name for traces and diagrams; defaults to the id. */
  label?: string;
  state: S;
  /**
   * Optional: makes the initial state again, each call a new object equal to `state` (a pure
   * function of the node's configuration). Given, the simulation keeps no copy of the initial
   * state: it makes one when it needs it (a restart, `initialStates`), and `state` is the live
   * state from the start (in `mutable` mode handlers change it in place). Default: the
   * simulation keeps `state` as the initial state and, in `mutable` mode, copies it on first use.
   */
  makeState?: () => S;
  handler: Handler<S>;
  /** Time a node takes to handle an input before its first send; default none. */
  processing?: Distribution;
  /**
   * What survives a crash: given the state at the crash, returns the state after the restart.
   * Default: the initial state (nothing survives).
   */
  restart?: (stateAtCrash: S, initialState: S) => S;
}
