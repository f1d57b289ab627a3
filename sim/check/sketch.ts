/**
 * The sketch of a generated case: the raw data the property explorer draws, before it becomes a
 * scenario file.
 *
 * A sketch names other things by plain integers (a bridge index, a participant index, a move
 * index), which `to-scenario.ts` resolves modulo the number of things there are. So every sketch
 * is valid by construction, however fast-check shrinks its lists, and no generated case is ever
 * filtered away. This file holds types and bounds only; it draws nothing (see `arbitraries.ts`)
 * and knows nothing of the schema's defaults (see `to-scenario.ts`).
 */
import type { MediaProfile } from '../cms/defaults.js';
import type { ParticipantType } from '../cms/messages.js';
import type { ThresholdRule } from '../cms/placement.js';
import type { Distribution } from '../scenario/schema.js';
import type { FaultSketch } from './fault-search.js';

/** The bounds of what the explorer generates. Every count is inclusive. */
export const SKETCH_LIMITS = {
  /** Call bridges per cluster. */
  callBridges: { min: 1, max: 8 },
  /** Web bridges per cluster. */
  webBridges: { min: 1, max: 3 },
  /** Call bridge groups, when a cluster has groups. */
  groups: { max: 3 },
  /** Spaces per scenario; two at least, so that a move has somewhere else to go. */
  spaces: { min: 2, max: 5 },
  /** Participants per scenario. */
  participants: { min: 1, max: 8 },
  /** Groups of moves (each group is one to four moves). */
  moveGroups: { max: 5 },
  /** Faults per scenario. */
  faults: { max: 4 },
  /** Random network rules (loss, duplication, spikes, reordering) per scenario. */
  networkRules: { max: 2 },
} as const;

/** A point in virtual time: relative to a move (to aim at the middle of it) or absolute. */
export type TimeRef =
  /** `offsetMs` after the request of move `move` (modulo the number of moves). */
  | { move: number; offsetMs: number }
  /** An absolute time in milliseconds. */
  | { atMs: number };

/** A node of the scenario, by role and index (modulo the number of nodes of that role). */
export interface NodeRef {
  role: 'callbridge' | 'webbridge' | 'browser' | 'cmm';
  index: number;
}

/**
 * The node playing one side of step `step` of move `move` (modulo the number of moves): the
 * role that sends the step's message (or acts, for a local step), or the one that receives it,
 * as the step table says. Resolved from the scenario's configuration, so it is the node that
 * usually plays the role; the trace says which one did.
 */
export interface StepRoleRef {
  step: number;
  move: number;
  side: 'sender' | 'receiver';
}

export interface BridgeSketch {
  loadLimit: number;
  /** No limit when null. */
  participantLimit: number | null;
  priority: number;
}

export interface GroupsSketch {
  /** The group index of each bridge (modulo the number of groups); bridge i uses entry i. */
  groupOf: number[];
  /** Per group: load balancing enabled. Its length is the number of groups. */
  enabled: boolean[];
}

export interface LoadBalancingSketch {
  enabled: boolean;
  policy: 'cms' | 'least-loaded' | 'round-robin' | 'local-first';
  newConferenceLoadLimitBasisPoints: number;
  existingConferenceLoadLimitBasisPoints: number;
  tieBreak: 'id' | 'seeded';
  /** How the `cms` policy compares a bridge with its threshold. */
  thresholdRule: ThresholdRule;
}

export interface WebBridgeSketch {
  /**
   * Bit i set: linked to call bridge i. Null, or bits set only past the last bridge: all
   * bridges (the key is left out). Never zero: the schema refuses an empty list.
   */
  links: number | null;
}

export interface SpaceSketch {
  /** Call bridge index, or null for placement by load balancing. */
  hostedOn: number | null;
  guestAccess: boolean;
  dualHomed: boolean;
  /** False: the space's call is active only while participants are in it. */
  activeCall: boolean;
}

export interface ParticipantSketch {
  type: ParticipantType;
  webBridge: number;
  mediaProfile: MediaProfile;
  canMove: boolean;
  /** Never joins when null. */
  join: { space: number; atMs: number } | null;
  local: {
    muted: boolean;
    layout: 'speaker' | 'allEqual' | 'stacked' | 'presentation';
    presenting: boolean;
    chatMessages: number;
  };
}

/** A group of moves, written to the scenario as one to four moves. */
export type MoveGroupSketch =
  /** One move. */
  | { kind: 'single'; participant: number; to: number; atMs: number; via: number | null }
  /** Several participants moved at the same instant (concurrent moves). */
  | { kind: 'together'; participants: number[]; to: number[]; atMs: number; via: number | null }
  /** One participant moved A→B, then B→C once the first move should be over. */
  | { kind: 'chain'; participant: number; to: [number, number]; atMs: number; gapMs: number }
  /** One participant moved, then moved again while the first move is still running. */
  | { kind: 'again'; participant: number; to: [number, number]; atMs: number; gapMs: number };

/** A random network rule. */
export interface NetworkRuleSketch {
  kind: 'loss' | 'duplication' | 'delaySpikes' | 'reorder';
  probability: number;
  linkClass: 'api' | 'peer' | 'c2w' | 'websocket' | 'media' | null;
  /** The extra delay of a spike, or the largest extra delay of a reordered message. */
  extraMs: number;
  /** Aimed at the messages of this step of every move (then `linkClass` is null); or null. */
  step: number | null;
}

/** Latencies: a default for every link and overrides per link class. */
export interface LatencySketch {
  default: Distribution | null;
  peer: Distribution | null;
  c2w: Distribution | null;
  websocket: Distribution | null;
}

/** One generated case. */
export interface Sketch {
  /** The simulation seed of the scenario. */
  seed: number;
  bridges: BridgeSketch[];
  groups: GroupsSketch | null;
  loadBalancing: LoadBalancingSketch;
  webBridges: WebBridgeSketch[];
  /** The CMM's API bridge, by index. */
  apiBridge: number;
  spaces: SpaceSketch[];
  participants: ParticipantSketch[];
  moves: MoveGroupSketch[];
  latency: LatencySketch;
  networkRules: NetworkRuleSketch[];
  faults: FaultSketch[];
}
