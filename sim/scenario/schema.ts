/**
 * The scenario schema: the one zod schema from which the scenario types, the validation of
 * scenario files and `scenarios/scenario.schema.json` all come.
 *
 * This file describes shapes, ranges and defaults, including the defaults that depend on other
 * fields (a participant's web bridge, a move's id and target bridge). It does not check that ids
 * refer to things that exist, nor that ids are unique; `references.ts` does, and `load.ts` reads
 * files and reports problems. All durations come out as numbers of milliseconds.
 */
import { z } from 'zod';

import {
  CMS_LAYOUTS,
  DEFAULT_API_TIMEOUT_MS,
  DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP,
  DEFAULT_JWT_EXPIRY_MS,
  DEFAULT_LOAD_LIMIT,
  DEFAULT_LOAD_POINTS,
  DEFAULT_MEDIA_INACTIVITY_TIMEOUT_MS,
  DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP,
  DEFAULT_PENDING_PARTICIPANT_TIMEOUT_MS,
  DEFAULT_SERVER_SIDE,
  DEFAULT_WEBSOCKET_IDLE_TIMEOUT_MS,
  MEDIA_PROFILES,
} from '../cms/defaults.js';
import { PARTICIPANT_TYPES } from '../cms/messages.js';
import { THRESHOLD_RULES } from '../cms/placement.js';
import { MOVE_STEP_COUNT } from '../cms/protocol.js';
import { durationText, MAX_DURATION_MS } from './duration.js';
import { FaultSchema } from './faults.js';
import { ASSIGN_KINDS, expandPopulations } from './population.js';
import { duration, Ref } from './schema-parts.js';
import { seedProblem } from './seed.js';
import { parseWhatIf } from './what-if.js';

// ---------------------------------------------------------------------------------------------
// Building blocks.
// ---------------------------------------------------------------------------------------------

/** The pattern of ids: a letter, then letters, digits, `_`, `.` or `-`. */
export const ID_PATTERN = /^[A-Za-z][\w.-]*$/;

/**
 * The pattern of scenario names, which become folder names: letters, digits, `.`, `_` and `-`,
 * not starting with `.` (so never `.`, `..` or a hidden folder).
 */
export const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The longest scenario name, in characters; well under any file system's limit of a name. */
export const NAME_MAX_LENGTH = 100;

/** An id of a thing declared in the scenario. */
const Id = z.string().regex(ID_PATTERN, {
  error: (iss) =>
    `id ${JSON.stringify(iss.input)} is not valid; ids start with a letter and contain only letters, digits, "_", "." and "-"`,
});

/** A number of milliseconds in a distribution: not negative, at most the longest duration. */
const msValue = () =>
  z
    .number()
    .min(0)
    .max(MAX_DURATION_MS, {
      error: `at most ${MAX_DURATION_MS} ms (365 days), the longest duration movesim accepts`,
    });

const nonNegativeMs = (description: string) => msValue().describe(description);

// ---------------------------------------------------------------------------------------------
// Distributions.
// ---------------------------------------------------------------------------------------------

/** A fixed delay. */
const ConstantDist = z
  .strictObject({
    dist: z.literal('constant').describe('The kind of distribution.'),
    /** The delay in milliseconds. */
    ms: nonNegativeMs('The delay in milliseconds.'),
  })
  .describe('Always the same delay.');

/** A delay drawn uniformly between two bounds. */
const UniformDist = z
  .strictObject({
    dist: z.literal('uniform').describe('The kind of distribution.'),
    /** The smallest delay in milliseconds. */
    minMs: nonNegativeMs('The smallest delay in milliseconds.'),
    /** The largest delay in milliseconds; at least minMs. */
    maxMs: nonNegativeMs('The largest delay in milliseconds; at least minMs.'),
  })
  .refine((d) => d.minMs <= d.maxMs, {
    path: ['maxMs'],
    error: 'maxMs must be at least minMs; swap them or raise maxMs',
  })
  .describe('A delay drawn uniformly between minMs and maxMs.');

/** A delay drawn from a normal distribution, clamped at zero by the sampler. */
const NormalDist = z
  .strictObject({
    dist: z.literal('normal').describe('The kind of distribution.'),
    /** The mean delay in milliseconds. */
    meanMs: nonNegativeMs('The mean delay in milliseconds.'),
    /** The standard deviation in milliseconds. */
    sdMs: nonNegativeMs('The standard deviation in milliseconds.'),
  })
  .describe('A delay drawn from a normal distribution (negative draws are clamped to zero).');

/** A delay drawn from a lognormal distribution given by its median and 99th percentile. */
const LognormalDist = z
  .strictObject({
    dist: z.literal('lognormal').describe('The kind of distribution.'),
    /** The median delay in milliseconds; greater than zero. */
    medianMs: msValue().gt(0).describe('The median delay in milliseconds; greater than zero.'),
    /** The 99th percentile delay in milliseconds; at least medianMs. */
    p99Ms: msValue()
      .gt(0)
      .describe('The 99th percentile delay in milliseconds; at least medianMs.'),
  })
  .refine((d) => d.p99Ms >= d.medianMs, {
    path: ['p99Ms'],
    error: 'p99Ms must be at least medianMs',
  })
  .describe('A delay drawn from a lognormal distribution given by its median and 99th percentile.');

/** A delay drawn from an exponential distribution. */
const ExponentialDist = z
  .strictObject({
    dist: z.literal('exponential').describe('The kind of distribution.'),
    /** The mean delay in milliseconds. */
    meanMs: nonNegativeMs('The mean delay in milliseconds.'),
  })
  .describe('A delay drawn from an exponential distribution.');

/** A delay drawn uniformly from a list of observed samples. */
const EmpiricalDist = z
  .strictObject({
    dist: z.literal('empirical').describe('The kind of distribution.'),
    /** The observed delays in milliseconds; at least one. */
    samplesMs: z
      .array(msValue())
      .min(1, { error: 'samplesMs needs at least one sample' })
      .describe('The observed delays in milliseconds; at least one.'),
  })
  .describe('A delay drawn uniformly from observed samples.');

/** A random delay; all times in milliseconds. */
export const DistributionSchema = z
  .discriminatedUnion('dist', [
    ConstantDist,
    UniformDist,
    NormalDist,
    LognormalDist,
    ExponentialDist,
    EmpiricalDist,
  ])
  .meta({
    id: 'Distribution',
    description:
      'A random delay in milliseconds, chosen by `dist`: constant, uniform, normal, lognormal, exponential or empirical.',
  });

/** The names of the distributions, as `dist` values. */
export const DISTRIBUTION_KINDS = [
  'constant',
  'uniform',
  'normal',
  'lognormal',
  'exponential',
  'empirical',
] as const;

// ---------------------------------------------------------------------------------------------
// Cluster.
// ---------------------------------------------------------------------------------------------

/** A call bridge (CMS Call Bridge). */
const CallBridgeSchema = z
  .strictObject({
    /** The call bridge id, also its node id. */
    id: Id.describe('The call bridge id, also its node id.'),
    /** A human label for reports, such as "Callbridge A". */
    label: z.string().optional().describe('A human label for reports, such as "Callbridge A".'),
    /** The bridge's load limit in load points. */
    loadLimit: z
      .int()
      .gt(0)
      .default(DEFAULT_LOAD_LIMIT)
      .describe(`The load limit in load points (CMS default ${DEFAULT_LOAD_LIMIT}).`),
    /** The most participants the bridge accepts; unlimited when absent. */
    participantLimit: z
      .int()
      .gt(0)
      .optional()
      .describe('The most participants the bridge accepts; unlimited when absent.'),
    /** The bridge's priority for load balancing; higher is preferred. */
    priority: z.int().default(0).describe('The priority for load balancing; higher is preferred.'),
    /** The bridge's processing delay; the network.processing.callbridge default when absent. */
    processing: DistributionSchema.optional().describe(
      'The processing delay of this bridge; network.processing.callbridge when absent.',
    ),
  })
  .describe('A call bridge.');

/** A call bridge group. */
const CallBridgeGroupSchema = z
  .strictObject({
    /** The group id. */
    id: Id.describe('The group id.'),
    /** The call bridges in the group; a bridge belongs to at most one group. */
    bridges: z
      .array(Ref('a call bridge id'))
      .min(1, { error: 'a call bridge group needs at least one bridge' })
      .describe('The ids of the call bridges in the group; a bridge belongs to at most one group.'),
    /** Whether load balancing is enabled for this group. */
    loadBalancingEnabled: z
      .boolean()
      .default(true)
      .describe('Whether load balancing is enabled for this group.'),
    /** Whether calls from users (not only guests) are load balanced in this group. */
    loadBalanceUserCalls: z
      .boolean()
      .default(true)
      .describe('Whether calls from users (not only guests) are load balanced in this group.'),
  })
  .describe('A call bridge group.');

/** The load balancing policies. */
export const LOAD_BALANCING_POLICIES = [
  'cms',
  'least-loaded',
  'round-robin',
  'local-first',
] as const;

/** Cluster-wide load balancing settings. */
const LoadBalancingSchema = z
  .strictObject({
    /** Whether load balancing is on. */
    enabled: z.boolean().default(false).describe('Whether load balancing is on.'),
    /** How a bridge is chosen for a new participant. */
    policy: z
      .enum(LOAD_BALANCING_POLICIES)
      .default('cms')
      .describe(
        'How a bridge is chosen: cms (the CMS algorithm), least-loaded, round-robin or local-first.',
      ),
    /** Load (in basis points of the limit) above which a bridge takes no new conferences. */
    newConferenceLoadLimitBasisPoints: z
      .int()
      .min(0)
      .max(10000)
      .default(DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP)
      .describe(
        'Load, in basis points of the load limit, above which a bridge takes no new conferences.',
      ),
    /**
     * Load (in basis points of the limit) above which a bridge takes no more participants of
     * existing conferences.
     */
    existingConferenceLoadLimitBasisPoints: z
      .int()
      .min(0)
      .max(10000)
      .default(DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP)
      .describe(
        'Load, in basis points of the load limit, above which a bridge takes no participants of existing conferences.',
      ),
    /**
     * How the `cms` policy compares a bridge with its threshold: `reported-load` (CMS's API
     * reference: the load level the bridge reported, without the newcomer) or the stricter
     * `with-participant` (the load with the newcomer's added).
     */
    thresholdRule: z
      .enum(THRESHOLD_RULES)
      .default('reported-load')
      .describe(
        "How a bridge is compared with its threshold: reported-load (as CMS documents: the load level it reported is not above the threshold; the newcomer's own load is not added) or with-participant (stricter: the load with the newcomer added stays within the threshold).",
      ),
    /** How ties between equal bridges are broken. */
    tieBreak: z
      .enum(['id', 'seeded'])
      .default('id')
      .describe(
        'How ties between equal bridges are broken: by id, or by the seeded random generator.',
      ),
  })
  .prefault({})
  .describe('Load balancing settings.');

/** A web bridge (CMS Web Bridge 3). */
const WebBridgeSchema = z
  .strictObject({
    /** The web bridge id, also its node id. */
    id: Id.describe('The web bridge id, also its node id.'),
    /** A human label for reports. */
    label: z.string().optional().describe('A human label for reports, such as "Webbridge A".'),
    /** The call bridges this web bridge talks to; all call bridges when absent. */
    callBridges: z
      .array(Ref('a call bridge id'))
      .min(1, {
        error:
          'a web bridge needs at least one call bridge; leave callBridges out to link it to every call bridge',
      })
      .optional()
      .describe(
        'The ids of the call bridges this web bridge talks to; all call bridges when absent.',
      ),
    /** The web bridge's processing delay; network.processing.webbridge when absent. */
    processing: DistributionSchema.optional().describe(
      'The processing delay of this web bridge; network.processing.webbridge when absent.',
    ),
  })
  .describe('A web bridge.');

/** The Cisco Meeting Management node that issues move requests. */
const CmmSchema = z
  .strictObject({
    /** The CMM id, also its node id. */
    id: Id.default('cmm').describe('The CMM id, also its node id.'),
    /** The call bridge that receives CMM's API requests. */
    apiBridge: Ref('cmm.apiBridge').describe(
      'The id of the call bridge that receives the API requests.',
    ),
    /** How long CMM waits for an API response. */
    apiTimeout: duration('How long CMM waits for an API response.').prefault(
      durationText(DEFAULT_API_TIMEOUT_MS),
    ),
  })
  .describe('Cisco Meeting Management, which sends the move requests.');

/** The load points of a participant per media profile. */
const LoadPointsSchema = z
  .strictObject({
    '1080p30': z
      .int()
      .min(0)
      .default(DEFAULT_LOAD_POINTS['1080p30'])
      .describe('Load points of a 1080p30 participant.'),
    '720p30': z
      .int()
      .min(0)
      .default(DEFAULT_LOAD_POINTS['720p30'])
      .describe('Load points of a 720p30 participant.'),
    '448p30': z
      .int()
      .min(0)
      .default(DEFAULT_LOAD_POINTS['448p30'])
      .describe('Load points of a 448p30 participant.'),
    audio: z
      .int()
      .min(0)
      .default(DEFAULT_LOAD_POINTS.audio)
      .describe('Load points of an audio-only participant.'),
  })
  .prefault({})
  .describe('The load points a participant costs, per media profile.');

/** How the cluster recovers from lost participants. */
const RecoverySchema = z
  .strictObject({
    /** How long a web bridge waits on a silent websocket before dropping it. */
    websocketIdleTimeout: duration(
      'How long a silent websocket lives before it is dropped.',
    ).prefault(durationText(DEFAULT_WEBSOCKET_IDLE_TIMEOUT_MS)),
    /** Whether the recovery mechanisms are on (all of them). */
    sessionCleanup: z
      .boolean()
      .default(true)
      .describe(
        'Whether recovery is on: web bridges end superseded or silent sessions, call bridges tear down participants whose media stopped with no session end, and remove participants that never joined. Switch off to see which invariants each fault breaks without it.',
      ),
    /**
     * How long a call bridge keeps a participant whose browser stopped its media, waiting for the
     * session end.
     */
    mediaInactivityTimeout: duration(
      'How long a call bridge keeps a participant whose browser stopped its media (left for another call) before it tears it down itself, when the session end never comes.',
    ).prefault(durationText(DEFAULT_MEDIA_INACTIVITY_TIMEOUT_MS)),
    /** How long a participant may stay pending (created but not joined) before removal. */
    pendingParticipantTimeout: duration(
      'How long a participant may stay pending (created, not yet joined) before it is removed.',
    ).prefault(durationText(DEFAULT_PENDING_PARTICIPANT_TIMEOUT_MS)),
  })
  .prefault({})
  .describe('Recovery settings.');

/** The shortest and longest JWT lifetimes CMS allows. */
export const JWT_EXPIRY_MIN_MS = 3_600_000;
export const JWT_EXPIRY_MAX_MS = 86_400_000;

/** The cluster: bridges, groups, CMM and cluster-wide settings. */
const ClusterSchema = z
  .strictObject({
    /** The call bridges; between 1 and 24. */
    callBridges: z
      .array(CallBridgeSchema)
      .min(1, { error: 'the cluster needs at least one call bridge' })
      .max(24, { error: 'a CMS cluster has at most 24 call bridges' })
      .describe('The call bridges; between 1 and 24.'),
    /** The call bridge groups. */
    callBridgeGroups: z
      .array(CallBridgeGroupSchema)
      .default([])
      .describe('The call bridge groups.'),
    /** Load balancing settings. */
    loadBalancing: LoadBalancingSchema,
    /** The web bridges; at least one. */
    webBridges: z
      .array(WebBridgeSchema)
      .min(1, { error: 'the cluster needs at least one web bridge' })
      .describe('The web bridges; at least one.'),
    /** Cisco Meeting Management. */
    cmm: CmmSchema,
    /** Load points per media profile. */
    loadPoints: LoadPointsSchema,
    /** Recovery settings. */
    recovery: RecoverySchema,
    /** The lifetime of the JWTs web bridges issue; between 1h and 24h. */
    jwtExpiry: duration('The lifetime of the JWTs the web bridges issue; between 1h and 24h.')
      .pipe(
        z
          .number()
          .min(JWT_EXPIRY_MIN_MS, { error: 'jwtExpiry must be at least 1h' })
          .max(JWT_EXPIRY_MAX_MS, { error: 'jwtExpiry must be at most 24h' }),
      )
      .prefault(durationText(DEFAULT_JWT_EXPIRY_MS)),
  })
  .describe('The cluster.');

// ---------------------------------------------------------------------------------------------
// Spaces, participants, moves.
// ---------------------------------------------------------------------------------------------

/** A call leg's server-side state, each field optional. */
const ServerSideFields = {
  /** The call leg is muted by the server. */
  muted: z.boolean().optional().describe('The call leg is muted by the server (rxAudioMute).'),
  /** The call leg's layout. */
  layout: z.enum(CMS_LAYOUTS).optional().describe("The call leg's chosenLayout."),
  /** The call leg's importance; 0 stands for none. */
  importance: z
    .int()
    .min(0)
    .optional()
    .describe("The call leg's importance: higher is shown first; 0 stands for none."),
};

/** A space's defaults for a new call leg's server-side state (its call leg profile). */
const ServerDefaultsSchema = z
  .strictObject(ServerSideFields)
  .prefault({})
  .transform((d) => ({
    muted: d.muted ?? DEFAULT_SERVER_SIDE.muted,
    layout: d.layout ?? DEFAULT_SERVER_SIDE.layout,
    importance: d.importance ?? DEFAULT_SERVER_SIDE.importance,
  }))
  .describe(
    "The server-side state a new call leg in the space starts with, and a participant moved in is reset to (CMM's help): not muted, layout automatic, importance 0 when absent.",
  );

/** A space (a meeting). */
const SpaceSchema = z
  .strictObject({
    /** The space id. */
    id: Id.describe('The space id.'),
    /** The space's display name. */
    name: z.string().describe('The display name of the space.'),
    /** The call bridge that hosts the space's call; chosen by load balancing when absent. */
    hostedOn: Ref('hostedOn')
      .optional()
      .describe(
        'The id of the call bridge that hosts the call; chosen by load balancing when absent.',
      ),
    /** Whether guests may join the space. */
    guestAccess: z.boolean().default(true).describe('Whether guests may join.'),
    /** Whether the space's call is dual homed (spread across bridges). */
    dualHomed: z
      .boolean()
      .default(false)
      .describe('Whether the call is dual homed (spread over several bridges).'),
    /** The API call id of the space's first call; drawn from the seed when absent. */
    callId: z
      .string()
      .optional()
      .describe(
        "The API call id of the space's first call (later calls get ids derived from it); drawn from the seed when absent.",
      ),
    /**
     * Whether the space's call is started at the beginning, as `POST /api/v1/calls` does; when
     * false, the call is active only while participants are in it.
     */
    activeCall: z
      .boolean()
      .default(true)
      .describe(
        'Whether the call is started at the beginning, as an API client does with POST /api/v1/calls, so participants can be moved into it while it is empty; such a call ends only by endCall. When false, the call is active only while participants are in it, and a move into it needs a participant there (assumption).',
      ),
    /** The server-side state of a new call leg here; a moved participant is reset to it. */
    serverDefaults: ServerDefaultsSchema,
  })
  .describe('A space, that is a meeting.');

/** The layouts a participant may choose. */
export const LAYOUTS = ['speaker', 'allEqual', 'stacked', 'presentation'] as const;

/** When and where a participant joins. */
const JoinSchema = z
  .strictObject({
    /** The space joined. */
    space: Ref('join.space').describe('The id of the space joined.'),
    /** When the participant joins. */
    at: duration('When the participant joins.').prefault(0),
  })
  .describe('When and where the participant joins.');

/** The participant's local state, which a move must carry over. */
const LocalStateSchema = z
  .strictObject({
    /** Whether the participant is muted. */
    muted: z.boolean().default(false).describe('Whether the participant is muted.'),
    /** The participant's chosen layout. */
    layout: z.enum(LAYOUTS).default('speaker').describe('The chosen layout.'),
    /** Whether the participant is presenting. */
    presenting: z.boolean().default(false).describe('Whether the participant is presenting.'),
    /** How many chat messages the participant has. */
    chatMessages: z
      .int()
      .min(0)
      .default(0)
      .describe('How many chat messages the participant has seen.'),
  })
  .prefault({})
  .describe('Local state that a move must carry over.');

/** A participant; each is a browser node whose id is the participant id. */
const ParticipantSchema = z
  .strictObject({
    /** The participant id, also its browser's node id. */
    id: Id.describe("The participant id, also its browser's node id."),
    /** The participant's display name. */
    name: z.string().describe('The display name.'),
    /** The kind of participant. */
    type: z.enum(PARTICIPANT_TYPES).default('guest').describe('The kind of participant.'),
    /** The web bridge the participant's browser uses; the first web bridge when absent. */
    webBridge: Ref('webBridge')
      .optional()
      .describe('The id of the web bridge used; the first web bridge when absent.'),
    /** The media profile, which sets the participant's load. */
    mediaProfile: z
      .enum(MEDIA_PROFILES)
      .default('720p30')
      .describe('The media profile, which sets the load.'),
    /** Whether CMM may move the participant. */
    canMove: z.boolean().default(true).describe('Whether the participant may be moved.'),
    /** When and where the participant joins; never joins when absent. */
    join: JoinSchema.optional(),
    /** Local state to carry over. */
    local: LocalStateSchema,
    /**
     * Server-side state the operator sets on the participant's call leg as it joins (a PUT on
     * the call leg), over the space's defaults; a move resets it to the target's defaults.
     */
    server: z
      .strictObject(ServerSideFields)
      .optional()
      .describe(
        "Server-side state set on the participant's call leg as it joins (as a PUT on the call leg would), over the space's serverDefaults; a move resets it to the target space's serverDefaults.",
      ),
  })
  .describe('A Web App participant.');

/** A move of a participant to another space. */
const MoveSchema = z
  .strictObject({
    /** The move id; `m1`, `m2`… by position when absent. */
    id: Id.optional().describe('The move id; m1, m2, … by position when absent.'),
    /** When CMM sends the move request. */
    at: duration('When CMM sends the move request.'),
    /** The participant moved. */
    participant: Ref('participant').describe('The id of the participant moved.'),
    /** The space the participant is moved to. */
    to: Ref('to').describe('The id of the target space.'),
    /** The call bridge that receives the API request; cmm.apiBridge when absent. */
    via: Ref('via')
      .optional()
      .describe(
        'The id of the call bridge that receives the API request; cmm.apiBridge when absent.',
      ),
  })
  .describe('A move of a participant to another space, requested by CMM.');

/** One value or a non-empty list of values used in turn (member i takes item i mod length). */
const oneOrList = <T extends z.ZodType>(item: T, what: string) =>
  z.union([item, z.array(item).min(1, { error: `${what} needs at least one item` })]);

/** A time, or a window over which the members' times are spread evenly. */
const Spread = z
  .union([
    duration('The same time for every member.'),
    z
      .strictObject({
        from: duration('When the first member acts.'),
        to: duration('The end of the window (not reached); at least from.'),
      })
      .refine((w) => w.to >= w.from, { path: ['to'], error: '`to` must not be before `from`' })
      .describe('Member i (from 0) of count acts at from + floor(i * (to - from) / count).'),
  ])
  .describe('A time, or a window { from, to } over which the members are spread evenly.');

/** The moves of a population: one per member. */
const PopulationMovesSchema = z
  .strictObject({
    /** The target spaces. */
    to: oneOrList(Ref('moves.to'), 'moves.to').describe(
      'The id of the target space, or a list of them assigned to the members by `assign`.',
    ),
    /** When CMM requests the moves. */
    at: Spread,
    /** How the members are assigned their targets. */
    assign: z
      .enum(ASSIGN_KINDS)
      .default('round-robin')
      .describe(
        'How targets are assigned: round-robin (member i to item i mod length), blocks (equal consecutive runs of members per target) or random (drawn from the scenario seed).',
      ),
    /** The call bridges receiving the API requests, in turn; cmm.apiBridge when absent. */
    via: oneOrList(Ref('moves.via'), 'moves.via')
      .optional()
      .describe('The call bridge (or a list used in turn) receiving the requests.'),
  })
  .describe('One move per member, requested by CMM.');

/** Many participants declared at once; expanded at load time into participants and moves. */
const PopulationSchema = z
  .strictObject({
    /** How many participants. */
    count: z
      .int()
      .min(1)
      .max(100_000, { error: 'a population has at most 100000 members' })
      .describe('How many participants; at most 100000.'),
    /** The prefix of the members' ids; the number (3 digits or the count's width) follows. */
    idPrefix: Id.describe(
      'The prefix of the ids: member i (from 1) is the prefix then i padded with zeros to at least 3 digits and to the width of count (g001 … g120, p00001 … p10000).',
    ),
    /** The display name; `{n}` is replaced by the member's number and `{id}` by its id. */
    name: z
      .string()
      .default('{id}')
      .describe('The display name; {n} becomes the member number (from 1), {id} its id.'),
    type: z.enum(PARTICIPANT_TYPES).default('guest').describe('The kind of participant.'),
    mediaProfile: oneOrList(z.enum(MEDIA_PROFILES), 'mediaProfile')
      .default('720p30')
      .describe('The media profile, or a list used in turn.'),
    canMove: z.boolean().default(true).describe('Whether the members may be moved.'),
    /** The web bridges, in turn; the first web bridge when absent. */
    webBridges: z
      .array(Ref('webBridges'))
      .min(1, { error: 'webBridges needs at least one web bridge; leave it out for the first' })
      .optional()
      .describe('The ids of the web bridges the members use, in turn; the first when absent.'),
    /** Where and when the members join; they never join when absent. */
    join: z
      .strictObject({
        space: oneOrList(Ref('join.space'), 'join.space').describe(
          'The id of the space joined, or a list used in turn.',
        ),
        at: Spread.prefault(0),
      })
      .optional()
      .describe('Where and when the members join.'),
    /** The members' local state; each field may be a list used in turn. */
    local: z
      .strictObject({
        muted: oneOrList(z.boolean(), 'local.muted')
          .optional()
          .describe('Whether muted, or a list used in turn; not muted when absent.'),
        layout: oneOrList(z.enum(LAYOUTS), 'local.layout')
          .optional()
          .describe('The layout, or a list used in turn; speaker when absent.'),
        presenting: oneOrList(z.boolean(), 'local.presenting')
          .optional()
          .describe('Whether presenting, or a list used in turn; not presenting when absent.'),
        chatMessages: z
          .int()
          .min(0)
          .optional()
          .describe('How many chat messages each member has seen; 0 when absent.'),
      })
      .optional()
      .describe('Local state to carry over; muted, layout and presenting may be lists.'),
    moves: PopulationMovesSchema.optional(),
  })
  .describe(
    'Many participants at once, expanded when the scenario loads into participants (after the listed ones) and one move each (after the listed moves).',
  );

// ---------------------------------------------------------------------------------------------
// Network.
// ---------------------------------------------------------------------------------------------

/** The classes of network links. */
export const LINK_CLASSES = ['api', 'peer', 'c2w', 'websocket', 'media'] as const;

/** A latency override for one pair of nodes. */
const LinkLatencySchema = z
  .strictObject({
    /** The sending node. */
    from: Ref('from').describe('The id of the sending node.'),
    /** The receiving node. */
    to: Ref('to').describe('The id of the receiving node.'),
    /** The latency on this link. */
    latency: DistributionSchema.describe('The latency on this link.'),
    /** Whether the latency also applies from `to` to `from`. */
    bothWays: z
      .boolean()
      .default(true)
      .describe('Whether the latency also applies in the other direction.'),
  })
  .describe('The latency of the link between two nodes.');

/** Latencies by link class, with per-link overrides. */
const LatencySchema = z
  .strictObject({
    /** The latency of any link without a more specific one. */
    default: DistributionSchema.optional().describe(
      'The latency of any link without a more specific setting; when absent each link class has its own calibrated default (api 1 ms, peer 1 ms, c2w 2 ms, websocket 8 ms, media 8 ms median, lognormal).',
    ),
    api: DistributionSchema.optional().describe(
      'The latency of CMM API requests (CMM to call bridge).',
    ),
    peer: DistributionSchema.optional().describe('The latency between call bridges.'),
    c2w: DistributionSchema.optional().describe(
      'The latency between call bridges and web bridges (C2W).',
    ),
    websocket: DistributionSchema.optional().describe(
      'The latency between browsers and web bridges.',
    ),
    media: DistributionSchema.optional().describe('The latency of media.'),
    /** The latency of a node talking to itself. */
    loopback: DistributionSchema.prefault({ dist: 'constant', ms: 0 }).describe(
      'The latency of a node sending to itself.',
    ),
    /** Per-link overrides. */
    links: z.array(LinkLatencySchema).default([]).describe('Latencies of particular links.'),
  })
  .prefault({})
  .describe('Network latencies.');

/** Processing delays per node kind. */
const ProcessingSchema = z
  .strictObject({
    cmm: DistributionSchema.optional().describe('The processing delay of CMM.'),
    callbridge: DistributionSchema.optional().describe('The processing delay of call bridges.'),
    webbridge: DistributionSchema.optional().describe('The processing delay of web bridges.'),
    browser: DistributionSchema.optional().describe('The processing delay of browsers.'),
  })
  .prefault({})
  .describe('Processing delays per kind of node.');

const probability = z
  .number()
  .min(0, { error: 'probability must be between 0 and 1' })
  .max(1, { error: 'probability must be between 0 and 1' })
  .describe('The probability, between 0 and 1, that a matching message is affected.');

const linkSelector = {
  /** Only messages on links of this class; all classes when absent. */
  linkClass: z
    .enum(LINK_CLASSES)
    .optional()
    .describe('Only messages on links of this class; all when absent.'),
  /** Only messages from this node; any when absent. */
  from: Ref('from').optional().describe('Only messages sent by this node; any when absent.'),
  /** Only messages to this node; any when absent. */
  to: Ref('to').optional().describe('Only messages sent to this node; any when absent.'),
  /** Only the messages of this step of a move; any message when absent. */
  step: z
    .int()
    .min(1)
    .max(MOVE_STEP_COUNT)
    .optional()
    .describe(`Only the messages of this step (1..${MOVE_STEP_COUNT}) of a move; any when absent.`),
};

/** Random loss or duplication of matching messages. */
const LossRuleSchema = z
  .strictObject({ probability, ...linkSelector })
  .describe('Random loss of matching messages.');

const DuplicationRuleSchema = z
  .strictObject({ probability, ...linkSelector })
  .describe('Random duplication of matching messages.');

/** Random extra delay on matching messages. */
const DelaySpikeRuleSchema = z
  .strictObject({
    probability,
    extra: duration('The extra delay of an affected message.'),
    ...linkSelector,
  })
  .describe('Random extra delay on matching messages.');

/** Random reordering of matching messages. */
const ReorderRuleSchema = z
  .strictObject({
    probability,
    maxExtra: duration(
      'The most extra delay an affected message gets, which lets later messages overtake it.',
    ),
    ...linkSelector,
  })
  .describe('Random reordering of matching messages by a random extra delay.');

/** The network between nodes. */
const NetworkSchema = z
  .strictObject({
    latency: LatencySchema,
    processing: ProcessingSchema,
    /** The browser-side ICE/DTLS delay before media flows. */
    mediaSetup: DistributionSchema.optional().describe(
      'The browser-side ICE/DTLS delay before media flows.',
    ),
    loss: z.array(LossRuleSchema).default([]).describe('Random message loss rules.'),
    duplication: z
      .array(DuplicationRuleSchema)
      .default([])
      .describe('Random message duplication rules.'),
    delaySpikes: z.array(DelaySpikeRuleSchema).default([]).describe('Random extra delay rules.'),
    reorder: z.array(ReorderRuleSchema).default([]).describe('Random reordering rules.'),
  })
  .prefault({})
  .describe('The network: latencies, processing delays and random misbehaviour.');

// ---------------------------------------------------------------------------------------------
// Expectations.
// ---------------------------------------------------------------------------------------------

/** The results a move may have. */
export const MOVE_RESULTS = ['moved', 'rejected', 'dropped', 'wrong-meeting'] as const;

const EndsInExpect = z
  .strictObject({
    participant: Ref('participant').describe('The id of the participant.'),
    endsIn: Ref('endsIn')
      .nullable()
      .describe('The id of the space the participant ends in, or null for none.'),
  })
  .describe('Where a participant ends up.');

const NoViolationsExpect = z
  .strictObject({
    noViolations: z.literal(true).describe('Always true: no invariant may be violated.'),
  })
  .describe('No invariant is violated.');

const MoveExpect = z
  .strictObject({
    move: Ref('move').describe('The id of the move.'),
    result: z.enum(MOVE_RESULTS).describe('The result of the move.'),
    reason: z.string().optional().describe('A fragment of the reason the move reports.'),
  })
  .describe('The result of a move.');

const LoadExpect = z
  .strictObject({
    bridge: Ref('bridge').describe('The id of the call bridge.'),
    maxLoadBasisPoints: z
      .int()
      .min(0)
      .describe('The highest load allowed, in basis points of the load limit.'),
  })
  .describe("A call bridge's load stays under a limit.");

const ViolationExpect = z
  .strictObject({
    violation: z
      .string()
      .min(1)
      .describe('The name of the invariant that must be reported violated.'),
  })
  .describe('An invariant is reported violated (for scenarios that demonstrate a bug).');

/** The key that tells each kind of expectation apart, in the order of the union's members. */
export const EXPECT_KINDS = ['participant', 'noViolations', 'move', 'bridge', 'violation'] as const;

/** An expectation checked at the end of a run, told apart by which of EXPECT_KINDS it has. */
export const ExpectationSchema = z
  .union([EndsInExpect, NoViolationsExpect, MoveExpect, LoadExpect, ViolationExpect])
  .describe(`An expectation, told apart by its key: ${EXPECT_KINDS.join(', ')}.`);

// ---------------------------------------------------------------------------------------------
// The scenario.
// ---------------------------------------------------------------------------------------------

/** The scenario as written, with defaults that need no other field applied. */
const ScenarioObject = z
  .strictObject({
    /** The scenario name; also the name of its output folder. */
    name: z
      .string()
      .max(NAME_MAX_LENGTH, {
        error: (iss) =>
          `name is ${String((iss.input as string).length)} characters long; it names the output folder, so keep it to at most ${NAME_MAX_LENGTH}`,
      })
      .regex(NAME_PATTERN, {
        error: (iss) =>
          `name ${JSON.stringify(iss.input)} is not valid; use only letters, digits, ".", "_" and "-", not starting with "." (it names the output folder)`,
      })
      .describe(
        `The scenario name, also the name of its output folder: 1 to ${NAME_MAX_LENGTH} letters, digits, ".", "_", "-", not starting with ".".`,
      ),
    /** What the scenario shows. */
    description: z.string().optional().describe('What the scenario shows.'),
    /** The seed of the random generator. */
    seed: z
      .union([
        z.int({ error: (iss) => seedProblem(iss.input) ?? 'seed must be an integer or a string' }),
        z.string(),
      ])
      .default(1)
      .describe(
        `The seed of the random generator: an integer between -(2^53 - 1) and 2^53 - 1, or a string (write a larger number in quotes).`,
      ),
    /** The virtual time at which the run ends. */
    until: duration('The virtual time at which the run ends; greater than zero.')
      .pipe(
        z.number().gt(0, {
          error: 'until must be greater than 0; a run that ends at once simulates nothing',
        }),
      )
      .prefault('60s'),
    /** The most events the run processes before it stops. */
    maxEvents: z
      .int()
      .gt(0)
      .default(5_000_000)
      .describe('The most events processed before the run stops.'),
    cluster: ClusterSchema,
    /** The spaces; at least one. */
    spaces: z
      .array(SpaceSchema)
      .min(1, { error: 'a scenario needs at least one space' })
      .describe('The spaces.'),
    /** The participants. */
    participants: z.array(ParticipantSchema).default([]).describe('The participants.'),
    /** Participants declared in bulk, with their moves. */
    population: z
      .array(PopulationSchema)
      .default([])
      .describe('Participants declared in bulk, expanded after the listed ones.'),
    /** The moves CMM requests. */
    moves: z.array(MoveSchema).default([]).describe('The moves CMM requests.'),
    network: NetworkSchema,
    /** The faults injected. */
    faults: z.array(FaultSchema).default([]).describe('The faults injected.'),
    /** One-off changes to this run: a message lost, late or doubled, a node crashed. */
    whatIf: z
      .array(
        z.string().superRefine((v, ctx) => {
          try {
            parseWhatIf(v);
          } catch (e) {
            ctx.addIssue({ code: 'custom', message: (e as Error).message });
          }
        }),
      )
      .default([])
      .describe(
        'One-off changes to this run, read in order: msg=<id>:drop, msg=<id>:delay=<duration>, msg=<id>:duplicate (an id is the msg of a send event in the trace), crash=<node>@<time>[:restart=<duration>].',
      ),
    /** What must hold at the end of the run. */
    expect: z
      .array(ExpectationSchema)
      .default([])
      .describe('What must hold at the end of the run.'),
  })
  .meta({
    title: 'movesim scenario',
    description:
      'A movesim scenario: a CMS cluster, its spaces and Web App participants, the moves CMM requests, the network, faults and expectations. Durations are milliseconds or strings with a unit.',
  });

/**
 * The scenario schema. After parsing, every default is applied, including those that depend on
 * other fields: each participant has a web bridge, each web bridge its call bridges, each move an
 * id and the bridge that receives its request.
 */
export const ScenarioSchema = ScenarioObject.transform(({ population, ...s }) => {
  const firstWebBridge = s.cluster.webBridges[0]?.id ?? '';
  const allCallBridges = s.cluster.callBridges.map((b) => b.id);
  const expanded = expandPopulations(population, s.seed);
  const participants = [
    ...s.participants,
    ...expanded.participants.map((p) => ParticipantSchema.parse(p)),
  ];
  const moves = [...s.moves, ...expanded.moves.map((m) => MoveSchema.parse(m))];
  return {
    ...s,
    cluster: {
      ...s.cluster,
      webBridges: s.cluster.webBridges.map((w) => ({
        ...w,
        callBridges: w.callBridges ?? [...allCallBridges],
      })),
    },
    participants: participants.map((p) => ({ ...p, webBridge: p.webBridge ?? firstWebBridge })),
    moves: moves.map((m, i) => ({
      ...m,
      id: m.id ?? `m${i + 1}`,
      via: m.via ?? s.cluster.cmm.apiBridge,
    })),
  };
});

/** A parsed scenario: every default applied, every duration in milliseconds. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A random delay; all times in milliseconds. */
export type Distribution = z.output<typeof DistributionSchema>;
