/**
 * THE FAULT REGISTRY: every kind of fault a scenario can inject, defined once.
 *
 * Each entry says, for one kind: its shape in a scenario file (the zod schema, told apart from
 * the other kinds by its key, such as `crash` or `endCall`), the reference checks of the ids it
 * names, how it is scheduled (a network fault given to the engine, a change to the cluster
 * configuration, or something done to the built simulation at a time), and how an explanation
 * describes it in a few words. Scenario files keep their keys; at load each fault gains a `kind`
 * (its key), so code switches on `f.kind`. The property search's side of each kind, its
 * arbitrary, is registered in `sim/check/fault-search.ts` under the same kinds, and the compiler
 * asks for an entry there when a kind is added here.
 */
import { z } from 'zod';

import type { CallBridgeAction } from '../cms/callbridge.js';
import { MOVE_STEP_COUNT } from '../cms/protocol.js';
import { msToUs, type Partition, type Simulation, type TargetedDrop } from '../engine/index.js';
import type { DocPath } from './problems.js';
import type { Target } from './references.js';
import { duration, Ref, timeWindow, windowError, windowOrdered } from './schema-parts.js';

/** What a fault's reference checks may ask of the scenario (`references.ts` provides it). */
export interface FaultRefs {
  /** Checks that the string at `path`, if any, names a `target`. */
  ref(path: DocPath, target: Target): void;
  /** Checks every string of the list at `path`. */
  refs(path: DocPath, target: Target): void;
  /** The items of the list at `path`, with their indices. */
  items(path: DocPath): [number, unknown][];
  /** The string at `path`, or undefined. */
  string(path: DocPath): string | undefined;
  /** The target space of move `id`, when such a move is declared. */
  moveTarget(id: string): string | undefined;
  /** Reports a problem at `path`. */
  problem(path: DocPath, message: string): void;
}

/** What the faults of a scenario do to the simulation built from it, in the scenario's order. */
export interface FaultPlan {
  /** Targeted drops, for the engine's network. */
  drops: TargetedDrop[];
  /** Partitions, for the engine's network. */
  partitions: Partition[];
  /**
   * Per move id, the space whose call id the move message wrongly names (cluster configuration).
   */
  wrongCallIds: Map<string, string>;
  /** What is scheduled on the simulation once its nodes exist. */
  onSimulation: ((sim: Simulation) => void)[];
}

/** What scheduling a fault may need to know of the scenario. */
interface PlanContext {
  /** The ids of every call bridge. */
  callBridges: readonly string[];
}

/** One kind of fault. `S` is its schema, the fault as a scenario file writes it. */
interface FaultEntry<S extends z.ZodType> {
  /** Its shape in a scenario file. */
  schema: S;
  /** Checks the ids it names; `at(...)` is the path of a key of this fault. */
  refs(
    r: FaultRefs,
    at: (...rest: (string | number)[]) => DocPath,
    fault: Record<string, unknown>,
  ): void;
  /** Schedules it. */
  plan(f: z.output<S>, p: FaultPlan, c: PlanContext): void;
  /** Describes it in a few words, e.g. `crash cb2 at 2.1s (restart after 50ms)`. */
  describe(f: z.output<S>): string;
}

/** Keeps each entry's types tied to its own schema. */
const entry = <S extends z.ZodType>(e: FaultEntry<S>): FaultEntry<S> => e;

/** A time for a description: whole seconds as `2s`, else milliseconds. */
const t = (v: number): string => (v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`);

/**
 * Schedules a call bridge action on every call bridge (facts the cluster shares, such as a JWT's
 * fate).
 */
const onEveryBridge = (
  p: FaultPlan,
  c: PlanContext,
  atMs: number,
  action: CallBridgeAction,
): void => {
  p.onSimulation.push((sim) => {
    for (const b of c.callBridges) sim.schedule(msToUs(atMs), b, action);
  });
};

/** The registry. The order is the order of the kinds in the schema's union and in the search. */
const FAULTS = {
  drop: entry({
    schema: z
      .strictObject({
        at: duration('When the rule is armed.'),
        drop: z
          .strictObject({
            kind: z
              .string()
              .optional()
              .describe('Only messages of this kind; any kind when absent.'),
            from: Ref('drop.from').optional().describe('Only messages sent by this node.'),
            to: Ref('drop.to').optional().describe('Only messages sent to this node.'),
            step: z
              .int()
              .min(1)
              .max(MOVE_STEP_COUNT)
              .optional()
              .describe(
                `Only the message of this step (1..${MOVE_STEP_COUNT}) of the move sequence.`,
              ),
            count: z.int().min(1).default(1).describe('How many matching messages are dropped.'),
          })
          .describe('Which messages are dropped.'),
      })
      .describe('Drops the next matching messages.'),
    refs(r, at) {
      r.ref(at('drop', 'from'), 'node');
      r.ref(at('drop', 'to'), 'node');
    },
    plan(f, p) {
      const d = f.drop;
      p.drops.push({
        atUs: msToUs(f.at),
        count: d.count,
        ...(d.kind !== undefined ? { kind: d.kind } : {}),
        ...(d.from !== undefined ? { from: d.from } : {}),
        ...(d.to !== undefined ? { to: d.to } : {}),
        ...(d.step !== undefined ? { step: d.step } : {}),
      });
    },
    describe(f) {
      const d = f.drop;
      const what = [
        d.step !== undefined ? `step ${d.step}` : undefined,
        d.kind,
        d.from ? `from ${d.from}` : undefined,
        d.to ? `to ${d.to}` : undefined,
      ]
        .filter((x) => x !== undefined)
        .join(' ');
      return `drop the next ${d.count > 1 ? `${d.count} messages` : 'message'} of ${what || 'any kind'} from ${t(f.at)}`;
    },
  }),

  crash: entry({
    schema: z
      .strictObject({
        at: duration('When the node crashes.'),
        crash: Ref('crash').describe('The id of the node that crashes.'),
        restartAfter: duration(
          'How long after the crash the node restarts; never when absent.',
        ).optional(),
      })
      .describe('Crashes a node, losing its state.'),
    refs(r, at) {
      r.ref(at('crash'), 'node');
    },
    plan(f, p) {
      p.onSimulation.push((sim) =>
        sim.crash(
          msToUs(f.at),
          f.crash,
          f.restartAfter === undefined ? undefined : msToUs(f.restartAfter),
        ),
      );
    },
    describe: (f) =>
      `crash ${f.crash} at ${t(f.at)}${f.restartAfter === undefined ? ' (no restart)' : ` (restart after ${t(f.restartAfter)})`}`,
  }),

  partition: entry({
    schema: z
      .strictObject({
        ...timeWindow,
        partition: z
          .strictObject({
            between: z
              .tuple([z.array(Ref('a node id')).min(1), z.array(Ref('a node id')).min(1)])
              .describe('The two sides: two lists of node ids.'),
            oneWay: z
              .boolean()
              .default(false)
              .describe('Whether only messages from the first side to the second are cut.'),
          })
          .describe('Who is cut off from whom.'),
      })
      .refine(windowOrdered, windowError)
      .describe('Cuts the network between two sets of nodes for a while.'),
    refs(r, at) {
      const sides = [0, 1].map((side) =>
        r.items(at('partition', 'between', side)).map(([, v]) => v),
      );
      for (const side of [0, 1]) r.refs(at('partition', 'between', side), 'node');
      for (const [j, v] of r.items(at('partition', 'between', 1))) {
        if (typeof v === 'string' && sides[0]?.includes(v)) {
          r.problem(
            at('partition', 'between', 1, j),
            `node "${v}" is on both sides of the partition; put it on one side`,
          );
        }
      }
    },
    plan(f, p) {
      p.partitions.push({
        fromUs: msToUs(f.from),
        untilUs: msToUs(f.until),
        sideA: [...f.partition.between[0]],
        sideB: [...f.partition.between[1]],
        oneWay: f.partition.oneWay,
      });
    },
    describe(f) {
      const [a, b] = f.partition.between;
      return `partition ${a.join('+')} ${f.partition.oneWay ? '->' : '<->'} ${b.join('+')} from ${t(f.from)} to ${t(f.until)}`;
    },
  }),

  expireJwt: entry({
    schema: z
      .strictObject({
        at: duration('When the JWT expires.'),
        expireJwt: Ref('expireJwt').describe('The id of the participant whose JWT expires.'),
      })
      .describe("Expires a participant's JWT."),
    refs(r, at) {
      r.ref(at('expireJwt'), 'participant');
    },
    plan: (f, p, c) => onEveryBridge(p, c, f.at, { type: 'expire-jwt', browser: f.expireJwt }),
    describe: (f) => `expire ${f.expireJwt}'s JWT at ${t(f.at)}`,
  }),

  revokeJwt: entry({
    schema: z
      .strictObject({
        at: duration('When the JWT is revoked.'),
        revokeJwt: Ref('revokeJwt').describe(
          'The id of the participant whose JWT the bridges forget.',
        ),
      })
      .describe("Makes a participant's JWT unknown to the bridges."),
    refs(r, at) {
      r.ref(at('revokeJwt'), 'participant');
    },
    plan: (f, p, c) => onEveryBridge(p, c, f.at, { type: 'revoke-jwt', browser: f.revokeJwt }),
    describe: (f) => `revoke ${f.revokeJwt}'s JWT at ${t(f.at)}`,
  }),

  outOfResources: entry({
    schema: z
      .strictObject({
        ...timeWindow,
        outOfResources: Ref('outOfResources').describe(
          'The id of the call bridge that refuses new participants.',
        ),
      })
      .refine(windowOrdered, windowError)
      .describe('Makes a call bridge refuse new participants for a while.'),
    refs(r, at) {
      r.ref(at('outOfResources'), 'call bridge');
    },
    plan(f, p) {
      p.onSimulation.push((sim) => {
        sim.schedule(msToUs(f.from), f.outOfResources, {
          type: 'out-of-resources',
          on: true,
        } satisfies CallBridgeAction);
        sim.schedule(msToUs(f.until), f.outOfResources, {
          type: 'out-of-resources',
          on: false,
        } satisfies CallBridgeAction);
      });
    },
    describe: (f) => `${f.outOfResources} out of resources from ${t(f.from)} to ${t(f.until)}`,
  }),

  wrongCallId: entry({
    schema: z
      .strictObject({
        wrongCallId: Ref('wrongCallId').describe(
          'The id of the space whose call the move message wrongly names.',
        ),
        move: Ref('move').describe('The id of the move affected.'),
      })
      .describe('Makes a move message name the call of another space.'),
    refs(r, at, fault) {
      r.ref(at('move'), 'move');
      r.ref(at('wrongCallId'), 'space');
      const moveId = r.string(at('move'));
      const target = moveId === undefined ? undefined : r.moveTarget(moveId);
      if (target !== undefined && target === fault['wrongCallId']) {
        r.problem(
          at('wrongCallId'),
          `space "${target}" is the move's own target, so the call id would not be wrong; name another space`,
        );
      }
    },
    plan(f, p) {
      p.wrongCallIds.set(f.move, f.wrongCallId);
    },
    describe: (f) => `move ${f.move} names the call of ${f.wrongCallId}`,
  }),

  endCall: entry({
    schema: z
      .strictObject({
        at: duration('When the call ends.'),
        endCall: Ref('endCall').describe('The id of the space whose call ends.'),
      })
      .describe("Ends a space's call."),
    refs(r, at) {
      r.ref(at('endCall'), 'space');
    },
    plan: (f, p, c) => onEveryBridge(p, c, f.at, { type: 'end-call', space: f.endCall }),
    describe: (f) => `end the call of ${f.endCall} at ${t(f.at)}`,
  }),

  slowBridge: entry({
    schema: z
      .strictObject({
        at: duration('When the call bridge slows down.'),
        slowBridge: Ref('slowBridge').describe('The id of the call bridge that slows down.'),
        factor: z
          .number()
          .min(1, { error: 'factor must be at least 1 (1 is the normal speed)' })
          .max(1000, { error: 'factor must be at most 1000' })
          .describe(
            "What the bridge's processing delays are multiplied by while it is slow; at least 1.",
          ),
        for: duration('How long the bridge stays slow; greater than zero.').pipe(
          z.number().gt(0, { error: '`for` must be greater than 0' }),
        ),
      })
      .describe(
        "Multiplies a call bridge's processing delay by `factor` from `at` for `for` (an overloaded bridge); overlapping windows on one bridge: the later change wins.",
      ),
    refs(r, at) {
      r.ref(at('slowBridge'), 'call bridge');
    },
    plan(f, p) {
      p.onSimulation.push((sim) => {
        sim.setProcessingFactor(msToUs(f.at), f.slowBridge, f.factor);
        sim.setProcessingFactor(msToUs(f.at + f.for), f.slowBridge, 1);
      });
    },
    describe: (f) =>
      `${f.slowBridge} processes ${f.factor} times slower from ${t(f.at)} for ${t(f.for)}`,
  }),
};

type Entries = typeof FAULTS;

/** The kinds of fault: the key that tells each apart in a scenario file. */
export type FaultKind = keyof Entries;

/** The kinds of fault, in the registry's order. */
export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];

/**
 * A fault of a parsed scenario: its fields as written (durations in milliseconds) and its `kind`.
 */
export type Fault = { [K in FaultKind]: { kind: K } & z.output<Entries[K]['schema']> }[FaultKind];

/** A fault as a scenario file writes it. */
type FaultInput = { [K in FaultKind]: z.input<Entries[K]['schema']> }[FaultKind];

/** A fault, told apart by which of FAULT_KINDS it has; parsing adds its `kind`. */
export const FaultSchema = z
  .union(FAULT_KINDS.map((k) => FAULTS[k].schema.transform((f: object) => ({ kind: k, ...f }))))
  .describe(`A fault, told apart by its key: ${FAULT_KINDS.join(', ')}.`) as unknown as z.ZodType<
  Fault,
  FaultInput
>;

/** The entry of a fault's kind, typed for that fault. */
const entryOf = (f: Fault): FaultEntry<z.ZodType<Fault>> =>
  FAULTS[f.kind] as unknown as FaultEntry<z.ZodType<Fault>>;

/** A fault in a few words, e.g. `crash cb2 at 2.1s (restart after 50ms)`. */
export function describeFault(f: Fault): string {
  return entryOf(f).describe(f);
}

/** What the faults do to the simulation, in the scenario's order. */
export function planFaults(faults: readonly Fault[], context: PlanContext): FaultPlan {
  const plan: FaultPlan = { drops: [], partitions: [], wrongCallIds: new Map(), onSimulation: [] };
  for (const f of faults) entryOf(f).plan(f, plan, context);
  return plan;
}

/**
 * Runs the reference checks of the fault at `faults[i]` of the plain data, for each kind key it
 * has.
 */
export function checkFaultRefs(r: FaultRefs, i: number, fault: Record<string, unknown>): void {
  const at = (...rest: (string | number)[]): DocPath => ['faults', i, ...rest];
  for (const k of FAULT_KINDS) if (fault[k] !== undefined) FAULTS[k].refs(r, at, fault);
}
