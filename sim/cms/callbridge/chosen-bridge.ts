/**
 * The chosen bridge: the call bridge the replace query placed the participant on. Step 5
 * (create the new instance), step 6 (open its session, issue the new JWT, send the websocket
 * move to the web bridge) and step 11 (accept the new websocket's JWT, then media). The same
 * websocket authentication and media serve a plain join.
 */
import { msToUs } from '../../engine/index.js';
import { spaceConfig } from '../config.js';
import { logLine } from '../loglines.js';
import { type ClientFailureReason, type CmsMessage, KIND } from '../messages.js';
import { on } from '../mutants.js';
import { STEP } from '../protocol.js';
import type { CallBridgeState, Instance } from '../state.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  changeConference,
  createInstance,
  isFull,
  issueJwt,
  stepNote,
} from './shared.js';
import { logSipConnected, reinviteSipLeg } from './sip-move.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/**
 * Step 5: create the new instance (once per move), answer the API bridge, open its session later.
 */
export function onParticipantCreate(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.participantCreate>,
): void {
  const d = m.data;
  const alreadyId = m.move === undefined ? undefined : s.createdByMove.get(m.move);
  const already = alreadyId === undefined ? undefined : s.instances.get(alreadyId);
  // Answers carry the request's own step and move annotations.
  if (already !== undefined && !on(env.broken, 'duplicateCreateMakesSecond')) {
    ctx.send(m.from, KIND.participantCreated, { participant: already.id }, m);
    return;
  }
  if (isFull(env, s, ctx.self)) {
    ctx.send(m.from, KIND.participantCreateFail, { reason: 'participantLimitReached' }, m);
    return;
  }
  const inst = createInstance(env, s, ctx, d.details, d.spaceId, d.user, m.move);
  const space = spaceConfig(env.config, d.spaceId);
  const callId = s.calls.get(d.spaceId)?.callId ?? space.callId;
  ctx.log(logLine.apiCallLeg(inst.id, space.conferenceId, callId));
  ctx.send(m.from, KIND.participantCreated, { participant: inst.id }, m);
  const timer: CallBridgeTimer = { t: 'session-open', participant: inst.id, move: m.move };
  ctx.setTimer(msToUs(ctx.random('session').sampleMs(env.config.timings.sessionSetup)), timer);
}

/**
 * Step 6: the new instance's session opens with a new JWT; the web bridge is told to move the
 * browser.
 */
export function onSessionOpen(
  env: Env,
  s: S,
  ctx: Ctx,
  participant: string,
  move: string | undefined,
): void {
  const inst = s.instances.get(participant);
  if (inst === undefined) return;
  if (inst.type === 'sip' && move !== undefined) return reinviteSipLeg(env, ctx, inst, move);
  const jwt = issueJwt(env, s, ctx, inst, move);
  ctx.log(logLine.instantiating(inst.user));
  const space = spaceConfig(env.config, inst.spaceId);
  const wrong = move === undefined ? undefined : env.config.wrongCallIds.get(move);
  const callId =
    wrong === undefined ? space.numericCallId : spaceConfig(env.config, wrong).numericCallId;
  ctx.send(
    inst.webBridge,
    KIND.wsMove,
    { browser: inst.browser, jwt, spaceName: space.name, callId },
    stepNote(STEP.websocketMove, move),
  );
}

/** Why a websocket's JWT is refused, or the instance it authenticates. */
function checkJwt(
  env: Env,
  s: S,
  ctx: Ctx,
  d: CmsMessage<typeof KIND.wsAuth>['data'],
): { reason: ClientFailureReason } | { inst: Instance } {
  const known = s.jwts.get(d.jwt.id);
  if (known === undefined) return { reason: 'jwtInvalid' };
  if (ctx.now >= known.expiresAtUs) return { reason: 'jwtExpired' };
  const inst = s.instances.get(known.participant);
  if (inst === undefined) return { reason: 'jwtInvalid' };
  if (inst.type === 'guest') {
    const asked = env.config.spaceByNumericCallId.get(d.callId) ?? inst.spaceId;
    if (!spaceConfig(env.config, asked).guestAccess) return { reason: 'noPermission' };
  }
  return { inst };
}

/** Step 11 (or a join): the web bridge asks whether the websocket's JWT is good. */
export function onWsAuth(env: Env, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.wsAuth>): void {
  const d = m.data;
  const checked = checkJwt(env, s, ctx, d);
  // Answers carry the request's own step and move annotations.
  if ('reason' in checked) {
    ctx.send(m.from, KIND.wsAuthFail, { browser: d.browser, reason: checked.reason }, m);
    return;
  }
  const inst = checked.inst;
  // Case (c): the browser asks for the call its move message named; a wrong numeric id
  // puts it in another call on this bridge.
  const asked = env.config.spaceByNumericCallId.get(d.callId);
  if (asked !== undefined && asked !== inst.spaceId) changeConference(env, s, ctx, inst, asked);
  ctx.send(m.from, KIND.wsAuthOk, { browser: d.browser, participant: inst.id, atUs: ctx.now }, m);
}

/**
 * Step 11 (or a join): media after ICE/DTLS; the instance is in the call, and the CMM hears of it.
 */
export function onMediaConnect(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.mediaConnect>,
): void {
  const inst = s.instances.get(m.data.participant);
  if (inst === undefined || s.outOfResources) {
    ctx.send(
      m.from,
      KIND.mediaFail,
      { reason: inst === undefined ? 'participantGone' : 'outOfResources' },
      m,
    );
    return;
  }
  if (inst.status === 'connected') return;
  const space = spaceConfig(env.config, inst.spaceId);
  inst.status = 'connected';
  if (s.pendingLogins.get(inst.browser) === inst.id) s.pendingLogins.delete(inst.browser);
  // A SIP leg (joined by a SIP call, or moved) writes no Web App media lines.
  if (inst.type === 'sip') {
    logSipConnected(env, s, ctx, inst);
  } else {
    inst.callNumber = ++s.callCounter;
    ctx.log(logLine.allocated(inst.callNumber, inst.user, inst.name));
    ctx.log(logLine.removingH264(inst.callNumber));
    ctx.log(logLine.configured(inst.callNumber, inst.id));
    ctx.log(logLine.combinedRtp(inst.callNumber));
    ctx.log(logLine.joinedSpace(inst.user, space.spaceGuid, space.name));
    ctx.log(logLine.joinedConference(inst.user, inst.id, space.conferenceId));
  }
  ctx.send(
    m.from,
    KIND.mediaConnected,
    { participant: inst.id, spaceId: space.id, spaceName: space.name },
    m,
  );
  ctx.send(env.cmm.id, KIND.cmsEvent, {
    event: 'participantJoined',
    browser: inst.browser,
    participant: inst.id,
    spaceId: space.id,
    bridge: ctx.self,
    type: inst.type,
  });
}
