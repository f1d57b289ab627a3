/**
 * fast-check arbitraries that draw whole cases: clusters, spaces, participants, workloads and
 * fault plans, as `Sketch` data.
 *
 * Every arbitrary here is valid by construction (references are integers resolved modulo the
 * list they point into), so no case is filtered away and shrinking cannot make one invalid.
 * Weights lean towards what a human tester would find interesting: small load limits so that
 * thresholds are reached, moves aimed at the middle of other moves, faults aimed at moves.
 * Usable outside vitest: nothing here needs a test runner. Turning a sketch into a scenario is
 * `to-scenario.ts`.
 */
import fc from 'fast-check';

import {
  DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP,
  DEFAULT_LOAD_LIMIT,
  DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP,
} from '../cms/defaults.js';
import { UNMOVABLE_TYPES } from '../cms/messages.js';
import { FAULT_KINDS, type FaultKind } from '../scenario/faults.js';
import type { Distribution } from '../scenario/schema.js';
import type { FaultSketch } from './fault-search.js';
import { faultArbOf } from './fault-search.js';
import {
  type BridgeSketch,
  type GroupsSketch,
  type LatencySketch,
  type LoadBalancingSketch,
  type MoveGroupSketch,
  type NetworkRuleSketch,
  type ParticipantSketch,
  type Sketch,
  SKETCH_LIMITS as L,
  type SpaceSketch,
  type WebBridgeSketch,
} from './sketch.js';
import { CROSS, ref, stepArb } from './sketch-refs.js';

/**
 * Usually null (shrinks to null), else a value of `arb`: present with weight `present` of `present
 * + absent`.
 */
const seldom = <T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> =>
  fc.oneof(
    CROSS,
    { weight: absent, arbitrary: fc.constant(null) },
    { weight: present, arbitrary: arb },
  );

/**
 * A move target, counted from the participant's current space (see `flattenMoves`): mostly
 * the next space, sometimes the one after it; seldom any, which includes the participant's own
 * space (a refused move). With two spaces "the one after" is the own space, so it stays rare.
 */
const toRef = fc.oneof(
  CROSS,
  { weight: 24, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: ref },
);

/** A boolean that is usually `usual` (weights in tenths); shrinking goes to the usual value. */
const usually = (usual: boolean, usualWeight: number, otherWeight: number) =>
  fc.oneof(
    CROSS,
    { weight: usualWeight, arbitrary: fc.constant(usual) },
    { weight: otherWeight, arbitrary: fc.constant(!usual) },
  );

/** Latency distributions: moderate medians and tails, so no healthy message outlives a timeout. */
export const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  CROSS,
  fc
    .record({
      dist: fc.constant('lognormal' as const),
      medianMs: fc.integer({ min: 1, max: 20 }),
      tail: fc.integer({ min: 1, max: 10 }),
    })
    .map(({ medianMs, tail }): Distribution => ({
      dist: 'lognormal',
      medianMs,
      p99Ms: medianMs * tail,
    })),
  fc.record({ dist: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 50 }) }),
  fc
    .record({ minMs: fc.integer({ min: 0, max: 20 }), spanMs: fc.integer({ min: 0, max: 80 }) })
    .map(({ minMs, spanMs }): Distribution => ({ dist: 'uniform', minMs, maxMs: minMs + spanMs })),
  fc.record({
    dist: fc.constant('normal' as const),
    meanMs: fc.integer({ min: 0, max: 40 }),
    sdMs: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({ dist: fc.constant('exponential' as const), meanMs: fc.integer({ min: 0, max: 20 }) }),
  fc.record({
    dist: fc.constant('empirical' as const),
    samplesMs: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }),
  }),
);

const bridgeArb: fc.Arbitrary<BridgeSketch> = fc.record({
  // Small limits make 1000-point participants reach the 50 % and 80 % thresholds.
  loadLimit: fc.oneof(
    CROSS,
    { weight: 3, arbitrary: fc.constant(DEFAULT_LOAD_LIMIT) },
    { weight: 2, arbitrary: fc.constantFrom(2000, 3000, 4000, 6000, 10000) },
  ),
  participantLimit: seldom(fc.integer({ min: 1, max: 5 }), 1, 19),
  priority: fc.integer({ min: 0, max: 2 }),
});

const groupsArb: fc.Arbitrary<GroupsSketch | null> = seldom(
  fc.record({
    groupOf: fc.array(fc.nat({ max: L.groups.max - 1 }), {
      minLength: L.callBridges.max,
      maxLength: L.callBridges.max,
    }),
    enabled: fc.array(fc.boolean(), { minLength: 1, maxLength: L.groups.max }),
  }),
  1,
  2,
);

const loadBalancingArb: fc.Arbitrary<LoadBalancingSketch> = fc.record({
  enabled: fc.boolean(),
  policy: fc.oneof(
    CROSS,
    { weight: 6, arbitrary: fc.constant('cms' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'least-loaded' as const,
        'round-robin' as const,
        'local-first' as const,
      ),
    },
  ),
  newConferenceLoadLimitBasisPoints: fc.oneof(
    CROSS,
    { weight: 2, arbitrary: fc.constant(DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 10000 }) },
  ),
  existingConferenceLoadLimitBasisPoints: fc.oneof(
    CROSS,
    { weight: 2, arbitrary: fc.constant(DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 10000 }) },
  ),
  tieBreak: fc.constantFrom('id' as const, 'seeded' as const),
  thresholdRule: fc.oneof(
    { weight: 3, arbitrary: fc.constant('reported-load' as const) },
    { weight: 1, arbitrary: fc.constant('with-participant' as const) },
  ),
});

const webBridgeArb: fc.Arbitrary<WebBridgeSketch> = fc.record({
  // A bit mask picking bridges; the schema refuses an empty list, so at least one bit is set.
  links: seldom(fc.oneof(CROSS, fc.integer({ min: 1, max: 255 })), 1, 3),
});

const spaceArb: fc.Arbitrary<SpaceSketch> = fc.record({
  hostedOn: fc.option(ref, { nil: null, freq: 3 }),
  guestAccess: usually(true, 19, 1),
  dualHomed: usually(false, 24, 1),
  activeCall: usually(true, 9, 1),
});

const participantArb: fc.Arbitrary<ParticipantSketch> = fc.record({
  type: fc.oneof(
    CROSS,
    { weight: 10, arbitrary: fc.constant('guest' as const) },
    { weight: 6, arbitrary: fc.constant('member' as const) },
    // The rarer kinds: SIP, and every kind that can never be moved.
    { weight: 1, arbitrary: fc.constantFrom('sip' as const, ...UNMOVABLE_TYPES) },
  ),
  webBridge: ref,
  mediaProfile: fc.oneof(
    CROSS,
    { weight: 3, arbitrary: fc.constant('720p30' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('1080p30' as const, '448p30' as const, 'audio' as const),
    },
  ),
  canMove: usually(true, 19, 1),
  join: fc.option(fc.record({ space: ref, atMs: fc.integer({ min: 0, max: 1500 }) }), {
    nil: null,
    freq: 30,
  }),
  local: fc.record({
    muted: fc.boolean(),
    layout: fc.constantFrom(
      'speaker' as const,
      'allEqual' as const,
      'stacked' as const,
      'presentation' as const,
    ),
    presenting: fc.boolean(),
    chatMessages: fc.nat({ max: 5 }),
  }),
});

/** When moves happen: mostly after the joins are done, seldom while they are running. */
const moveTimeArb = fc.oneof(
  CROSS,
  { weight: 20, arbitrary: fc.integer({ min: 2000, max: 8000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2000 }) },
);

const moveGroupArb: fc.Arbitrary<MoveGroupSketch> = fc.oneof(
  CROSS,
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('single' as const),
      participant: ref,
      to: toRef,
      atMs: moveTimeArb,
      via: fc.option(ref, { nil: null, freq: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('together' as const),
      participants: fc.uniqueArray(ref, { minLength: 2, maxLength: 4 }),
      to: fc.array(toRef, { minLength: 1, maxLength: 4 }),
      atMs: moveTimeArb,
      via: fc.option(ref, { nil: null, freq: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('chain' as const),
      participant: ref,
      to: fc.tuple(toRef, toRef),
      atMs: moveTimeArb,
      gapMs: fc.integer({ min: 1500, max: 4000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('again' as const),
      participant: ref,
      to: fc.tuple(toRef, toRef),
      atMs: moveTimeArb,
      gapMs: fc.integer({ min: 0, max: 250 }),
    }),
  },
);

/** The kinds of random network rule. */
const NETWORK_RULE_KINDS = ['loss', 'duplication', 'delaySpikes', 'reorder'] as const;
type NetworkRuleKind = (typeof NETWORK_RULE_KINDS)[number];

/**
 * A rule aimed at one step: every message of that step (of every move) is duplicated, delayed
 * or reordered. Loss is aimed by the targeted drop fault instead.
 */
const aimedRuleArb = (kinds: readonly NetworkRuleKind[]): fc.Arbitrary<NetworkRuleSketch> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    probability: fc.constant(1),
    linkClass: fc.constant(null),
    extraMs: fc.oneof(
      CROSS,
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 200 }) },
      { weight: 1, arbitrary: fc.integer({ min: 200, max: 2000 }) },
    ),
    step: stepArb,
  });

/** A background rule: a small chance on any message of a link class, or of every link. */
const backgroundRuleArb = (kinds: readonly NetworkRuleKind[]): fc.Arbitrary<NetworkRuleSketch> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    probability: fc.integer({ min: 1, max: 30 }).map((p) => p / 100),
    linkClass: fc.option(
      fc.constantFrom(
        'api' as const,
        'peer' as const,
        'c2w' as const,
        'websocket' as const,
        'media' as const,
      ),
      { nil: null, freq: 2 },
    ),
    extraMs: fc.integer({ min: 1, max: 2000 }),
    step: fc.constant(null),
  });

/** A random network rule of one of `kinds`: mostly aimed at a step, sometimes background. */
const networkRuleArb = (kinds: readonly NetworkRuleKind[]): fc.Arbitrary<NetworkRuleSketch> => {
  const aimable = kinds.filter((k) => k !== 'loss');
  return aimable.length === 0
    ? backgroundRuleArb(kinds)
    : fc.oneof(
        CROSS,
        { weight: 1, arbitrary: backgroundRuleArb(kinds) },
        { weight: 3, arbitrary: aimedRuleArb(aimable) },
      );
};

const latencyArb: fc.Arbitrary<LatencySketch> = fc.record({
  default: fc.option(distributionArb, { nil: null, freq: 2 }),
  peer: seldom(distributionArb, 1, 2),
  c2w: seldom(distributionArb, 1, 2),
  websocket: seldom(distributionArb, 1, 2),
});

/** What a case may enable in swarm testing: each fault kind and each network rule kind. */
const SWARM_FEATURES = [...FAULT_KINDS, ...NETWORK_RULE_KINDS] as const;

/** Whether a swarm feature is a network rule kind. */
const isRuleKind = (f: (typeof SWARM_FEATURES)[number]): f is NetworkRuleKind =>
  (NETWORK_RULE_KINDS as readonly string[]).includes(f);

/** The faults and rules of a case that enables `features` (at least one). */
function swarmPlanArb(features: readonly (typeof SWARM_FEATURES)[number][]) {
  const faultKinds = features.filter((f): f is FaultKind => !isRuleKind(f));
  const ruleKinds = features.filter(isRuleKind);
  return fc.record({
    faults:
      faultKinds.length === 0
        ? fc.constant([] as FaultSketch[])
        : fc.array(faultArbOf(faultKinds), { minLength: 1, maxLength: L.faults.max }),
    networkRules:
      ruleKinds.length === 0
        ? fc.constant([] as NetworkRuleSketch[])
        : fc.array(networkRuleArb(ruleKinds), { minLength: 1, maxLength: L.networkRules.max }),
  });
}

/**
 * A fault plan: empty about a fifth of the time (those cases check the fault-free properties),
 * else swarm testing: the case enables one to three kinds of fault or network rule, and draws
 * up to four faults and two rules of those kinds only.
 */
const faultPlanArb = fc.oneof(
  CROSS,
  {
    weight: 1,
    arbitrary: fc.constant({
      faults: [] as FaultSketch[],
      networkRules: [] as NetworkRuleSketch[],
    }),
  },
  {
    weight: 4,
    arbitrary: fc.subarray([...SWARM_FEATURES], { minLength: 1, maxLength: 3 }).chain(swarmPlanArb),
  },
);

/** Options of `sketchArb`. */
export interface SketchArbOptions {
  /** Draw only fault-free cases (no faults, no network rules). Default false. */
  faultFree?: boolean;
}

/** A whole generated case. */
export function sketchArb(options: SketchArbOptions = {}): fc.Arbitrary<Sketch> {
  const plan =
    options.faultFree === true
      ? fc.constant({ faults: [] as FaultSketch[], networkRules: [] as NetworkRuleSketch[] })
      : faultPlanArb;
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1000 }),
      bridges: fc.array(bridgeArb, { minLength: L.callBridges.min, maxLength: L.callBridges.max }),
      groups: groupsArb,
      loadBalancing: loadBalancingArb,
      webBridges: fc.array(webBridgeArb, {
        minLength: L.webBridges.min,
        maxLength: L.webBridges.max,
      }),
      apiBridge: ref,
      spaces: fc.array(spaceArb, { minLength: L.spaces.min, maxLength: L.spaces.max }),
      participants: fc.array(participantArb, {
        minLength: L.participants.min,
        maxLength: L.participants.max,
      }),
      moves: fc.array(moveGroupArb, { maxLength: L.moveGroups.max }),
      latency: latencyArb,
      plan,
    })
    .map(
      // Field by field (no rest and spread of the record: this runs once per generated case).
      (r): Sketch => ({
        seed: r.seed,
        bridges: r.bridges,
        groups: r.groups,
        loadBalancing: r.loadBalancing,
        webBridges: r.webBridges,
        apiBridge: r.apiBridge,
        spaces: r.spaces,
        participants: r.participants,
        moves: r.moves,
        latency: r.latency,
        faults: r.plan.faults,
        networkRules: r.plan.networkRules,
      }),
    );
}
