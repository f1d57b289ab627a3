/**
 * The messages of the CMS model: their kinds, the data each kind carries (`Payloads`, one
 * map), and the typed context and message the handlers use, so a wrong field is a compile
 * error.
 *
 * Which step of the move a kind belongs to is the step table's business (`protocol.ts`); this
 * file checks at compile time that every kind the table names exists. The join flow (browser,
 * web bridge, call bridge) has no step numbers.
 */
import type { Annotations, Context, Message } from '../engine/index.js';
import type { MediaProfile, ServerSideSettings } from './defaults.js';
import type { STEPS } from './protocol.js';
import type { ReplaceAnswer } from './state.js';

/** The JSON Web Token a call bridge issues for a participant's websocket. */
export interface Jwt {
  id: string;
  /** The user the token is for (a guest account id, or a member's user name). */
  user: string;
  /** The call bridge that issued it and validates it. */
  callBridge: string;
  /** The participant instance it belongs to. */
  participant: string;
  /** The numeric call id of the call it joins (the browser's id of a call, not the API's). */
  callId: string;
  expiresAtUs: number;
}

/** The kinds of participant. */
export const PARTICIPANT_TYPES = ['guest', 'member', 'sip', 'sfb', 'wb2', 'meetingApp'] as const;

/** A kind of participant. */
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

/**
 * The kinds of participant that can never be moved (the tech note: Skype for Business / Lync,
 * Meeting App and WB2/CMA WebRTC participants). The CMM detects them, warns and sends nothing
 * (the tech note); a home bridge asked anyway refuses them (`unmovableType`, modelled).
 */
export const UNMOVABLE_TYPES: readonly ParticipantType[] = ['sfb', 'wb2', 'meetingApp'];

/** Whether a participant of `type` can never be moved. */
export function isUnmovableType(type: ParticipantType): boolean {
  return UNMOVABLE_TYPES.includes(type);
}

/** The client's local settings, carried over a move except presentation and chat. */
export interface LocalSettings {
  muted: boolean;
  layout: string;
  presenting: boolean;
  chatMessages: number;
}

/** What a call bridge needs to create a participant instance. */
export interface ParticipantDetails {
  browser: string;
  name: string;
  type: ParticipantType;
  webBridge: string;
  mediaProfile: MediaProfile;
  canMove: boolean;
  /**
   * Server-side state an API client sets on the call leg as it joins (a `PUT` on the call leg),
   * over the space's defaults; never carried by a move (the home bridge leaves it out).
   */
  server?: Partial<ServerSideSettings> | undefined;
}

/** Message kinds; `protocol.ts` says which belong to a step of the move. */
export const KIND = {
  // Join flow.
  joinRequest: 'join.request',
  guestLogin: 'guest.login',
  guestLoginOk: 'guest.login.ok',
  guestLoginFail: 'guest.login.fail',
  joinOk: 'join.ok',
  joinFail: 'join.fail',
  wsOpen: 'ws.open',
  wsAuth: 'ws.auth',
  wsAuthOk: 'ws.auth.ok',
  wsAuthFail: 'ws.auth.fail',
  wsReady: 'ws.ready',
  wsFail: 'ws.fail',
  mediaConnect: 'media.connect',
  mediaConnected: 'media.connected',
  mediaFail: 'media.fail',
  /** The browser stops its media with a call bridge (it leaves for another call). */
  mediaStop: 'media.stop',
  /**
   * A call bridge destroyed a participant on its own (timeout, call ended): close its websocket.
   */
  sessionClosed: 'session.closed',
  /** A restarted call bridge tells its web bridges that its sessions are gone. */
  c2wReset: 'c2w.reset',
  /** The websocket closed without "end websocket" (the browser gave up or crashed). */
  wsGone: 'ws.gone',
  cmsEvent: 'cms.event',
  /** A call bridge tells its peers a conference started or stopped running on it. */
  callUpdate: 'call.update',
  // The move.
  apiMove: 'api.move',
  moveRequest: 'move.request',
  moveReply: 'move.reply',
  replaceQuery: 'replace.query',
  replaceResponse: 'replace.response',
  participantCreate: 'participant.create',
  participantCreated: 'participant.created',
  participantCreateFail: 'participant.create.fail',
  apiResponse: 'api.response',
  wsMove: 'ws.move',
  move: 'move',
  wsEnd: 'ws.end',
  sessionEnd: 'session.end',
  /** The API bridge tells the home bridge a move failed before the new instance was asked for. */
  moveAbort: 'move.abort',
  /** A SIP leg's move: the chosen bridge re-invites the endpoint (an assumption). */
  sipMove: 'sip.move',
  /** The old bridge confirms a SIP endpoint's hang-up of its old leg. */
  sipByeOk: 'sip.bye.ok',
  // A SIP participant's join: a SIP call straight to a call bridge (no web bridge, no JWT).
  /** A SIP endpoint calls a space (an INVITE); a call bridge may forward it once placed. */
  sipInvite: 'sip.invite',
  /** The call bridge answers the call with the new leg (a 200 OK). */
  sipInviteOk: 'sip.invite.ok',
  /** The call bridge refuses the call. */
  sipInviteFail: 'sip.invite.fail',
  /** The call bridge hangs up a SIP leg on its own (timeout, call ended): a BYE. */
  sipBye: 'sip.bye',
} as const;

/** Local mark kinds. */
export const MARK = {
  placement: 'placement',
  teardown: 'teardown',
  guestAccountCreated: 'guest-account.created',
  guestAccountDestroyed: 'guest-account.destroyed',
  jwtIssued: 'jwt.issued',
  jwtDeleted: 'jwt.deleted',
  joined: 'joined',
  moveFailed: 'move.failed',
} as const;

/**
 * Why the API refuses a move, as its `<failureDetails>` reason: the ones CMS publishes
 * (`callDoesNotExist`, `participantLimitReached`, `invalidOperation`, …) and the ones movesim
 * models where CMS publishes none (the README's outcome table says which), plus `timeout` when
 * a bridge the API bridge waited on never answered.
 */
export const REJECT_REASONS = [
  'canMoveFalse',
  'unmovableType',
  'callDoesNotExist',
  'participantNotFound',
  'participantLimitReached',
  'dualHomedTarget',
  'moveInProgress',
  'invalidOperation',
  'timeout',
] as const;

/** A reason the API refuses a move. */
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * The API failure reasons CMS publishes (the API reference's `<failureDetails>` reasons);
 * every other reason an outcome carries is movesim's own (`modelled` in `summary.json`).
 */
export const PUBLISHED_REASONS: readonly string[] = [
  'callDoesNotExist',
  'participantLimitReached',
  'tenantParticipantLimitReached',
  'invalidOperation',
  'parameterError',
];

/** Whether `reason` is movesim's own rather than one CMS publishes (null: no reason). */
export function isModelledReason(reason: string | null): boolean {
  return reason !== null && !PUBLISHED_REASONS.includes(reason);
}

/**
 * Why a browser loses its join, its websocket or its media: what a web bridge or call bridge
 * tells it (`join.fail`, `ws.fail`, `media.fail`), or what it sees itself (`timeout`, a later
 * move that overtakes this one, `superseded`, or its own restart, `browserRestarted`).
 */
export const CLIENT_FAILURE_REASONS = [
  'bridgeDown',
  'webBridgeDown',
  'webBridgeRestarted',
  'jwtExpired',
  'jwtInvalid',
  'noPermission',
  'participantLimitReached',
  'participantNotFound',
  'callDoesNotExist',
  'callEnded',
  'mediaStopped',
  'participantGone',
  'outOfResources',
  'idle',
  'neverJoined',
  'superseded',
  'browserRestarted',
  'timeout',
] as const;

/** A reason a browser loses its join, websocket or media. */
export type ClientFailureReason = (typeof CLIENT_FAILURE_REASONS)[number];

/** An answer of the REST API to the CMM, as a real API client sees it. */
export interface ApiResponse {
  status: number;
  /** `Location` of the new participant on 200. */
  location?: string;
  /** The `<failureDetails>` reason on an error. */
  reason?: RejectReason;
}

/** An event a call bridge reports to the CMM (its view of who is where). */
export type CmsEvent =
  | {
      event: 'participantJoined';
      browser: string;
      participant: string;
      spaceId: string;
      bridge: string;
      type: ParticipantType;
    }
  | {
      event: 'participantLeft';
      browser: string;
      participant: string;
      spaceId: string;
      reason: string;
    }
  | { event: 'callActive'; spaceId: string; callId: string };

/**
 * The data of each message kind: the one map `send` and the handlers are typed by. Field order
 * is the order the trace writes, so keep each sender's object literal in this order.
 */
export interface Payloads {
  [KIND.joinRequest]: { details: ParticipantDetails; spaceId: string; attempt: number };
  /**
   * `placed`: the deciding bridge already placed this join here; `replyTo`: the web bridge to
   * answer.
   */
  [KIND.guestLogin]: {
    details: ParticipantDetails;
    spaceId: string;
    attempt?: number;
    placed?: boolean;
    replyTo?: string;
  };
  /** A SIP call: the fields of a login; `replyTo` is the endpoint. */
  [KIND.sipInvite]: {
    details: ParticipantDetails;
    spaceId: string;
    attempt?: number;
    placed?: boolean;
    replyTo?: string;
  };
  [KIND.sipInviteOk]: { browser: string; participant: string; spaceId: string };
  [KIND.sipInviteFail]: { browser: string; reason: ClientFailureReason };
  [KIND.sipBye]: { participant: string; reason: ClientFailureReason };
  [KIND.guestLoginOk]: { browser: string; jwt: Jwt };
  [KIND.guestLoginFail]: { browser: string; reason: ClientFailureReason };
  [KIND.joinOk]: { jwt: Jwt };
  [KIND.joinFail]: { reason: ClientFailureReason };
  [KIND.wsOpen]: { jwt: Jwt; callId: string };
  [KIND.wsAuth]: { browser: string; jwt: Jwt; callId: string };
  /** `atUs`: when the call bridge accepted the JWT, on its own clock. */
  [KIND.wsAuthOk]: { browser: string; participant: string; atUs: number };
  [KIND.wsAuthFail]: { browser: string; reason: ClientFailureReason };
  [KIND.wsReady]: { participant: string };
  /**
   * `jwtId` names the websocket that closed, so a browser ignores the close of one it already left.
   */
  [KIND.wsFail]: { reason: ClientFailureReason; jwtId?: string };
  [KIND.mediaConnect]: { participant: string };
  [KIND.mediaConnected]: { participant: string; spaceId: string; spaceName: string };
  [KIND.mediaFail]: { reason: ClientFailureReason };
  [KIND.mediaStop]: { participant: string };
  [KIND.sessionClosed]: { browser: string; jwtId: string; reason: ClientFailureReason };
  [KIND.c2wReset]: Record<string, never>;
  [KIND.wsGone]: Record<string, never>;
  [KIND.cmsEvent]: CmsEvent;
  [KIND.callUpdate]: { spaceId: string; running: boolean };
  [KIND.apiMove]: {
    callId: string;
    movedParticipant: string;
    needsActivation: boolean;
    homedOn: string;
  };
  [KIND.moveRequest]: { participant: string; callId: string };
  [KIND.moveReply]:
    | { ok: false; reason: RejectReason }
    | { ok: true; participant: string; user: string; details: ParticipantDetails; spaceId: string };
  /** `key`: the placing's serialized key (`placing-key.ts`). */
  [KIND.replaceQuery]: { key: string; conference: string; spaceId: string };
  [KIND.replaceResponse]: { key: string; answer: ReplaceAnswer };
  [KIND.participantCreate]: {
    details: ParticipantDetails;
    spaceId: string;
    user: string;
    oldParticipant: string;
  };
  [KIND.participantCreated]: { participant: string };
  [KIND.participantCreateFail]: { reason: RejectReason };
  [KIND.apiResponse]: ApiResponse;
  /** `callId`: the numeric call id the browser is to join (step 6; case (c) if wrong). */
  [KIND.wsMove]: { browser: string; jwt: Jwt; spaceName: string; callId: string };
  [KIND.move]: { jwt: Jwt; spaceName: string; callId: string };
  /**
   * `reason`: why the browser ends the websocket. Absent for a move (step 8, the tech note's
   * "end websocket"): the move's message keeps its original shape in the trace.
   */
  [KIND.wsEnd]: { jwtId: string; reason?: 'leave' };
  /** Why the session ends: `move` (step 9), `leave`, `idle`, `superseded`. */
  [KIND.sessionEnd]: { participant: string; jwtId: string; reason: SessionEndReason };
  [KIND.moveAbort]: { participant: string };
  [KIND.sipMove]: { participant: string; spaceId: string; spaceName: string };
  [KIND.sipByeOk]: { participant: string };
}

export type MessageKind = keyof Payloads;
export type MarkKind = (typeof MARK)[keyof typeof MARK];

/** Why a browser's session on a call bridge ends. */
export type SessionEndReason = 'move' | 'leave' | 'idle' | 'superseded';

/** A delivered message of kind `K`, its data typed. */
export type CmsMessage<K extends MessageKind = MessageKind> = K extends MessageKind
  ? Omit<Message, 'kind' | 'data'> & { kind: K; data: Payloads[K] }
  : never;

/**
 * The engine's context with `send` typed by `Payloads` (the same object; no wrapper at run time).
 */
export interface CmsContext extends Omit<Context, 'send'> {
  send<K extends MessageKind>(to: string, kind: K, data: Payloads[K], notes?: Annotations): void;
}

/**
 * Reads an engine message as a CMS message: the one place message data is trusted to match its
 * kind.
 */
export function cmsMessage(m: Message): CmsMessage {
  return m as CmsMessage;
}

// Every kind and mark the step table names exists here (a compile error otherwise).
type TableKind = (typeof STEPS)[number]['kinds'][number] | (typeof STEPS)[number]['marks'][number];
type Missing = Exclude<TableKind, MessageKind | MarkKind>;
const tableKindsExist: [Missing] extends [never] ? true : Missing = true;
void tableKindsExist;
