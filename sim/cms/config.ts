/**
 * The static configuration of a simulated CMS cluster: bridges, spaces, thresholds and the
 * timing assumptions every node reads.
 *
 * This is configuration, as an operator writes it into CMS (call bridges, call bridge groups,
 * spaces and their call ids), not state: no handler changes it, and what one node knows of
 * another's *state* still travels only in messages. Built once per run by the scenario layer.
 */
import type { Distribution } from '../engine/index.js';
import type { MediaProfile, ServerSideSettings } from './defaults.js';
import type { ThresholdRule } from './placement.js';

export interface CallBridgeConfig {
  id: string;
  /** The server name CMS logs print, e.g. `cbcms2`. */
  name: string;
  loadLimit: number;
  /** At most this many participant instances; undefined means no limit. */
  participantLimit: number | undefined;
  /** Higher is preferred by the `cms` placement policy. */
  priority: number;
  /** The group this bridge belongs to, if call bridge groups are configured. */
  group: string | undefined;
}

export interface SpaceConfig {
  id: string;
  name: string;
  /**
   * The API call id (`/api/v1/calls/<callId>`) of the space's first call; later calls get ids
   * derived from it (`callbridge/calls.ts`). It names a call only while that call is active.
   */
  callId: string;
  /** The numeric call id the browser joins by (step 6's `POST /api/call/session/move`). */
  numericCallId: string;
  /** The call is started at the start of the run, as `POST /api/v1/calls` does (assumption). */
  activeCall: boolean;
  /** The internal conference id, different from the call id (as in CMS). */
  conferenceId: string;
  /**
   * The id the replace query names the conference by: the tech note's sample shows one that
   * differs from the conference id of its `API call leg … in call` and `joined conference`
   * lines; movesim takes it to be the call correlator id (an assumption).
   */
  correlatorId: string;
  /** The space's own id, as "joined space <id>" prints it. */
  spaceGuid: string;
  /** The preferred bridge: head of the conference's ordered list of preferred bridges. */
  hostedOn: string | undefined;
  /** Whether guests may join (false: the "no permission" failure). */
  guestAccess: boolean;
  /** A dual-homed meeting: moves into it are refused. */
  dualHomed: boolean;
  /**
   * The server-side state a new call leg in this space starts with (its call leg profile's
   * defaults); a participant moved here starts from these too (CMM's help).
   */
  serverDefaults: Readonly<ServerSideSettings>;
}

export type PlacementPolicyName = 'cms' | 'least-loaded' | 'round-robin' | 'local-first';

export interface LoadBalancingConfig {
  enabled: boolean;
  policy: PlacementPolicyName;
  newConferenceLoadLimitBasisPoints: number;
  existingConferenceLoadLimitBasisPoints: number;
  /** How the `cms` policy compares a bridge's load with a threshold (`placement.ts`). */
  thresholdRule: ThresholdRule;
  /** How equal candidates are ordered at the end: by id, or by a seeded draw. */
  tieBreak: 'id' | 'seeded';
}

/** Recovery mechanisms (assumptions); each can be switched off to see what it protects. */
export interface RecoveryConfig {
  /**
   * All recovery on or off: the web bridge ends a superseded or silent session; the call
   * bridge tears down an instance whose media stopped and no session end came, and destroys
   * a created participant whose browser never authenticated.
   */
  sessionCleanup: boolean;
  websocketIdleTimeoutMs: number;
  /** How long a call bridge waits for the session end after the browser stopped its media. */
  mediaInactivityTimeoutMs: number;
  /** A call bridge destroys a participant whose browser never authenticated. */
  pendingParticipantTimeoutMs: number;
}

export interface Timings {
  mediaSetup: Distribution;
  credentialStorage: Distribution;
  sessionSetup: Distribution;
  apiTimeoutMs: number;
  peerTimeoutMs: number;
  c2wTimeoutMs: number;
  mediaTimeoutMs: number;
  moveInProgressTimeoutMs: number;
  jwtExpiryMs: number;
}

export interface ClusterConfig {
  callBridges: CallBridgeConfig[];
  /** Call bridge ids by group id. */
  groups: Map<string, { bridges: string[]; loadBalancingEnabled: boolean }>;
  webBridges: { id: string; callBridges: string[] }[];
  spaces: Map<string, SpaceConfig>;
  /** Space id by numeric call id (the browser's). */
  spaceByNumericCallId: Map<string, string>;
  cmm: { id: string; apiBridge: string; address: string; apiUser: string };
  loadBalancing: LoadBalancingConfig;
  loadPoints: Record<MediaProfile, number>;
  recovery: RecoveryConfig;
  timings: Timings;
  /**
   * Domain fault, case (c) of the tech note: for these moves the chosen bridge puts another
   * space's numeric call id in the move message (step 6), so the browser joins that call.
   */
  wrongCallIds: Map<string, string>;
}

/** The configuration of call bridge `id`; throws on an unknown id (a model bug). */
export function bridgeConfig(config: ClusterConfig, id: string): CallBridgeConfig {
  const b = config.callBridges.find((c) => c.id === id);
  if (b === undefined) throw new Error(`unknown call bridge "${id}"`);
  return b;
}

/** The configuration of space `id`; throws on an unknown id (a model bug). */
export function spaceConfig(config: ClusterConfig, id: string): SpaceConfig {
  const s = config.spaces.get(id);
  if (s === undefined) throw new Error(`unknown space "${id}"`);
  return s;
}

/** The bridges a replace query from `from` asks: its group's bridges, else all. */
export function candidateBridges(config: ClusterConfig, from: string): string[] {
  const group = bridgeConfig(config, from).group;
  const g = group === undefined ? undefined : config.groups.get(group);
  if (g !== undefined && g.loadBalancingEnabled) return [...g.bridges];
  return config.callBridges.map((b) => b.id);
}
