/**
 * The trace: the record of a run, and the only seam between the simulator and the viewer.
 *
 * This file defines the event shapes of `trace.json` (format "movesim-trace", version 1) and
 * the sinks that receive them. It does not decide what to record; the loop does, by trace level.
 * Times are integer microseconds of virtual time.
 */

/** How much a run records. Each level includes the ones before it. */
export type TraceLevel = 'off' | 'messages' | 'logs' | 'state';

/** The order of trace levels, lowest first. */
export const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'logs', 'state'];

/** True when `level` records at least as much as `wanted`. */
export function traceIncludes(level: TraceLevel, wanted: TraceLevel): boolean {
  return TRACE_LEVELS.indexOf(level) >= TRACE_LEVELS.indexOf(wanted);
}

/** Fields every trace event has. */
interface EventBase {
  /** Position of the event in the trace, from 0. */
  seq: number;
  /** Virtual time in microseconds. */
  t: number;
}

/** Fields of events about one message. */
interface MessageFields {
  /** The message id, unique in the run. */
  msg: number;
  from: string;
  to: string;
  kind: string;
  /** The tech note's step (1-11) this message belongs to, where it applies. */
  step?: number;
  /** The move this message belongs to, where it applies. */
  move?: string;
  data?: unknown;
}

/** A node sent a message; it will arrive at `deliverAt` unless dropped on the way. */
export interface SendEvent extends EventBase, MessageFields {
  type: 'send';
  deliverAt: number;
  /** Set on the extra copy made by a duplication fault. */
  duplicate?: boolean;
}

/** A message reached its destination and was handed to the node's handler. */
export interface DeliverEvent extends EventBase, MessageFields {
  type: 'deliver';
  duplicate?: boolean;
}

/**
 * A message was lost; `reason` says why (loss, partition, node-down, targeted-drop, what-if, ...).
 */
export interface DropEvent extends EventBase, MessageFields {
  type: 'drop';
  reason: string;
}

/** Something happened inside one node: a step with no message (4, 10), a JWT issued, a crash. */
export interface LocalEvent extends EventBase {
  type: 'local';
  node: string;
  kind: string;
  step?: number;
  move?: string;
  data?: unknown;
}

/** A CMS-style log line written by a node. */
export interface LogEvent extends EventBase {
  type: 'log';
  node: string;
  line: string;
}

/** One JSON patch operation, as immer produces them. */
export interface PatchOp {
  op: 'replace' | 'remove' | 'add';
  path: (string | number)[];
  value?: unknown;
}

/** The changes one event made to one node's state (only at the `state` trace level). */
export interface StateEvent extends EventBase {
  type: 'state';
  node: string;
  patches: PatchOp[];
}

/** An invariant was broken. */
export interface ViolationEvent extends EventBase {
  type: 'violation';
  invariant: string;
  detail: string;
}

export type TraceEvent =
  SendEvent | DeliverEvent | DropEvent | LocalEvent | LogEvent | StateEvent | ViolationEvent;

/** A node as the trace names it. */
export interface TraceNode {
  id: string;
  kind: string;
  label: string;
}

/** The whole `trace.json` file. `outcomes` and `violations` are written by the domain layer. */
export interface TraceFile {
  format: 'movesim-trace';
  version: 1;
  seed: string | number;
  scenario: string;
  units: 'us';
  nodes: TraceNode[];
  events: TraceEvent[];
  outcomes: unknown[];
  violations: { invariant: string; t: number; detail: string }[];
  /** Extra context the viewer may draw (load lanes, thresholds); optional. */
  meta?: Record<string, unknown>;
}

/** What a simulation tells its sink before the first event: the facts of a trace header. */
export interface TraceStart {
  seed: string | number;
  nodes: TraceNode[];
}

/** Receives trace events in order. */
export interface TraceSink {
  /**
   * Optional: called once, when the run starts (the first `advance`), before any event is
   * written; a streaming sink writes its header here. Nodes added later are not in it.
   */
  begin?(start: TraceStart): void;
  write(event: TraceEvent): void;
}

/** A sink that keeps every event in memory. */
export class ArraySink implements TraceSink {
  readonly events: TraceEvent[] = [];
  write(event: TraceEvent): void {
    this.events.push(event);
  }
}

/**
 * What a trace carries to be run again (`meta.rerun`): the parsed scenario (every default
 * applied, `--set` overrides and earlier what-ifs included), its seed, and the options that
 * change the trace's bytes.
 */
export interface RerunInfo {
  /** The parsed scenario as JSON (sim/scenario/schema.ts's `Scenario`). */
  scenario: unknown;
  /** The seed, as the trace's `seed` holds it (a number and its text are different bytes). */
  seed: string | number;
  traceLevel: TraceLevel;
  /** When safety checks ran: after every event, or once at the end. */
  safetyChecks: 'every-event' | 'end';
}

/**
 * The command-line arguments that changed a run's scenario (`meta.rerunArgs`, written by `run`
 * and `view` only when there were some): the viewer repeats them in a fork's command line.
 */
export interface RerunArgs {
  /** `--set PATH=VALUE` overrides, in order. */
  set: string[];
  /** `--what-if` selectors, in order. */
  whatIf: string[];
}

/**
 * The viewer's request to the in-page runner (sim/browser-runner/): run the trace's scenario
 * again, changed by one what-if selector (sim/scenario/what-if.ts, such as `msg=58:drop`).
 */
export interface ForkRequest {
  rerun: RerunInfo;
  whatIf: string;
}

/** The runner's answer: the fork's `trace.json` text, or why the fork was refused or failed. */
export type ForkReply = { ok: true; trace: string } | { ok: false; error: string };
