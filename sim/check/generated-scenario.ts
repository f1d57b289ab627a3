/**
 * The parsed scenario of a generated case, built without the schema: the search's fast path.
 *
 * `sketchToScenario` writes only the fields a generated case uses, in the forms it writes them
 * (ids it made itself, durations as `"<n>ms"` or `"<n>s"`), and its cases are valid by
 * construction, so this file completes that input with the schema's defaults instead of
 * validating it: every default is read from one scenario the real schema parsed (nothing is
 * repeated here). Faults too: each kind's field order and nested defaults are read from one
 * fault of that kind the schema parsed (`FAULT_SHAPES`), and a fault of a kind without one
 * goes through the schema. A test shows the result equals `ScenarioSchema`'s (the faults as
 * the same JSON text, key order included) on hundreds of generated cases of every plan, and another
 * that every generated case passes the schema and the reference checks (`parseGenerated`).
 * This is only for inputs of `sketchToScenario`; any other input must go through the schema.
 *
 * An object that takes a default object's fields and adds its own is made with
 * `Object.assign({}, …)`, never by a literal that opens with a spread: on Node 20's V8 an object
 * spread that then gains a key gets a hidden class of its own every time, which made every
 * site reading these objects megamorphic (docs/performance.md, "Warm-up").
 */
import { STEP } from '../cms/protocol.js';
import { parseDurationMs } from '../scenario/duration.js';
import { type Fault, type FaultKind, FaultSchema } from '../scenario/faults.js';
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

/** One fault of each kind with every field, parsed by the schema: the source of `FAULT_SHAPES`. */
const FAULT_EXAMPLES: Record<FaultKind, Fault> = Object.fromEntries(
  (
    [
      { at: 0, drop: { kind: 'k', from: 'a', to: 'b', step: STEP.teardown } },
      { at: 0, crash: 'a', restartAfter: 1 },
      { from: 0, until: 1, partition: { between: [['a'], ['b']] } },
      { at: 0, expireJwt: 'p' },
      { at: 0, revokeJwt: 'p' },
      { from: 0, until: 1, outOfResources: 'a' },
      { wrongCallId: 's', move: 'm' },
      { at: 0, endCall: 's' },
      { at: 0, slowBridge: 'a', factor: 2, for: 1 },
    ] as const
  ).map((f) => {
    const parsed = FaultSchema.parse(f) as Fault;
    return [parsed.kind, parsed];
  }),
) as Record<FaultKind, Fault>;

/** A parsed fault's fields: its kind, each in the schema's order, and the nested defaults. */
interface FaultShape {
  kind: FaultKind;
  keys: string[];
  nested: Record<string, { keys: string[]; defaults: Record<string, unknown> }>;
}

/** The fields of a fault that are durations (milliseconds once parsed). */
const DURATION_KEYS = new Set(['at', 'from', 'until', 'restartAfter', 'for']);

/** The nested objects of faults, with the fields the schema fills in when absent. */
const NESTED_DEFAULTS: Record<string, string[]> = { drop: ['count'], partition: ['oneWay'] };

/** Each kind's shape, read from its parsed example, by the key that tells the kind apart. */
const FAULT_SHAPES = new Map<string, FaultShape>(
  Object.values(FAULT_EXAMPLES).map((ex) => {
    const rec = ex as unknown as Record<string, Record<string, unknown>>;
    const keys = Object.keys(ex).filter((k) => k !== 'kind');
    const nested: FaultShape['nested'] = {};
    for (const [k, fill] of Object.entries(NESTED_DEFAULTS)) {
      const inner = rec[k];
      if (inner === undefined) continue;
      nested[k] = {
        keys: Object.keys(inner),
        defaults: Object.fromEntries(fill.map((d) => [d, inner[d]])),
      };
    }
    return [ex.kind, { kind: ex.kind, keys, nested }];
  }),
);

/**
 * A fault as the schema parses it, for a fault `sketchToScenario` wrote (valid by
 * construction): the kind first, the fields in the schema's order, durations in milliseconds,
 * nested defaults filled in, arrays copied. A fault of no known shape goes through the schema.
 */
function fault(input: FaultInput): Fault {
  const f = input as Record<string, unknown>;
  let shape: FaultShape | undefined;
  for (const k in f) {
    shape = FAULT_SHAPES.get(k);
    if (shape !== undefined) break;
  }
  if (shape === undefined) return FaultSchema.parse(input) as Fault;
  const out: Record<string, unknown> = { kind: shape.kind };
  for (const k of shape.keys) {
    const v = f[k];
    if (v === undefined) continue;
    const inner = shape.nested[k];
    if (DURATION_KEYS.has(k)) out[k] = parseDurationMs(v as string | number);
    else if (inner !== undefined) out[k] = nestedFault(v as Record<string, unknown>, inner);
    else out[k] = v;
  }
  return out as unknown as Fault;
}

/** A nested object of a fault (`drop`, `partition`) with its defaults, arrays copied. */
function nestedFault(
  v: Record<string, unknown>,
  shape: { keys: string[]; defaults: Record<string, unknown> },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of shape.keys) {
    const x = v[k] ?? shape.defaults[k];
    if (x === undefined) continue;
    out[k] = Array.isArray(x) ? x.map((e: unknown) => (Array.isArray(e) ? [...e] : e)) : x;
  }
  return out;
}

type Input = ScenarioInput;
type FaultInput = NonNullable<Input['faults']>[number];
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
  const callBridges = c.callBridges.map((b) =>
    Object.assign(
      {},
      CALL_BRIDGE,
      { id: b.id },
      b.loadLimit !== undefined ? { loadLimit: b.loadLimit } : {},
      b.participantLimit !== undefined ? { participantLimit: b.participantLimit } : {},
      b.priority !== undefined ? { priority: b.priority } : {},
    ),
  );
  const all = callBridges.map((b) => b.id);
  return {
    callBridges,
    callBridgeGroups: (c.callBridgeGroups ?? []).map((g) =>
      Object.assign({}, GROUP, g, { bridges: [...g.bridges] }),
    ),
    loadBalancing: Object.assign({}, CLUSTER.loadBalancing, c.loadBalancing),
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
    delaySpikes: (n?.delaySpikes ?? []).map((r) =>
      Object.assign(rule(r), { extra: dur(r.extra, 0) }),
    ),
    reorder: (n?.reorder ?? []).map((r) =>
      Object.assign(rule(r), { maxExtra: dur(r.maxExtra, 0) }),
    ),
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
    spaces: input.spaces.map((sp) =>
      Object.assign({}, SPACE, sp, { serverDefaults: { ...SPACE.serverDefaults } }),
    ) as Scenario['spaces'],
    participants: (input.participants ?? []).map((p) =>
      Object.assign(
        {},
        PARTICIPANT,
        p,
        { webBridge: p.webBridge ?? firstWebBridge },
        p.join !== undefined ? { join: { space: p.join.space, at: dur(p.join.at, 0) } } : {},
        { local: { ...PARTICIPANT.local, ...p.local } },
      ),
    ) as Scenario['participants'],
    moves: (input.moves ?? []).map((m, i) => ({
      id: m.id ?? `m${i + 1}`,
      at: dur(m.at, 0),
      participant: m.participant,
      to: m.to,
      via: m.via ?? c.cmm.apiBridge,
    })),
    network: network(input.network),
    faults: (input.faults ?? []).map(fault),
    whatIf: [],
    expect: [],
  };
}
