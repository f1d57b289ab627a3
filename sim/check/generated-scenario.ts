/**
 * The parsed scenario of a generated case, built without the schema: the search's fast path.
 *
 * `sketchToScenario` writes only the fields a generated case uses, in the forms it writes them
 * (ids it made itself, durations as `"<n>ms"` or `"<n>s"`), and its cases are valid by
 * construction, so this file completes that input with the schema's defaults instead of
 * validating it: every default is read from one scenario the real schema parsed (nothing is
 * repeated here), and the faults alone go through the schema (`FaultSchema`), one by one. A
 * test shows the result equals `ScenarioSchema`'s on thousands of generated cases, and another
 * that every generated case passes the schema and the reference checks (`parseGenerated`).
 * This is only for inputs of `sketchToScenario`; any other input must go through the schema.
 */
import { parseDurationMs } from '../scenario/duration.js';
import { type Fault, FaultSchema } from '../scenario/faults.js';
import {
  type Distribution,
  type Scenario,
  type ScenarioInput,
  ScenarioSchema,
} from '../scenario/schema.js';

/** One scenario through the real schema, with one of each thing, for its defaults. */
const TEMPLATE: Scenario = ScenarioSchema.parse({
  name: 'defaults',
  cluster: {
    callBridges: [{ id: 'cb1' }],
    callBridgeGroups: [{ id: 'g1', bridges: ['cb1'] }],
    webBridges: [{ id: 'wb1' }],
    cmm: { apiBridge: 'cb1' },
  },
  spaces: [{ id: 'space1', name: 'Space 1' }],
  participants: [{ id: 'p1', name: 'P1' }],
});

const CLUSTER = TEMPLATE.cluster;
const CALL_BRIDGE = CLUSTER.callBridges[0]!;
const GROUP = CLUSTER.callBridgeGroups[0]!;
const SPACE = TEMPLATE.spaces[0]!;
const PARTICIPANT = TEMPLATE.participants[0]!;
const NETWORK = TEMPLATE.network;

type Input = ScenarioInput;
type ClusterInput = Input['cluster'];
type NetworkInput = NonNullable<Input['network']>;

/** A duration as `sketchToScenario` writes it (a string with a unit, or milliseconds). */
const dur = (v: string | number | undefined, fallback: number): number =>
  v === undefined ? fallback : parseDurationMs(v);

/** A copy of a distribution, so the run never holds the generator's own objects. */
const dist = (d: Distribution): Distribution =>
  d.dist === 'empirical' ? { ...d, samplesMs: [...d.samplesMs] } : { ...d };

/** The cluster section, with every default. */
function cluster(c: ClusterInput): Scenario['cluster'] {
  const callBridges = c.callBridges.map((b) => ({
    ...CALL_BRIDGE,
    id: b.id,
    ...(b.loadLimit !== undefined ? { loadLimit: b.loadLimit } : {}),
    ...(b.participantLimit !== undefined ? { participantLimit: b.participantLimit } : {}),
    ...(b.priority !== undefined ? { priority: b.priority } : {}),
  }));
  const all = callBridges.map((b) => b.id);
  return {
    callBridges,
    callBridgeGroups: (c.callBridgeGroups ?? []).map((g) => ({
      ...GROUP,
      ...g,
      bridges: [...g.bridges],
    })),
    loadBalancing: { ...CLUSTER.loadBalancing, ...c.loadBalancing },
    webBridges: c.webBridges.map((w) => ({
      id: w.id,
      callBridges: w.callBridges !== undefined ? [...w.callBridges] : [...all],
    })),
    cmm: { ...CLUSTER.cmm, apiBridge: c.cmm.apiBridge },
    loadPoints: { ...CLUSTER.loadPoints },
    recovery: { ...CLUSTER.recovery },
    jwtExpiry: CLUSTER.jwtExpiry,
  };
}

/** The network section, with every default. */
function network(n: NetworkInput | undefined): Scenario['network'] {
  const latency = n?.latency ?? {};
  const picked: Partial<Record<'default' | 'peer' | 'c2w' | 'websocket', Distribution>> = {};
  for (const k of ['default', 'peer', 'c2w', 'websocket'] as const) {
    const d = latency[k] as Distribution | undefined;
    if (d !== undefined) picked[k] = dist(d);
  }
  const rule = <R extends { probability: number; linkClass?: unknown; step?: unknown }>(r: R) => ({
    probability: r.probability,
    ...(r.linkClass !== undefined ? { linkClass: r.linkClass } : {}),
    ...(r.step !== undefined ? { step: r.step } : {}),
  });
  return {
    latency: { loopback: dist(NETWORK.latency.loopback), links: [], ...picked },
    processing: {},
    loss: (n?.loss ?? []).map(rule),
    duplication: (n?.duplication ?? []).map(rule),
    delaySpikes: (n?.delaySpikes ?? []).map((r) => ({ ...rule(r), extra: dur(r.extra, 0) })),
    reorder: (n?.reorder ?? []).map((r) => ({ ...rule(r), maxExtra: dur(r.maxExtra, 0) })),
  } as Scenario['network'];
}

/** The parsed scenario of an input `sketchToScenario` wrote; equal to `ScenarioSchema`'s. */
export function generatedScenario(input: Input): Scenario {
  const c = cluster(input.cluster);
  const firstWebBridge = c.webBridges[0]!.id;
  return {
    name: input.name,
    seed: input.seed ?? TEMPLATE.seed,
    until: dur(input.until, TEMPLATE.until),
    maxEvents: TEMPLATE.maxEvents,
    cluster: c,
    spaces: input.spaces.map((sp) => ({
      ...SPACE,
      ...sp,
      serverDefaults: { ...SPACE.serverDefaults },
    })) as Scenario['spaces'],
    participants: (input.participants ?? []).map((p) => ({
      ...PARTICIPANT,
      ...p,
      webBridge: p.webBridge ?? firstWebBridge,
      ...(p.join !== undefined ? { join: { space: p.join.space, at: dur(p.join.at, 0) } } : {}),
      local: { ...PARTICIPANT.local, ...p.local },
    })) as Scenario['participants'],
    moves: (input.moves ?? []).map((m, i) => ({
      id: m.id ?? `m${i + 1}`,
      at: dur(m.at, 0),
      participant: m.participant,
      to: m.to,
      via: m.via ?? c.cmm.apiBridge,
    })),
    network: network(input.network),
    faults: (input.faults ?? []).map((f) => FaultSchema.parse(f) as Fault),
    whatIf: [],
    expect: [],
  };
}
