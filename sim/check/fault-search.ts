/**
 * The property search's side of the fault registry (`sim/scenario/faults.ts`): for each kind of
 * fault, the sketches the explorer draws (weighted arbitraries) and how a sketch becomes the
 * fault as a scenario file writes it. Keyed by the registry's `FaultKind`, so a kind added there
 * is a compile error here until it has its entry.
 *
 * A fault that cannot apply to the case at hand (a partition whose two sides resolve to the
 * same nodes, a wrong call id with a single space or no moves) becomes nothing rather than an
 * invalid scenario.
 */
import fc from 'fast-check';

import { KIND } from '../cms/messages.js';
import type { FaultKind } from '../scenario/faults.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { NodeRef, StepRoleRef, TimeRef } from './sketch.js';
import {
  CROSS,
  inMoveTimeArb,
  ms,
  nodeRefArb,
  pick,
  ref,
  type Resolve,
  stepArb,
  stepRoleArb,
  timeRefArb,
} from './sketch-refs.js';

/** A fault as the scenario file writes it. */
type FaultInput = NonNullable<ScenarioInput['faults']>[number];

/** The sketch of each kind of fault: its references as integers, its times as `TimeRef`s. */
interface FaultSketches {
  /** A targeted drop of the message of one step, or of one message kind. */
  drop:
    | { kind: 'drop'; step: number; at: TimeRef; count: number }
    | { kind: 'drop'; message: string; at: TimeRef; count: number };
  crash: {
    kind: 'crash';
    node: NodeRef | StepRoleRef;
    at: TimeRef;
    restartAfterMs: number | null;
  };
  partition: {
    kind: 'partition';
    sideA: NodeRef[];
    sideB: NodeRef[];
    at: TimeRef;
    durationMs: number;
    oneWay: boolean;
  };
  expireJwt: { kind: 'expireJwt'; participant: number; at: TimeRef };
  revokeJwt: { kind: 'revokeJwt'; participant: number; at: TimeRef };
  outOfResources: { kind: 'outOfResources'; bridge: number; at: TimeRef; durationMs: number };
  wrongCallId: { kind: 'wrongCallId'; move: number; space: number };
  endCall: { kind: 'endCall'; space: number; at: TimeRef };
  slowBridge: {
    kind: 'slowBridge';
    bridge: number;
    at: TimeRef;
    factor: number;
    durationMs: number;
  };
}

/** A fault, as the explorer draws it. */
export type FaultSketch = FaultSketches[FaultKind];

/** One kind's part of the search. */
interface FaultSearch<K extends FaultKind> {
  /** What is drawn, with weights relative to the other kinds' arms. */
  arms: { weight: number; arbitrary: fc.Arbitrary<FaultSketches[K]> }[];
  /** The fault as the scenario file writes it, or nothing when it cannot apply to this case. */
  toInput(f: FaultSketches[K], r: Resolve): FaultInput[];
}

/** The message kinds a targeted drop may name (the join flow and the move). */
const DROPPABLE_KINDS: readonly string[] = Object.values(KIND);

/**
 * `{ from, until }` of a window that starts at `at` and lasts `durationMs`. A fault adds its own
 * key to it with `Object.assign`: a literal opening with a spread of it would get a hidden class
 * of its own each time (see `generated-scenario.ts`).
 */
const windowOf = (r: Resolve, at: TimeRef, durationMs: number) => {
  const from = r.time(at);
  return { from: ms(from), until: ms(from + durationMs) };
};

/** Each kind's arbitrary and scenario form. */
const FAULT_SEARCH: { [K in FaultKind]: FaultSearch<K> } = {
  drop: {
    arms: [
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('drop' as const),
          step: stepArb,
          at: inMoveTimeArb,
          count: fc.integer({ min: 1, max: 2 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('drop' as const),
          message: fc.constantFrom(...DROPPABLE_KINDS),
          at: timeRefArb,
          count: fc.integer({ min: 1, max: 2 }),
        }),
      },
    ],
    toInput: (f, r) => {
      const what = 'step' in f ? { step: f.step } : { kind: f.message };
      return [
        {
          at: ms(r.time(f.at)),
          drop: Object.assign(what, f.count !== 1 ? { count: f.count } : {}),
        },
      ];
    },
  },
  crash: {
    arms: [
      {
        // Aimed: the node playing one side of a step, crashed while that move runs.
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('crash' as const),
          node: stepRoleArb,
          at: inMoveTimeArb,
          restartAfterMs: fc.option(fc.integer({ min: 10, max: 2000 }), { nil: null, freq: 3 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('crash' as const),
          node: nodeRefArb,
          at: timeRefArb,
          restartAfterMs: fc.option(fc.integer({ min: 10, max: 5000 }), { nil: null, freq: 3 }),
        }),
      },
    ],
    toInput: (f, r) => {
      const node = 'step' in f.node ? r.stepRole(f.node) : r.node(f.node);
      if (node === undefined) return [];
      return [
        {
          at: ms(r.time(f.at)),
          crash: node,
          ...(f.restartAfterMs !== null ? { restartAfter: ms(f.restartAfterMs) } : {}),
        },
      ];
    },
  },
  partition: {
    arms: [
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('partition' as const),
          sideA: fc.array(nodeRefArb, { minLength: 1, maxLength: 2 }),
          sideB: fc.array(nodeRefArb, { minLength: 1, maxLength: 2 }),
          at: timeRefArb,
          durationMs: fc.integer({ min: 1, max: 6000 }),
          oneWay: fc.boolean(),
        }),
      },
    ],
    toInput: (f, r) => {
      const a = [...new Set(f.sideA.map(r.node))];
      const b = [...new Set(f.sideB.map(r.node))].filter((n) => !a.includes(n));
      if (b.length === 0) return [];
      return [
        Object.assign(windowOf(r, f.at, f.durationMs), {
          partition: {
            between: [a, b] as [string[], string[]],
            ...(f.oneWay ? { oneWay: true } : {}),
          },
        }),
      ];
    },
  },
  expireJwt: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('expireJwt' as const),
          participant: ref,
          at: timeRefArb,
        }),
      },
    ],
    toInput: (f, r) => [{ at: ms(r.time(f.at)), expireJwt: r.who(f.participant) }],
  },
  revokeJwt: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('revokeJwt' as const),
          participant: ref,
          at: timeRefArb,
        }),
      },
    ],
    toInput: (f, r) => [{ at: ms(r.time(f.at)), revokeJwt: r.who(f.participant) }],
  },
  outOfResources: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('outOfResources' as const),
          bridge: ref,
          at: timeRefArb,
          durationMs: fc.integer({ min: 1, max: 5000 }),
        }),
      },
    ],
    toInput: (f, r) => [
      Object.assign(windowOf(r, f.at, f.durationMs), { outOfResources: r.cb(f.bridge) }),
    ],
  },
  wrongCallId: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('wrongCallId' as const), move: ref, space: ref }),
      },
    ],
    toInput: (f, r) => {
      if (r.flat.length === 0 || r.spaces < 2) return [];
      const i = pick(r.flat.length, f.move);
      const target = r.flat[i]!.to;
      let other = pick(r.spaces, f.space);
      if (other === target) other = (other + 1) % r.spaces;
      return [{ wrongCallId: `space${other + 1}`, move: `m${i + 1}` }];
    },
  },
  endCall: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('endCall' as const), space: ref, at: timeRefArb }),
      },
    ],
    toInput: (f, r) => [{ at: ms(r.time(f.at)), endCall: r.space(f.space) }],
  },
  slowBridge: {
    arms: [
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('slowBridge' as const),
          bridge: ref,
          at: timeRefArb,
          factor: fc.constantFrom(2, 5, 20, 100),
          durationMs: fc.integer({ min: 1, max: 10_000 }),
        }),
      },
    ],
    toInput: (f, r) => [
      { at: ms(r.time(f.at)), slowBridge: r.cb(f.bridge), factor: f.factor, for: ms(f.durationMs) },
    ],
  },
};

/** A fault sketch: every kind's arms, in the registry's order. */
/** The arbitraries of `faultArbOf`, by the kinds they draw, made once. */
const byKinds = new Map<string, fc.Arbitrary<FaultSketch>>();

/**
 * A fault sketch of one of `kinds` only (swarm testing: a case enables a subset of the kinds,
 * so rare combinations are not drowned by common ones). `kinds` must not be empty.
 */
export function faultArbOf(kinds: readonly FaultKind[]): fc.Arbitrary<FaultSketch> {
  const key = kinds.join(',');
  let arb = byKinds.get(key);
  if (arb === undefined) {
    arb = fc.oneof(
      CROSS,
      ...kinds.flatMap(
        (k) => FAULT_SEARCH[k].arms as { weight: number; arbitrary: fc.Arbitrary<FaultSketch> }[],
      ),
    );
    byKinds.set(key, arb);
  }
  return arb;
}

/** The scenario form of one fault sketch, or nothing when it cannot apply to this case. */
export function faultInput(f: FaultSketch, r: Resolve): FaultInput[] {
  return (FAULT_SEARCH[f.kind].toInput as (f: FaultSketch, r: Resolve) => FaultInput[])(f, r);
}
