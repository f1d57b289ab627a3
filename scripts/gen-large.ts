/**
 * Variants of the large cluster for tests and benchmarks: 24 call bridges in 3 groups, Web App
 * participants in spaces, moves over ten-minute rounds, at a fraction of the full size or with
 * more rounds, with shuffled move orders and cross-group moves drawn from a small seeded
 * generator (`mulberry32.ts`).
 *
 * `largeScenario(options)` returns the scenario as written (a plain object for the schema); the
 * same options always give the same scenario. The shipped `scenarios/large-24-bridges.yaml` is
 * not generated: it declares its 10,000 participants as a population. It does not run scenarios
 * (bench/ and test/ do).
 */
import { mulberry32 } from './mulberry32.js';

/** What to generate. */
export interface LargeOptions {
  /**
   * Fraction of the full size: participants, spaces and moves are multiplied by it (at least
   * one space per bridge); the 24 bridges, 3 groups and the web bridges stay. Default 1.
   */
  scale?: number;
  /**
   * How many times each participant is moved; each round adds ten minutes of virtual time, so
   * the run grows in length while the cluster stays the same size. Default 1.
   */
  rounds?: number;
  /** The scenario name. Default `large-24-bridges` (with a suffix for other sizes). */
  name?: string;
}

/** The full size: the cluster limits Cisco publishes (24 bridges, about 450 participants each). */
export const FULL = {
  callBridges: 24,
  groups: 3,
  webBridges: 6,
  spaces: 400,
  participants: 10_000,
  /** Joins are spread over the first minute, in milliseconds. */
  joinWindowMs: 60_000,
  /** Each round of moves fills ten minutes, in milliseconds. */
  roundMs: 600_000,
  /** The share of moves whose target space is in another call bridge group. */
  crossGroupShare: 0.2,
} as const;

/**
 * A CMS2000's load limit (Cisco's Collaboration CVD), so ~450 participants of mixed video fit a
 * bridge.
 */
const LOAD_LIMIT = 700_000;

/** Mixed media profiles, by cumulative share. */
const PROFILES: readonly [string, number][] = [
  ['720p30', 0.6],
  ['448p30', 0.85],
  ['1080p30', 0.95],
  ['audio', 1],
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The id of call bridge `i` (from 0): `cb01` … `cb24`. */
export const bridgeId = (i: number): string => `cb${pad(i + 1, 2)}`;

interface Sizes {
  spaces: number;
  participants: number;
  rounds: number;
}

function sizesOf(options: LargeOptions): Sizes {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 1)) throw new Error(`scale must be in (0, 1]; got ${scale}`);
  const rounds = options.rounds ?? 1;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer; got ${rounds}`);
  const spaces = Math.max(FULL.callBridges, Math.round(FULL.spaces * scale));
  const participants = Math.max(spaces, Math.round(FULL.participants * scale));
  return { spaces, participants, rounds };
}

/** The scenario name for these options. */
function nameOf(options: LargeOptions, sizes: Sizes): string {
  if (options.name !== undefined) return options.name;
  const scale = options.scale ?? 1;
  const parts = ['large-24-bridges'];
  if (scale !== 1) parts.push(`p${sizes.participants}`);
  if (sizes.rounds !== 1) parts.push(`x${sizes.rounds}`);
  return parts.join('-');
}

type Obj = Record<string, unknown>;

/** A call bridge as the scenario declares it. */
interface Bridge {
  id: string;
  label: string;
  loadLimit: number;
}

/** A call bridge group: its bridges' ids. */
interface Group {
  id: string;
  bridges: string[];
  loadBalancingEnabled: boolean;
}

/** A space (a meeting) and the call bridge hosting it. */
interface Space {
  id: string;
  name: string;
  hostedOn: string;
}

/** A Web App participant and where and when it joins (`at` in milliseconds). */
interface Participant {
  id: string;
  name: string;
  webBridge: string;
  mediaProfile: string;
  join: { space: string; at: number };
}

/** How many call bridges each group has. */
const PER_GROUP = FULL.callBridges / FULL.groups;

/** The group of space `s` (from 0): the group of the bridge hosting it. */
const groupOfSpace = (s: number): number => Math.floor((s % FULL.callBridges) / PER_GROUP);

/** The scenario as written in a file (before the schema applies its defaults). */
export function largeScenario(options: LargeOptions = {}): Obj {
  const sizes = sizesOf(options);
  const rand = mulberry32(20_240_517);
  const { bridges, groups, webBridges } = clusterOf();
  const spaces = spacesOf(sizes);
  // The generator is drawn from in this order: the participants' profiles, then the moves.
  const participants = participantsOf(sizes, spaces, rand);
  const { moves, where } = movesOf(sizes, participants, spaces, groups, rand);
  const lastMoved = (p: number): Obj => ({
    participant: participants[p]!.id,
    endsIn: spaces[where[p]!]!.id,
  });
  const untilMs = FULL.joinWindowMs + sizes.rounds * FULL.roundMs + 60_000;
  return {
    name: nameOf(options, sizes),
    seed: 1,
    until: `${untilMs / 1000}s`,
    cluster: {
      callBridges: bridges,
      callBridgeGroups: groups,
      webBridges,
      loadBalancing: { enabled: true },
      cmm: { apiBridge: bridgeId(0) },
    },
    spaces,
    participants,
    moves,
    network: networkOf(),
    expect: [
      { noViolations: true },
      lastMoved(0),
      lastMoved(participants.length - 1),
      ...bridges.map((b) => ({ bridge: b.id, maxLoadBasisPoints: 8000 })),
    ],
  };
}

/** The cluster at full size: 24 call bridges in 3 load-balanced groups, and the web bridges. */
function clusterOf(): { bridges: Bridge[]; groups: Group[]; webBridges: Obj[] } {
  const bridges = Array.from({ length: FULL.callBridges }, (_, i) => ({
    id: bridgeId(i),
    label: `Callbridge ${pad(i + 1, 2)}`,
    loadLimit: LOAD_LIMIT,
  }));
  const groups = Array.from({ length: FULL.groups }, (_, g) => ({
    id: `group${g + 1}`,
    bridges: bridges.slice(g * PER_GROUP, (g + 1) * PER_GROUP).map((b) => b.id),
    loadBalancingEnabled: true,
  }));
  const webBridges = Array.from({ length: FULL.webBridges }, (_, i) => ({
    id: `wb${i + 1}`,
    label: `Webbridge ${i + 1}`,
  }));
  return { bridges, groups, webBridges };
}

/** The spaces; they go round the bridges, so every bridge hosts the same number of conferences. */
function spacesOf(sizes: Sizes): Space[] {
  return Array.from({ length: sizes.spaces }, (_, i) => ({
    id: `s${pad(i + 1, 3)}`,
    name: `Space ${i + 1} (webapp.com)`,
    hostedOn: bridgeId(i % FULL.callBridges),
  }));
}

/**
 * The participants: participant `i` joins space `i mod spaces` through a web bridge in turn,
 * the joins spread evenly over the join window, each with a media profile drawn from `rand`.
 */
function participantsOf(sizes: Sizes, spaces: readonly Space[], rand: () => number): Participant[] {
  const width = String(sizes.participants).length;
  return Array.from({ length: sizes.participants }, (_, i) => {
    const space = i % sizes.spaces;
    const r = rand();
    const profile = PROFILES.find(([, upTo]) => r < upTo)![0];
    return {
      id: `p${pad(i + 1, width)}`,
      name: `Guest ${i + 1}`,
      webBridge: `wb${(i % FULL.webBridges) + 1}`,
      mediaProfile: profile,
      join: {
        space: spaces[space]!.id,
        at: Math.floor((i * FULL.joinWindowMs) / sizes.participants),
      },
    };
  });
}

/**
 * The moves, and the space (index) each participant ends in. Each round moves every participant
 * once, in a shuffled order, evenly over ten minutes, to another space of its group (or, for a
 * share, of another group). The API request goes to a bridge of the target's group, as a CMM
 * with one API bridge per group would send it.
 */
function movesOf(
  sizes: Sizes,
  participants: readonly Participant[],
  spaces: readonly Space[],
  groups: readonly Group[],
  rand: () => number,
): { moves: Obj[]; where: number[] } {
  const spacesOfGroup = Array.from({ length: FULL.groups }, (_, g) =>
    spaces.map((_, i) => i).filter((i) => groupOfSpace(i) === g),
  );
  const moves: Obj[] = [];
  // Every participant starts in its join space.
  const where = participants.map((_, i) => i % sizes.spaces);
  for (let round = 0; round < sizes.rounds; round++) {
    const order = shuffledIndices(participants.length, rand);
    const start = FULL.joinWindowMs + round * FULL.roundMs;
    order.forEach((p, k) => {
      const from = where[p]!;
      const g =
        rand() < FULL.crossGroupShare
          ? (groupOfSpace(from) + 1 + Math.floor(rand() * (FULL.groups - 1))) % FULL.groups
          : groupOfSpace(from);
      const choices = spacesOfGroup[g]!.filter((s) => s !== from);
      const to = choices[Math.floor(rand() * choices.length)]!;
      where[p] = to;
      moves.push({
        at: start + Math.floor((k * (FULL.roundMs - 20_000)) / order.length),
        participant: participants[p]!.id,
        to: spaces[to]!.id,
        via: groups[g]!.bridges[k % PER_GROUP],
      });
    });
  }
  return { moves, where };
}

/** The indices 0 … n-1 in an order drawn from `rand` (Fisher–Yates). */
function shuffledIndices(n: number, rand: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Realistic latencies (assumptions): a data centre for the API, a cluster whose peer round trip
 * stays well under the 300 ms limit Cisco publishes for a cluster, browsers on the internet.
 */
function networkOf(): Obj {
  return {
    latency: {
      api: { dist: 'lognormal', medianMs: 1, p99Ms: 5 },
      peer: { dist: 'lognormal', medianMs: 15, p99Ms: 60 },
      c2w: { dist: 'lognormal', medianMs: 3, p99Ms: 15 },
      websocket: { dist: 'lognormal', medianMs: 25, p99Ms: 120 },
      media: { dist: 'lognormal', medianMs: 25, p99Ms: 120 },
    },
  };
}
