/**
 * Cases aimed at one cell of the coverage matrix (`matrix.ts`): one fault of one kind at one
 * step of one healthy move, timed from a known latency so that it lands where the cell needs it.
 *
 * A targeted case is an ordinary generated case (its other participants, moves and latencies
 * are drawn as usual) with a first move made healthy and predictable: a guest or member who can
 * move joins a space on `cb1` early, and is moved to a space on `cb3` through the API bridge
 * `cb2`, every link taking the same constant latency. Its one fault is the cell's: a drop of the
 * step's first message; a duplication, delay spike or reordering rule aimed at the step; or a
 * crash of the node playing the step's sender or receiver while that message is on the way.
 * The timing table below is read from runs of that move (it is a tuning table, not a claim
 * about CMS): a wrong guess only costs a miss, since coverage reads what was hit from the trace.
 */
import fc from 'fast-check';

import { DEFAULT_LOAD_LIMIT } from '../cms/defaults.js';
import { STEP } from '../cms/protocol.js';
import { sketchArb } from './arbitraries.js';
import type { FaultSketch } from './fault-search.js';
import type { MatrixFault } from './matrix.js';
import type { MoveGroupSketch, NetworkRuleSketch, Sketch } from './sketch.js';
import { CROSS, pick } from './sketch-refs.js';

/** A cell of the matrix: a step of the move and a fault column. */
export interface TargetCell {
  step: number;
  fault: MatrixFault;
}

/**
 * When the first message of each step leaves, after the move's request, in hops of the
 * constant latency plus milliseconds of processing (read from runs of the targeted move with
 * 20 ms and 40 ms per hop; step 4 with load balancing on, the others with it off). A crash
 * aimed at a step falls half a hop later, while that message is on the way (or, for the local
 * step 10, just after the home bridge did it).
 */
const SENT_AFTER: Readonly<Record<number, { hops: number; ms: number }>> = {
  1: { hops: 0, ms: 0 },
  2: { hops: 1, ms: 1 },
  3: { hops: 2, ms: 1 },
  4: { hops: 3, ms: 4 },
  5: { hops: 3, ms: 4 },
  6: { hops: 4, ms: 5 },
  7: { hops: 5, ms: 5 },
  8: { hops: 6, ms: 5 },
  9: { hops: 7, ms: 6 },
  10: { hops: 8, ms: 6 },
  11: { hops: 6, ms: 5 },
};

/** The network rule kind of each rule column. */
const RULE_OF = { duplicate: 'duplication', delay: 'delaySpikes', reorder: 'reorder' } as const;

/** What a targeted case draws besides its base case. */
interface TargetDraw {
  base: Sketch;
  hopMs: number;
  joinAtMs: number;
  moveAtMs: number;
  member: boolean;
  extraMs: number;
  restartAfterMs: number | null;
}

/** The cell's one fault or rule, aimed at move 0 of the case. */
function aimedPlan(
  cell: TargetCell,
  d: TargetDraw,
): { faults: FaultSketch[]; networkRules: NetworkRuleSketch[] } {
  const { step, fault } = cell;
  if (fault === 'drop')
    return {
      faults: [{ kind: 'drop', step, at: { move: 0, offsetMs: 0 }, count: 1 }],
      networkRules: [],
    };
  if (fault === 'crash-sender' || fault === 'crash-receiver') {
    const sent = SENT_AFTER[step]!;
    const side = fault === 'crash-sender' ? 'sender' : 'receiver';
    // With load balancing on, the join may have put the participant on the API bridge, and steps
    // 2 and 3 then take no hop: the peer asked at step 4 is down from the second hop to the fifth.
    const wide = step === STEP.loadBalancing && side === 'receiver';
    const offsetMs = wide ? 1.5 * d.hopMs : Math.round((sent.hops + 0.5) * d.hopMs + sent.ms);
    const restartAfterMs =
      wide && d.restartAfterMs !== null
        ? Math.max(d.restartAfterMs, 4 * d.hopMs)
        : d.restartAfterMs;
    return {
      faults: [
        {
          kind: 'crash',
          node: { step, move: 0, side },
          at: { move: 0, offsetMs },
          restartAfterMs,
        },
      ],
      networkRules: [],
    };
  }
  return {
    faults: [],
    networkRules: [
      { kind: RULE_OF[fault], probability: 1, linkClass: null, extraMs: d.extraMs, step },
    ],
  };
}

/** Whether a move group names participant 0 of `n` (it would disturb the targeted move). */
const namesFirst = (g: MoveGroupSketch, n: number): boolean =>
  'participants' in g ? g.participants.some((p) => pick(n, p) === 0) : pick(n, g.participant) === 0;

/** The base case with its first move made healthy and the cell's fault added. */
function aim(cell: TargetCell, d: TargetDraw): Sketch {
  const b = d.base;
  const bridges = [...b.bridges];
  while (bridges.length < 3)
    bridges.push({ loadLimit: DEFAULT_LOAD_LIMIT, participantLimit: null, priority: 0 });
  // The three bridges of the move: home cb1, API cb2, chosen cb3; none refuses it.
  for (const i of [0, 1, 2])
    bridges[i] = { ...bridges[i]!, loadLimit: DEFAULT_LOAD_LIMIT, participantLimit: null };
  const clean = (hostedOn: number) => ({
    guestAccess: true,
    dualHomed: false,
    activeCall: true,
    hostedOn,
  });
  const spaces = [...b.spaces];
  spaces[0] = clean(0);
  spaces[1] = clean(2);
  const participants = [...b.participants];
  participants[0] = {
    ...participants[0]!,
    type: d.member ? 'member' : 'guest',
    webBridge: 0,
    canMove: true,
    join: { space: 0, atMs: d.joinAtMs },
  };
  const np = participants.length;
  const move: MoveGroupSketch = {
    kind: 'single',
    participant: 0,
    to: 0,
    atMs: d.moveAtMs,
    via: null,
  };
  // Step 4 sends messages only when the API bridge asks its peers (load balancing on).
  const askPeers = cell.step === STEP.loadBalancing && cell.fault !== 'crash-sender';
  return {
    ...b,
    bridges,
    groups: null,
    loadBalancing: { ...b.loadBalancing, enabled: askPeers, policy: 'cms' },
    webBridges: [{ links: null }, ...b.webBridges.slice(1)],
    apiBridge: 1,
    spaces,
    participants,
    moves: [move, ...b.moves.filter((g) => !namesFirst(g, np)).slice(0, 4)],
    latency: {
      default: { dist: 'constant', ms: d.hopMs },
      peer: null,
      c2w: null,
      websocket: null,
    },
    ...aimedPlan(cell, d),
  };
}

/** A case aimed at `cell`. */
export function targetedArb(cell: TargetCell): fc.Arbitrary<Sketch> {
  return fc
    .record({
      base: sketchArb({ faultFree: true }),
      hopMs: fc.integer({ min: 20, max: 60 }),
      joinAtMs: fc.integer({ min: 0, max: 800 }),
      moveAtMs: fc.integer({ min: 2000, max: 8000 }),
      member: fc.boolean(),
      extraMs: fc.oneof(
        CROSS,
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 200 }) },
        { weight: 1, arbitrary: fc.integer({ min: 200, max: 2000 }) },
      ),
      restartAfterMs: fc.option(fc.integer({ min: 100, max: 3000 }), { nil: null, freq: 3 }),
    })
    .map((d) => aim(cell, d));
}
