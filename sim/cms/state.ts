/**
 * The state of each CMS node kind: call bridge, web bridge, browser and CMM.
 *
 * State is shallow, with entities in Maps keyed by id (cheap for immer to copy). Each node's
 * handler reads and changes only its own state. Records named `history` are what the node
 * itself saw, kept so outcomes can be judged after a run with the trace switched off.
 */
import type { CmsLayout, MediaProfile, ServerSideSettings } from './defaults.js';
import type {
  ApiResponse,
  ClientFailureReason,
  Jwt,
  LocalSettings,
  ParticipantDetails,
  ParticipantType,
} from './messages.js';

/** One participant instance (call leg) on a call bridge. */
export interface Instance extends ParticipantDetails {
  /** The participant GUID (the API call leg id). */
  id: string;
  /** The guest account or member user this instance belongs to. */
  user: string;
  spaceId: string;
  /**
   * `pending`: created, browser not yet in media. `connected`: in the call. `inactive`: the
   * browser stopped its media (it left for another call) and the session has not ended yet.
   */
  status: 'pending' | 'connected' | 'inactive';
  /** The numeric call number CMS logs print ("call 19"); set when media is allocated. */
  callNumber: number | undefined;
  jwtId: string | undefined;
  /** When the instance's JWT expires (as issued). */
  jwtExpiresAtUs: number;
  loadPoints: number;
  createdAtUs: number;
  /** The move that is taking this instance away, if any. */
  movingIn: string | undefined;
  /** The move that created this instance, if it was created by one (step 5). */
  createdByMove: string | undefined;
  /**
   * Server-side state (`callbridge/shared.ts`): a join starts from the space's defaults and what
   * the API set on the leg; an instance created by a move starts from the target space's
   * defaults (CMM's help: reset on a move; the client's own mute is carried instead).
   */
  serverMuted: boolean;
  serverLayout: CmsLayout;
  importance: number;
}

/** A guest account held by a call bridge. */
export interface GuestAccount {
  id: string;
  name: string;
  /** The instance it belongs to. */
  participant: string;
}

/** An active call of the cluster, as one call bridge knows it (`callbridge/calls.ts`). */
export interface ActiveCall {
  /** Its API call id (`/api/v1/calls/<callId>`). */
  callId: string;
  /** The bridges its conference runs on. */
  runningOn: string[];
  /** Started through the API (`activeCall`): it does not end when its last participant leaves. */
  startedByApi: boolean;
}

/** A move the API bridge (the one that got the POST) is running. */
export interface ApiMove {
  move: string;
  apiTrace: number;
  callId: string;
  targetSpace: string;
  participant: string;
  home: string;
  details: ParticipantDetails | undefined;
  oldUser: string | undefined;
  /** The new guest account, created when the home bridge answered. */
  newGuest: string | undefined;
  /** The number of its "guest login request" (credential storage), for a guest. */
  credentialRequest: number | undefined;
  chosen: string | undefined;
  timer: number;
}

/** One call bridge's answer to a replace query. */
export interface ReplaceAnswer {
  bridge: string;
  /** The server name logs print. */
  server: string;
  priority: number;
  load: number;
  loadLimit: number;
  running: boolean;
  /** At its participant limit, or out of resources. */
  full: boolean;
}

/** A replace query this bridge is running, for a move (step 4) or a guest's join. */
export interface Placing {
  /** `move:<move id>` or `join:<browser id>`. */
  key: string;
  spaceId: string;
  /** Load points the participant will add. */
  points: number;
  answers: ReplaceAnswer[];
  expected: number;
  timer: number;
  /** For a join: what to forward to the chosen bridge, and the web bridge to answer. */
  join: { details: ParticipantDetails; replyTo: string } | undefined;
}

export interface CallBridgeState {
  /** The server name logs print. */
  name: string;
  apiTraceCounter: number;
  /** Guest login (credential storage) requests logged here, counted from 0 as the sample does. */
  guestLoginRequests: number;
  callCounter: number;
  instances: Map<string, Instance>;
  /** Valid JWTs issued here, by id. */
  jwts: Map<string, Jwt>;
  guestAccounts: Map<string, GuestAccount>;
  /** Every guest account id ever destroyed here (never reused). */
  destroyedGuestAccounts: string[];
  /** Every JWT deleted here with its participant (step 10 and other teardowns): id to time. */
  deletedJwts: Map<string, number>;
  /** The cluster's active calls by space id, as this bridge knows them (shared by peers). */
  calls: Map<string, ActiveCall>;
  /** How many calls of each space have ended (the next call's id derives from it). */
  endedCalls: Map<string, number>;
  /** Participant instances per space: a conference runs here while its count is above 0. */
  conferences: Map<string, number>;
  /** Load points in use: the sum of the instances' points. */
  load: number;
  peakLoad: number;
  /** Moves this bridge runs as the API bridge. */
  apiMoves: Map<string, ApiMove>;
  /** The last API move requests handled here (a bounded idempotency cache against retries). */
  recentApiMoves: string[];
  /** Replace queries this bridge is waiting on. */
  placings: Map<string, Placing>;
  /** The last guest logins handled here, `browser#attempt` (a bounded cache against repeats). */
  recentLogins: string[];
  /** The instance each move created here (first one wins), for repeated creations. */
  createdByMove: Map<string, string>;
  /** The pending instance of each browser's join here (first one wins), for repeated logins. */
  pendingLogins: Map<string, string>;
  /** Domain fault: the bridge refuses new participants while true. */
  outOfResources: boolean;
  /** Domain fault: JWTs for these browsers are issued already expired, or not at all. */
  jwtFaults: Map<string, 'expire' | 'revoke'>;
  /** Round-robin position, for the `round-robin` placement policy. */
  roundRobin: number;
  /** The last placement this bridge decided, for the `load-threshold` check. */
  lastPlacement: PlacementRecord | undefined;
}

/** One placement decision, as the deciding bridge recorded it. */
export interface PlacementRecord {
  /** `move:<move id>` or `join:<browser id>`. */
  key: string;
  bridge: string;
  /** The chosen bridge's load level when it answered the replace query. */
  loadBasisPoints: number;
  /**
   * What the participant adds, in basis points of the chosen bridge's load limit, as the
   * threshold rule counts it: 0 under `reported-load` (the newcomer's load is not compared).
   */
  addedBasisPoints: number;
  /** The threshold the choice had to respect (existing- or new-conference limit). */
  limitBasisPoints: number;
  policy: string;
}

/** A browser's session on a web bridge. */
export interface WebSession {
  browser: string;
  jwt: Jwt;
  /** The websocket is open. */
  open: boolean;
  /** The call bridge accepted the JWT. */
  authenticated: boolean;
  /** When the call bridge accepted it (its own clock, from the answer). */
  authenticatedAtUs: number | undefined;
  /** The move whose new websocket this is, if any. */
  move: string | undefined;
}

export interface WebBridgeState {
  /** Current session per browser. */
  sessions: Map<string, WebSession>;
  /** C2W authentication requests awaiting an answer: browser to timer id. */
  pendingAuth: Map<string, number>;
  /** The last join attempt forwarded per browser, so a repeated request is not forwarded twice. */
  lastJoin: Map<string, number>;
  /** Idle-timeout timers of websockets that went away, per browser. */
  idleTimers: Map<string, number>;
}

/** One move, as the browser lived it. */
export interface BrowserMoveRecord {
  move: string;
  /** Local settings just before the move. */
  before: LocalSettings;
  /** The space the move message said it was going to. */
  targetSpaceName: string;
  /** The user (guest account) of the JWT before and after the move. */
  oldUser: string | undefined;
  newUser: string;
  /** The JWT ids before and after the move. */
  oldJwt: string | undefined;
  newJwt: string;
  leftAtUs: number | undefined;
  joinedAtUs: number | undefined;
  joinedSpace: string | undefined;
  error: ClientFailureReason | undefined;
}

export interface BrowserState {
  name: string;
  type: ParticipantType;
  webBridge: string;
  mediaProfile: MediaProfile;
  canMove: boolean;
  local: LocalSettings;
  /**
   * Server-side state the operator sets on this participant's call leg as it joins (the
   * scenario's `server`); absent: the space's defaults.
   */
  server?: Partial<ServerSideSettings>;
  phase: 'idle' | 'joining' | 'authenticating' | 'media-setup' | 'in-call' | 'left' | 'failed';
  jwt: Jwt | undefined;
  /** The call this browser has media with. */
  call: { bridge: string; participant: string; spaceId: string } | undefined;
  /** The move in progress, if any. */
  move: string | undefined;
  /** The UI's banner, e.g. "Now in Space 2 (webapp.com)". */
  banner: string | undefined;
  error: ClientFailureReason | undefined;
  history: Map<string, BrowserMoveRecord>;
  mediaTimer: number | undefined;
  /** When the browser last came back from a crash (the page reloaded). */
  restartedAtUs: number | undefined;
  /** Every time the browser came back from a crash, in order; absent until the first. */
  restartsAtUs?: number[];
  /** A SIP endpoint's new leg, while its old one is being hung up (`onSipMove`). */
  sipTarget?: { bridge: string; participant: string; oldJwtId: string | undefined };
  /** The leg a SIP endpoint's media is joining after a move, until it is in that call. */
  sipLeg?: { bridge: string; participant: string };
  /** How many joins this browser has started; each join request carries its number. */
  joinAttempts: number;
}

/**
 * Why the CMM refused a move itself, sending nothing to CMS: it lists no such participant, the
 * participant's kind cannot be moved (the CMM warns), or the target has no active call.
 */
export type CmmRefusal = 'participantNotFound' | 'unmovableType' | 'noActiveCall';

/** One move, as the CMM saw it. */
export interface CmmMoveRecord {
  move: string;
  participant: string;
  to: string;
  requestedAtUs: number;
  /** Where the CMM believed the participant was when it asked. */
  fromSpace: string | undefined;
  response: ApiResponse | undefined;
  /** The CMM refused the move itself (no API request); `respondedAtUs` is when. */
  refused: CmmRefusal | undefined;
  respondedAtUs: number | undefined;
  timedOut: boolean;
  timer: number;
}

export interface CmmState {
  /**
   * The API call id of each space's call, as the bridges announced it; kept after the call
   * ends (the CMM's list of meetings lags: an assumption), so a move may name an ended call.
   */
  calls: Map<string, string>;
  /** What the CMM knows of each browser's participant, from the bridges' events. */
  participants: Map<
    string,
    { participant: string; bridge: string; spaceId: string; type: ParticipantType }
  >;
  moves: Map<string, CmmMoveRecord>;
}
