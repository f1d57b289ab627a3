/**
 * What the call bridge's chapters share: the handler's environment, its timers, and the life
 * of a participant instance (create, issue its JWT, destroy it with its JWT and guest account).
 *
 * Every function here changes only the calling bridge's own state; effects go through the
 * typed context.
 */
import type { Annotations } from '../../engine/index.js';
import { msToUs } from '../../engine/index.js';
import { bridgeConfig, type ClusterConfig, spaceConfig } from '../config.js';
import type { ServerSideSettings } from '../defaults.js';
import { newGuid } from '../ids.js';
import { logLine } from '../loglines.js';
import {
  type ClientFailureReason,
  type CmsContext,
  type Jwt,
  KIND,
  MARK,
  type ParticipantDetails,
} from '../messages.js';
import { type Mutants, on } from '../mutants.js';
import type { CallBridgeState, Instance } from '../state.js';
import { announceConference } from './calls.js';

/** Test-only switches that break the model on purpose, to show the checkers catch it. */
export type BrokenModel = Mutants;

/**
 * What every chapter of the call bridge reads besides its state: the cluster and the test switches.
 */
export interface CallBridgeEnv {
  config: ClusterConfig;
  /** The CMM node (the API client every answer goes to). */
  cmm: ClusterConfig['cmm'];
  broken: BrokenModel;
}

/** The call bridge's timers, by what they wait for. */
export type CallBridgeTimer =
  | { t: 'credentials-stored'; move: string }
  | { t: 'session-open'; participant: string; move: string | undefined }
  | { t: 'peer-timeout'; move: string }
  | { t: 'placement-timeout'; key: string }
  | { t: 'pending-timeout'; participant: string }
  | { t: 'media-stopped'; participant: string }
  | { t: 'move-in-progress'; participant: string; move: string };

/** The call bridge's context: the engine's, with `send` typed by message kind. */
export type CallBridgeContext = CmsContext;

/** Teardown reasons where the bridge, not the browser's session end, removes a participant. */
/** The teardowns a bridge starts itself, whose websocket it closes with that reason. */
const BRIDGE_INITIATED: ReadonlySet<string> = new Set<ClientFailureReason>([
  'neverJoined',
  'mediaStopped',
  'callEnded',
]);

/** Whether a teardown's reason is one the bridge started itself. */
function bridgeInitiated(why: string): why is ClientFailureReason {
  return BRIDGE_INITIATED.has(why);
}

/** How many recent API move ids (and guest logins) a bridge remembers to ignore repeats. */
export const RECENT_REQUESTS = 256;

/** Load level in basis points of the bridge's `loadLimit`. */
export function loadBasisPoints(load: number, loadLimit: number): number {
  return Math.floor((load * 10_000) / loadLimit);
}

/** The `move` annotation alone, or none. */
export function moveNote(move: string | undefined): Annotations {
  return move === undefined ? {} : { move };
}

/** The annotations of step `step` of `move`; none when the work belongs to no move. */
export function stepNote(step: number, move: string | undefined): Annotations {
  return move === undefined ? { step } : { step, move };
}

/** The bridge takes no new participant: out of resources, or at its participant limit. */
export function isFull(env: CallBridgeEnv, s: CallBridgeState, self: string): boolean {
  const limit = bridgeConfig(env.config, self).participantLimit;
  return s.outOfResources || (limit !== undefined && s.instances.size >= limit);
}

/**
 * The server-side state a new instance starts with: the space's defaults, with what the API set
 * on the leg of a join over them; an instance created by a move gets the target's defaults
 * only (CMM's help: mute, layout and importance are reset on a move).
 */
function serverSideOf(
  env: CallBridgeEnv,
  details: ParticipantDetails,
  spaceId: string,
  createdByMove: string | undefined,
): ServerSideSettings {
  const defaults = spaceConfig(env.config, spaceId).serverDefaults;
  if (createdByMove !== undefined || details.server === undefined) return defaults;
  return { ...defaults, ...details.server };
}

/**
 * Creates a participant instance for `user` in `spaceId` (a join, or step 5 of `createdByMove`).
 */
export function createInstance(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  details: ParticipantDetails,
  spaceId: string,
  user: string,
  createdByMove: string | undefined,
): Instance {
  const server = serverSideOf(env, details, spaceId, createdByMove);
  // Field by field, not a spread: every instance gets the same shape (and key order), which
  // keeps property reads on instances fast (docs/performance.md).
  const inst: Instance = {
    browser: details.browser,
    name: details.name,
    type: details.type,
    webBridge: details.webBridge,
    mediaProfile: details.mediaProfile,
    canMove: details.canMove,
    id: newGuid(ctx),
    user,
    spaceId,
    status: 'pending',
    callNumber: undefined,
    jwtId: undefined,
    jwtExpiresAtUs: 0,
    loadPoints: env.config.loadPoints[details.mediaProfile],
    createdAtUs: ctx.now,
    movingIn: undefined,
    createdByMove,
    serverMuted: server.muted,
    serverLayout: server.layout,
    importance: server.importance,
  };
  s.instances.set(inst.id, inst);
  if (createdByMove !== undefined && !s.createdByMove.has(createdByMove))
    s.createdByMove.set(createdByMove, inst.id);
  if (createdByMove === undefined && !s.pendingLogins.has(details.browser))
    s.pendingLogins.set(details.browser, inst.id);
  countIn(env, s, ctx, spaceId, +1);
  s.load += inst.loadPoints;
  if (s.load > s.peakLoad) s.peakLoad = s.load;
  if (details.type === 'guest') {
    s.guestAccounts.set(user, { id: user, name: details.name, participant: inst.id });
  }
  if (env.config.recovery.sessionCleanup) {
    const timer: CallBridgeTimer = { t: 'pending-timeout', participant: inst.id };
    ctx.setTimer(msToUs(env.config.recovery.pendingParticipantTimeoutMs), timer);
  }
  return inst;
}

/** Issues the JWT of `inst` (kept unless a `revoke-jwt` fault applies) and logs its session. */
export function issueJwt(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  inst: Instance,
  move: string | undefined,
): Jwt {
  const space = spaceConfig(env.config, inst.spaceId);
  const jwt: Jwt = {
    id: newGuid(ctx),
    user: inst.user,
    callBridge: on(env.broken, 'jwtNamesApiBridge') ? env.cmm.apiBridge : ctx.self,
    participant: inst.id,
    callId: space.numericCallId,
    expiresAtUs: ctx.now + msToUs(env.config.timings.jwtExpiryMs),
  };
  const fault = s.jwtFaults.get(inst.browser);
  if (fault === 'expire') jwt.expiresAtUs = ctx.now;
  if (fault !== 'revoke') s.jwts.set(jwt.id, jwt);
  inst.jwtId = jwt.id;
  inst.jwtExpiresAtUs = jwt.expiresAtUs;
  ctx.mark(MARK.jwtIssued, { jwt: jwt.id, user: inst.user, participant: inst.id }, moveNote(move));
  ctx.log(logLine.newSession(inst.user));
  return jwt;
}

/**
 * Moves `inst` from its conference to `spaceId` (the browser asked for another call on this
 * bridge).
 */
export function changeConference(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  inst: Instance,
  spaceId: string,
): void {
  countIn(env, s, ctx, inst.spaceId, -1);
  inst.spaceId = spaceId;
  countIn(env, s, ctx, spaceId, +1);
}

/**
 * Counts an instance into (+1) or out of (-1) its space's conference here; a conference that
 * starts or stops running here is announced to the cluster (`calls.ts`).
 */
function countIn(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  spaceId: string,
  delta: 1 | -1,
): void {
  const before = s.conferences.get(spaceId) ?? 0;
  const after = Math.max(0, before + delta);
  if (after > 0) s.conferences.set(spaceId, after);
  else s.conferences.delete(spaceId);
  if ((before === 0) !== (after === 0)) announceConference(env, s, ctx, spaceId, after > 0);
}

/** Destroys an instance with its JWT and guest account (the teardown step in a move). */
export function destroyInstance(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  inst: Instance,
  move: string | undefined,
  why: string,
): void {
  logTeardown(env, ctx, inst);
  s.instances.delete(inst.id);
  if (inst.createdByMove !== undefined && s.createdByMove.get(inst.createdByMove) === inst.id)
    s.createdByMove.delete(inst.createdByMove);
  if (s.pendingLogins.get(inst.browser) === inst.id) s.pendingLogins.delete(inst.browser);
  countIn(env, s, ctx, inst.spaceId, -1);
  if (!on(env.broken, 'keepLoadOnTeardown')) s.load -= inst.loadPoints;
  const n = moveNote(move);
  if (inst.jwtId !== undefined && !on(env.broken, 'keepOldJwt') && s.jwts.delete(inst.jwtId)) {
    s.deletedJwts.set(inst.jwtId, ctx.now);
    ctx.mark(MARK.jwtDeleted, { jwt: inst.jwtId, user: inst.user }, n);
  }
  if (s.guestAccounts.delete(inst.user)) {
    ctx.log(logLine.removingGuest(inst.user, inst.name));
    ctx.log(logLine.destroyingGuest(inst.user));
    s.destroyedGuestAccounts.push(inst.user);
    ctx.mark(MARK.guestAccountDestroyed, { guest: inst.user }, n);
  }
  // Torn down by the bridge itself, not by the end of the browser's session: close the websocket.
  if (bridgeInitiated(why) && inst.jwtId !== undefined) {
    ctx.send(
      inst.webBridge,
      KIND.sessionClosed,
      { browser: inst.browser, jwtId: inst.jwtId, reason: why },
      n,
    );
  }
  // A SIP leg has no websocket: the bridge hangs up on the endpoint itself.
  if (bridgeInitiated(why) && inst.type === 'sip')
    ctx.send(inst.browser, KIND.sipBye, { participant: inst.id, reason: why }, n);
  ctx.send(env.cmm.id, KIND.cmsEvent, {
    event: 'participantLeft',
    browser: inst.browser,
    participant: inst.id,
    spaceId: inst.spaceId,
    reason: why,
  });
}

/** The log lines of an instance's teardown, before its records go. */
function logTeardown(env: CallBridgeEnv, ctx: CallBridgeContext, inst: Instance): void {
  const space = spaceConfig(env.config, inst.spaceId);
  ctx.log(logLine.deactivating(inst.user));
  if (inst.callNumber !== undefined) ctx.log(logLine.tearingDown(inst.callNumber, inst.user));
  if (inst.status !== 'pending') ctx.log(logLine.leftSpace(inst.user, space.spaceGuid, space.name));
  if (inst.callNumber !== undefined) ctx.log(logLine.destroyingLeg(inst.callNumber, inst.id));
}
