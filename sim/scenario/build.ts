/**
 * Builds a simulation from a parsed scenario: the cluster configuration, one node per call
 * bridge, web bridge, participant (its browser) and the CMM, the network with its latencies
 * and faults, the scheduled joins, moves and domain faults, and the invariant checkers.
 *
 * It does not validate (the schema did) and does not run anything (see `run.ts`).
 */
import { browserHandler, initialBrowserState, restartBrowser } from '../cms/browser.js';
import { callBridgeHandler, initialCallBridgeState, restartCallBridge } from '../cms/callbridge.js';
import { cmmHandler, initialCmmState, type MoveAction } from '../cms/cmm.js';
import type { ClusterConfig, SpaceConfig } from '../cms/config.js';
import {
  DEFAULT_API_USER,
  DEFAULT_C2W_TIMEOUT_MS,
  DEFAULT_CMM_ADDRESS,
  DEFAULT_CREDENTIAL_STORAGE,
  DEFAULT_LATENCY,
  DEFAULT_MEDIA_SETUP,
  DEFAULT_MEDIA_TIMEOUT_MS,
  DEFAULT_MOVE_IN_PROGRESS_TIMEOUT_MS,
  DEFAULT_PEER_TIMEOUT_MS,
  DEFAULT_PROCESSING,
  DEFAULT_SESSION_SETUP,
  type LinkClass,
} from '../cms/defaults.js';
import { allInvariants, type JudgedOutcomes } from '../cms/invariants.js';
import type { Mutants } from '../cms/mutants.js';
import type { PlannedMove } from '../cms/outcomes.js';
import { initialWebBridgeState, restartWebBridge, webBridgeHandler } from '../cms/webbridge.js';
import {
  type Distribution,
  msToUs,
  type NetworkFaults,
  RandomStreams,
  Simulation,
  type SimulationOptions,
} from '../engine/index.js';
import { type FaultPlan, planFaults } from './faults.js';
import type { Scenario } from './schema.js';
import { messageFatesOf, parseWhatIf } from './what-if.js';

/** What the caller of `buildSimulation` may set; the scenario sets the rest. */
export type BuildOptions = Omit<
  SimulationOptions,
  'seed' | 'untilUs' | 'maxEvents' | 'network' | 'checkers'
> & {
  /** Overrides the scenario's seed. */
  seed?: string | number;
  /** Test-only switches that break the model on purpose, to show the checkers catch it. */
  breakModel?: Mutants;
};

export interface Built {
  sim: Simulation;
  config: ClusterConfig;
  moves: PlannedMove[];
  seed: string | number;
  /** The outcomes the `move-outcome` check judged when the run stopped (none before). */
  judged: JudgedOutcomes;
}

/** The kind of each node id, for link classes. */
function nodeKinds(s: Scenario): Map<string, string> {
  const kinds = new Map<string, string>();
  kinds.set(s.cluster.cmm.id, 'cmm');
  for (const b of s.cluster.callBridges) kinds.set(b.id, 'callbridge');
  for (const w of s.cluster.webBridges) kinds.set(w.id, 'webbridge');
  for (const p of s.participants) kinds.set(p.id, 'browser');
  return kinds;
}

/** The class of the link between two kinds of node. */
export function linkClassOf(
  fromKind: string | undefined,
  toKind: string | undefined,
  same: boolean,
): LinkClass | 'default' {
  if (same) return 'loopback';
  if (fromKind === undefined || toKind === undefined) return 'default';
  // The two kinds in sorted order, without building an array or a string per link.
  const lo = fromKind < toKind ? fromKind : toKind;
  const hi = fromKind < toKind ? toKind : fromKind;
  if (lo === 'callbridge') {
    if (hi === 'cmm') return 'api';
    if (hi === 'callbridge') return 'peer';
    if (hi === 'webbridge') return 'c2w';
  } else if (lo === 'browser') {
    if (hi === 'webbridge') return 'websocket';
    if (hi === 'callbridge') return 'media';
  }
  return 'default';
}

/** The numeric call id of a scenario's first space; the next spaces count up from it. */
const NUMERIC_CALL_ID_BASE = 100_000_001;

/** The static configuration of the cluster a scenario describes. */
export function clusterConfig(s: Scenario, seed: string | number): ClusterConfig {
  const ids = new RandomStreams(seed).stream('config:ids');
  const groupOf = new Map<string, string>();
  const groups = new Map<string, { bridges: string[]; loadBalancingEnabled: boolean }>();
  for (const g of s.cluster.callBridgeGroups) {
    groups.set(g.id, { bridges: [...g.bridges], loadBalancingEnabled: g.loadBalancingEnabled });
    for (const b of g.bridges) groupOf.set(b, g.id);
  }
  const spaces = new Map<string, SpaceConfig>();
  const spaceByNumericCallId = new Map<string, string>();
  for (const [i, sp] of s.spaces.entries()) {
    const c: SpaceConfig = {
      id: sp.id,
      name: sp.name,
      callId: sp.callId ?? ids.guid(),
      numericCallId: String(NUMERIC_CALL_ID_BASE + i),
      activeCall: sp.activeCall,
      conferenceId: ids.guid(),
      spaceGuid: ids.guid(),
      correlatorId: ids.guid(),
      hostedOn: sp.hostedOn,
      guestAccess: sp.guestAccess,
      dualHomed: sp.dualHomed,
      serverDefaults: sp.serverDefaults,
    };
    spaces.set(sp.id, c);
    spaceByNumericCallId.set(c.numericCallId, sp.id);
  }
  const lb = s.cluster.loadBalancing;
  const { wrongCallIds } = planFaults(s.faults, { callBridges: [] });
  return {
    callBridges: s.cluster.callBridges.map((b) => ({
      id: b.id,
      name: b.id,
      loadLimit: b.loadLimit,
      participantLimit: b.participantLimit,
      priority: b.priority,
      group: groupOf.get(b.id),
    })),
    groups,
    webBridges: s.cluster.webBridges.map((w) => ({ id: w.id, callBridges: [...w.callBridges] })),
    spaces,
    spaceByNumericCallId,
    cmm: {
      id: s.cluster.cmm.id,
      apiBridge: s.cluster.cmm.apiBridge,
      address: DEFAULT_CMM_ADDRESS,
      apiUser: DEFAULT_API_USER,
    },
    loadBalancing: {
      enabled: lb.enabled,
      policy: lb.policy,
      newConferenceLoadLimitBasisPoints: lb.newConferenceLoadLimitBasisPoints,
      existingConferenceLoadLimitBasisPoints: lb.existingConferenceLoadLimitBasisPoints,
      thresholdRule: lb.thresholdRule,
      tieBreak: lb.tieBreak,
    },
    loadPoints: { ...s.cluster.loadPoints },
    recovery: {
      sessionCleanup: s.cluster.recovery.sessionCleanup,
      websocketIdleTimeoutMs: s.cluster.recovery.websocketIdleTimeout,
      mediaInactivityTimeoutMs: s.cluster.recovery.mediaInactivityTimeout,
      pendingParticipantTimeoutMs: s.cluster.recovery.pendingParticipantTimeout,
    },
    timings: {
      mediaSetup: s.network.mediaSetup ?? DEFAULT_MEDIA_SETUP,
      credentialStorage: DEFAULT_CREDENTIAL_STORAGE,
      sessionSetup: DEFAULT_SESSION_SETUP,
      apiTimeoutMs: s.cluster.cmm.apiTimeout,
      peerTimeoutMs: DEFAULT_PEER_TIMEOUT_MS,
      c2wTimeoutMs: DEFAULT_C2W_TIMEOUT_MS,
      mediaTimeoutMs: DEFAULT_MEDIA_TIMEOUT_MS,
      moveInProgressTimeoutMs: DEFAULT_MOVE_IN_PROGRESS_TIMEOUT_MS,
      jwtExpiryMs: s.cluster.jwtExpiry,
    },
    wrongCallIds,
  };
}

/** Network latencies, link classes and faults of a scenario. */
function networkOf(
  s: Scenario,
  kinds: Map<string, string>,
  plan: FaultPlan,
): SimulationOptions['network'] {
  const lat = s.network.latency;
  const perLink = new Map<string, Distribution>();
  for (const l of lat.links) {
    perLink.set(`${l.from}>${l.to}`, l.latency);
    if (l.bothWays) perLink.set(`${l.to}>${l.from}`, l.latency);
  }
  const classOf = (from: string, to: string) =>
    linkClassOf(kinds.get(from), kinds.get(to), from === to);
  const byClass = (cls: LinkClass | 'default'): Distribution => {
    if (cls === 'default') return lat.default ?? DEFAULT_LATENCY.peer;
    if (cls === 'loopback') return lat.loopback ?? DEFAULT_LATENCY.loopback;
    return lat[cls] ?? lat.default ?? DEFAULT_LATENCY[cls];
  };
  // The network asks once per link and keeps the answer, so nothing is cached here.
  const latency = (from: string, to: string): Distribution => {
    if (perLink.size > 0) {
      const d = perLink.get(`${from}>${to}`);
      if (d !== undefined) return d;
    }
    return byClass(classOf(from, to));
  };
  const sel = (r: { linkClass?: string; from?: string; to?: string; step?: number }) => ({
    ...(r.linkClass !== undefined ? { linkClass: r.linkClass } : {}),
    ...(r.step !== undefined ? { step: r.step } : {}),
    ...(r.from !== undefined ? { from: r.from } : {}),
    ...(r.to !== undefined ? { to: r.to } : {}),
  });
  const faults: NetworkFaults = {
    loss: s.network.loss.map((r) => ({ probability: r.probability, ...sel(r) })),
    duplication: s.network.duplication.map((r) => ({ probability: r.probability, ...sel(r) })),
    delaySpikes: s.network.delaySpikes.map((r) => ({
      probability: r.probability,
      extraUs: msToUs(r.extra),
      ...sel(r),
    })),
    reorder: s.network.reorder.map((r) => ({
      probability: r.probability,
      maxExtraUs: msToUs(r.maxExtra),
      ...sel(r),
    })),
    partitions: plan.partitions,
    drops: plan.drops,
  };
  return { latency, linkClass: classOf, faults };
}

/** Builds the simulation a scenario describes, ready to run. */
export function buildSimulation(s: Scenario, options: BuildOptions = {}): Built {
  const seed = options.seed ?? s.seed;
  const config = clusterConfig(s, seed);
  const kinds = nodeKinds(s);
  const plan = planFaults(s.faults, { callBridges: s.cluster.callBridges.map((b) => b.id) });
  const moves: PlannedMove[] = s.moves.map((m) => ({
    id: m.id,
    participant: m.participant,
    to: m.to,
  }));
  const judged: JudgedOutcomes = { outcomes: undefined, atUs: undefined };
  const { breakModel, seed: _seed, ...simOptions } = options;
  const whatIfs = s.whatIf.map(parseWhatIf);
  const fates = messageFatesOf(whatIfs);
  const sim = new Simulation({
    ...(fates.size > 0 ? { messageFates: fates } : {}),
    ...simOptions,
    seed,
    untilUs: msToUs(s.until),
    maxEvents: s.maxEvents,
    network: networkOf(s, kinds, plan),
    checkers: allInvariants(moves, judged, config.spaces),
  });
  const proc = s.network.processing;
  const cmmId = s.cluster.cmm.id;
  sim.addNode({
    id: cmmId,
    kind: 'cmm',
    label: 'CMM',
    state: initialCmmState(config),
    makeState: () => initialCmmState(config),
    handler: cmmHandler(config, breakModel),
    processing: proc.cmm ?? DEFAULT_PROCESSING.cmm!,
  });
  const cbHandler = callBridgeHandler(config, breakModel);
  for (const b of s.cluster.callBridges) {
    sim.addNode({
      id: b.id,
      kind: 'callbridge',
      label: b.label ?? b.id,
      state: initialCallBridgeState(b.id, config),
      makeState: () => initialCallBridgeState(b.id, config),
      handler: cbHandler,
      processing: b.processing ?? proc.callbridge ?? DEFAULT_PROCESSING.callbridge!,
      restart: restartCallBridge,
    });
  }
  for (const w of s.cluster.webBridges) {
    sim.addNode({
      id: w.id,
      kind: 'webbridge',
      label: w.label ?? w.id,
      state: initialWebBridgeState(),
      makeState: initialWebBridgeState,
      handler: webBridgeHandler(config, { callBridges: [...w.callBridges] }, breakModel),
      processing: w.processing ?? proc.webbridge ?? DEFAULT_PROCESSING.webbridge!,
      restart: restartWebBridge,
    });
  }
  const bHandler = browserHandler(config, breakModel);
  for (const p of s.participants) {
    const browser: Parameters<typeof initialBrowserState>[0] = {
      name: p.name,
      type: p.type,
      webBridge: p.webBridge,
      mediaProfile: p.mediaProfile,
      canMove: p.canMove,
      local: { ...p.local },
      ...(p.server === undefined ? {} : { server: p.server }),
    };
    sim.addNode({
      id: p.id,
      kind: 'browser',
      label: p.name,
      state: initialBrowserState(browser),
      makeState: () => initialBrowserState(browser),
      handler: bHandler,
      processing: proc.browser ?? DEFAULT_PROCESSING.browser!,
      restart: restartBrowser,
    });
    if (p.join !== undefined)
      sim.schedule(msToUs(p.join.at), p.id, { type: 'join', space: p.join.space });
  }
  for (const m of s.moves) {
    const action: MoveAction = {
      type: 'move',
      move: m.id,
      participant: m.participant,
      to: m.to,
      via: m.via,
    };
    sim.schedule(msToUs(m.at), cmmId, action);
  }
  for (const act of plan.onSimulation) act(sim);
  for (const w of whatIfs) {
    if ('crash' in w)
      sim.crash(
        msToUs(w.atMs),
        w.crash,
        w.restartAfterMs === undefined ? undefined : msToUs(w.restartAfterMs),
      );
  }
  return { sim, config, moves, seed, judged };
}
