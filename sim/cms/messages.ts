/**
 * The messages of the CMS model: their kinds, the tech-note step each belongs to, and the
 * data they carry.
 *
 * A move is the tech note's 11 steps; steps 4 and 10 are local marks (`placement`,
 * `teardown`) rather than messages, though step 4 also has the replace-query messages when
 * load balancing is on. The join flow (browser, web bridge, call bridge) has no step numbers.
 */
import type { MediaProfile } from './defaults.js';

/** The JSON Web Token a call bridge issues for a participant's websocket. */
export interface Jwt {
  id: string;
  /** The user the token is for (a guest account id, or a member's user name). */
  user: string;
  /** The call bridge that issued it and validates it. */
  callBridge: string;
  /** The participant instance it belongs to. */
  participant: string;
  /** The API call id of the call it joins. */
  callId: string;
  expiresAtUs: number;
}

export type ParticipantType = 'guest' | 'member' | 'sip' | 'sfb' | 'wb2';

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
}

/** Message kinds, by step where they have one. */
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
  /** A call bridge destroyed a participant on its own (timeout, call ended): close its websocket. */
  sessionClosed: 'session.closed',
  /** A restarted call bridge tells its web bridges that its sessions are gone. */
  c2wReset: 'c2w.reset',
  /** The websocket closed without "end websocket" (the browser gave up or crashed). */
  wsGone: 'ws.gone',
  cmsEvent: 'cms.event',
  // The move.
  apiMove: 'api.move', // 1
  moveRequest: 'move.request', // 2
  moveReply: 'move.reply', // 3
  replaceQuery: 'replace.query', // 4
  replaceResponse: 'replace.response', // 4
  participantCreate: 'participant.create', // 5
  participantCreated: 'participant.created', // 5
  participantCreateFail: 'participant.create.fail', // 5
  apiResponse: 'api.response', // 5 (or the error answer to step 1)
  wsMove: 'ws.move', // 6
  move: 'move', // 7
  wsEnd: 'ws.end', // 8
  sessionEnd: 'session.end', // 9
  moveAbort: 'move.abort', // the API bridge tells the home bridge a move failed before step 5
} as const;

/** Local mark kinds. */
export const MARK = {
  placement: 'placement', // 4
  teardown: 'teardown', // 10
  guestAccountCreated: 'guest-account.created',
  guestAccountDestroyed: 'guest-account.destroyed',
  jwtIssued: 'jwt.issued',
  jwtDeleted: 'jwt.deleted',
  joined: 'joined',
  moveFailed: 'move.failed',
} as const;

/** The reasons a move can be refused before the participant is touched. */
export type RejectReason =
  | 'canMoveFalse'
  | 'unmovableType'
  | 'callDoesNotExist'
  | 'participantNotFound'
  | 'participantLimitReached'
  | 'dualHomedTarget'
  | 'moveInProgress'
  | 'timeout';

/** An answer of the REST API to the CMM, as a real API client sees it. */
export interface ApiResponse {
  status: number;
  /** `Location` of the new participant on 200. */
  location?: string;
  /** The `<failureDetails>` reason on an error. */
  reason?: string;
}
