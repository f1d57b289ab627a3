/**
 * References in a sketch: how the explorer draws them (plain integers, a time aimed at a move, a
 * node by role and index) and what they resolve to in the scenario (ids such as `cb2`, times in
 * milliseconds). Every integer is resolved modulo the list it points into, so any drawn or
 * shrunk value is valid.
 */
import fc from 'fast-check';

import { MOVE_STEP_COUNT } from '../cms/protocol.js';
import type { NodeRef, StepRoleRef, TimeRef } from './sketch.js';

/**
 * Lets shrinking jump to an earlier branch of a `oneof`, so shrunk cases reach the plainest choice.
 */
export const CROSS: fc.OneOfConstraints = { withCrossShrink: true };

/** An index into a list, resolved modulo the list's length. */
export const ref = fc.nat({ max: 15 });

/**
 * A time aimed at a move (usually into its first 300 ms, where the 11 steps run) or absolute;
 * an absolute time seldom falls in the first 1.5 s, where the joins run (a fault there mostly
 * makes the later moves fail with `participantNotFound`, before anything moves).
 */
export const timeRefArb: fc.Arbitrary<TimeRef> = fc.oneof(
  CROSS,
  { weight: 8, arbitrary: fc.record({ move: ref, offsetMs: fc.integer({ min: -100, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ atMs: fc.integer({ min: 1500, max: 9000 }) }) },
  { weight: 1, arbitrary: fc.record({ atMs: fc.integer({ min: 0, max: 1500 }) }) },
);

/** A node by role, mostly a call bridge. */
export const nodeRefArb: fc.Arbitrary<NodeRef> = fc.record({
  role: fc.oneof(
    CROSS,
    { weight: 4, arbitrary: fc.constant('callbridge' as const) },
    { weight: 2, arbitrary: fc.constant('webbridge' as const) },
    { weight: 1, arbitrary: fc.constantFrom('browser' as const, 'cmm' as const) },
  ),
  index: ref,
});

/** A step of a move, any of them with the same weight. */
export const stepArb = fc.integer({ min: 1, max: MOVE_STEP_COUNT });

/**
 * A time aimed inside a move: from its request to 300 ms after (the 11 steps of a healthy move
 * take tens of milliseconds with the generated latencies; a later time catches slow ones).
 */
export const inMoveTimeArb: fc.Arbitrary<TimeRef> = fc.record({
  move: ref,
  offsetMs: fc.oneof(
    CROSS,
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }) },
  ),
});

/** One side of a step of a move. */
export const stepRoleArb: fc.Arbitrary<StepRoleRef> = fc.record({
  step: stepArb,
  move: ref,
  side: fc.constantFrom('sender' as const, 'receiver' as const),
});

/** A duration as an author writes it. */
export const ms = (n: number): string => `${Math.max(0, Math.round(n))}ms`;

/** Index `i` resolved into a list of `n` items. */
export const pick = (n: number, i: number): number => ((i % n) + n) % n;

/** A sketch's moves, flattened, with their request times in milliseconds. */
export interface FlatMove {
  atMs: number;
  participant: number;
  to: number;
  via: number | null;
}

/** What the references of one sketch resolve to. */
export interface Resolve {
  time: (t: TimeRef) => number;
  node: (r: NodeRef) => string;
  /** The node of a step's role in a move; undefined when there is no move or no such side. */
  stepRole: (r: StepRoleRef) => string | undefined;
  cb: (i: number) => string;
  space: (i: number) => string;
  who: (i: number) => string;
  flat: FlatMove[];
  spaces: number;
}
