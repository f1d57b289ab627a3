/**
 * Invariant checks: what the domain registers and the engine runs.
 *
 * A checker is a pure function of the world returning violations as data. Safety checkers run
 * after every event; quiescence checkers once, when the queue is empty or the end time is
 * reached. The engine knows nothing of what a checker means.
 */
import type { Micros } from './time.js';

/** A read-only view of one node, as checkers see it. */
export interface NodeView<S = unknown> {
  readonly id: string;
  readonly kind: string;
  readonly up: boolean;
  readonly state: S;
}

/** A read-only view of all nodes at one instant. */
export interface World {
  readonly now: Micros;
  readonly nodes: ReadonlyMap<string, NodeView>;
  /** Why the run ended, at quiescence checks; undefined during the run. */
  readonly stopReason?: StopReason;
}

/** One broken promise. `key` identifies it, so the same violation is reported once. */
export interface Violation {
  detail: string;
  key?: string;
}

/** What every checker returns: data, never a thrown string. */
export interface CheckResult {
  ok: boolean;
  violations: Violation[];
}

export interface Checker {
  /** The invariant's name, e.g. `single-call`. */
  name: string;
  /** `safety`: after every event. `quiescence`: once at the end. */
  phase: 'safety' | 'quiescence';
  /**
   * Optional, for speed: the node kinds whose state or up/down flag this safety check reads.
   * The engine then skips it after an event that changed no node of these kinds (its result
   * could not have changed, and what it found was already reported), so the recorded
   * violations are the same. Only for checks whose result does not depend on `world.now`
   * while the run goes on. Absent: the check runs after every event.
   */
  reads?: readonly string[];
  check(world: World): CheckResult;
  /**
   * Optional, for speed: the check after an event that changed node `changed` alone (its
   * handler ran, it crashed or restarted), when the check has already run after every earlier
   * event that changed a node of its `reads` kinds. It may leave out any violation that does not
   * involve `changed`: that one held before the event too, so it was already found then, and
   * the engine reports a key once. Every other violation `check(world)` finds must be in its
   * result, in the same order. The engine asks `check` instead before every check has run once,
   * at the end of a run, and when `SimulationOptions.changedNodeChecks` is false.
   */
  checkChanged?(world: World, changed: NodeView): CheckResult;
}

/** A violation as the run records it. */
export interface RecordedViolation {
  invariant: string;
  t: Micros;
  detail: string;
}

/** Why a run stopped. */
export type StopReason = 'quiescent' | 'end-time' | 'max-events';

/**
 * The one result of every check that found nothing, shared (a check runs after every event);
 * frozen, so nobody can add to it.
 */
const NOTHING_FOUND: CheckResult = Object.freeze({
  ok: true,
  violations: Object.freeze([]) as unknown as Violation[],
});

/** Builds a `CheckResult` from a list of violations (an empty list gives the shared result). */
export function result(violations: Violation[]): CheckResult {
  return violations.length === 0 ? NOTHING_FOUND : { ok: false, violations };
}
