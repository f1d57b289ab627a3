/**
 * The API bridge: the call bridge that got the CMM's POST. Steps 1 and 3 to 5 of the move:
 * take the request (1), ask the home bridge (2), take its reply and create the new guest
 * account (3), have the replace query place the participant (4, `replace-query.ts`), ask the
 * chosen bridge for the new instance and answer the CMM `200` with its `Location` (5) — or
 * answer the CMM an error, and release the participant on its home bridge.
 */
import { msToUs } from '../../engine/index.js';
import { spaceConfig } from '../config.js';
import { newGuestId } from '../ids.js';
import { apiBodyLines, logLine } from '../loglines.js';
import { type CmsMessage, KIND, MARK, type RejectReason } from '../messages.js';
import { on } from '../mutants.js';
import { STEP } from '../protocol.js';
import type { ApiMove, CallBridgeState } from '../state.js';
import { spaceOfActiveCall } from './calls.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  RECENT_REQUESTS,
} from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/** Answers the CMM with an API error and forgets the move. */
export function failApiMove(
  env: Env,
  s: S,
  ctx: Ctx,
  am: ApiMove,
  status: number,
  reason: RejectReason,
): void {
  ctx.log(logLine.apiFailure(am.apiTrace, status, reason));
  ctx.send(env.cmm.id, KIND.apiResponse, { status, reason }, { move: am.move });
  ctx.mark(MARK.moveFailed, { reason }, { move: am.move });
  // The new guest account is destroyed only if no bridge was asked to use it (step 5); after
  // that, the chosen bridge owns it and cleans it up with its instance.
  if (am.newGuest !== undefined && am.chosen === undefined) {
    ctx.log(logLine.destroyingGuest(am.newGuest));
    s.destroyedGuestAccounts.push(am.newGuest);
    ctx.mark(MARK.guestAccountDestroyed, { guest: am.newGuest }, { move: am.move });
  }
  // The home bridge marked the participant as moving at step 2: release it. Harmless if the
  // move went ahead after all (the teardown removes the instance anyway).
  if (am.targetSpace !== '' && !on(env.broken, 'abortKeepsMoving')) {
    ctx.send(am.home, KIND.moveAbort, { participant: am.participant }, { move: am.move });
  }
  ctx.cancelTimer(am.timer);
  s.apiMoves.delete(am.move);
}

/** Step 1: the API request arrives; step 2: ask the home bridge. */
export function onApiMove(env: Env, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.apiMove>): void {
  const d = m.data;
  const move = m.move ?? `api-${s.apiTraceCounter + 1}`;
  // A repeated request (a retry, or a duplicated message) for a move already handled is ignored.
  if (s.apiMoves.has(move) || s.recentApiMoves.includes(move)) return;
  s.recentApiMoves.push(move);
  if (s.recentApiMoves.length > RECENT_REQUESTS) s.recentApiMoves.shift();
  const trace = ++s.apiTraceCounter;
  ctx.log(logLine.apiPost(trace, d.callId, env.cmm.address));
  const body = `movedParticipant=${d.movedParticipant}&needsActivation=${d.needsActivation}`;
  ctx.log(logLine.apiContent(trace, body.length));
  for (const chunk of apiBodyLines(body)) ctx.log(logLine.apiBody(trace, chunk));
  const timer: CallBridgeTimer = { t: 'peer-timeout', move };
  const am: ApiMove = {
    move,
    apiTrace: trace,
    callId: d.callId,
    targetSpace: '',
    participant: d.movedParticipant,
    home: d.homedOn,
    details: undefined,
    oldUser: undefined,
    newGuest: undefined,
    credentialRequest: undefined,
    chosen: undefined,
    timer: ctx.setTimer(msToUs(env.config.timings.peerTimeoutMs), timer),
  };
  s.apiMoves.set(move, am);
  // `/api/v1/calls/<id>` names an active call; an ended call's id is gone.
  const spaceId = spaceOfActiveCall(s, d.callId);
  if (spaceId === undefined) return failApiMove(env, s, ctx, am, 404, 'callDoesNotExist');
  am.targetSpace = spaceId;
  if (spaceConfig(env.config, spaceId).dualHomed)
    return failApiMove(env, s, ctx, am, 400, 'dualHomedTarget');
  ctx.send(
    d.homedOn,
    KIND.moveRequest,
    { participant: d.movedParticipant, callId: d.callId },
    { step: STEP.moveRequest, move },
  );
}

/** Step 3 arrives: log the move operation, create the new guest account, then place (step 4). */
export function onMoveReply(env: Env, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.moveReply>): void {
  const am = m.move === undefined ? undefined : s.apiMoves.get(m.move);
  if (am === undefined || am.details !== undefined) return;
  const d = m.data;
  if (!d.ok)
    return failApiMove(env, s, ctx, am, d.reason === 'participantNotFound' ? 404 : 400, d.reason);
  // Moving a participant into the call it is already in is refused (an assumption: CMS
  // publishes no reason for it; `invalidOperation` is its generic one).
  if (d.spaceId === am.targetSpace) return failApiMove(env, s, ctx, am, 400, 'invalidOperation');
  am.details = d.details;
  am.oldUser = d.user;
  // A SIP leg is no WC3 participant: its move writes movesim's own line (`sip-move.ts`).
  if (d.details.type === 'sip') ctx.log(logLine.moveOperationSip(am.participant, am.callId));
  else
    ctx.log(
      logLine.moveOperation(am.participant, d.user, am.home === ctx.self, am.home, am.callId),
    );
  let delayUs = 0;
  if (d.details.type === 'guest') {
    // The new guest's credentials are stored as the sample logs it ("guest login request").
    const request = s.guestLoginRequests++;
    am.credentialRequest = request;
    ctx.log(logLine.credentialScheduled(request));
    am.newGuest = on(env.broken, 'reuseGuestId') ? d.user : newGuestId(ctx);
    ctx.log(logLine.guestAccountCreated(am.newGuest));
    ctx.log(logLine.credentialExecuted(request));
    ctx.log(logLine.credentialInProgress(request));
    ctx.mark(MARK.guestAccountCreated, { guest: am.newGuest }, { move: am.move });
    delayUs = msToUs(ctx.random('credentials').sampleMs(env.config.timings.credentialStorage));
  }
  const timer: CallBridgeTimer = { t: 'credentials-stored', move: am.move };
  ctx.setTimer(delayUs, timer);
}

/** Step 5: ask the chosen bridge to create the new instance. */
export function createOn(s: S, ctx: Ctx, am: ApiMove, bridge: string): void {
  const details = am.details!;
  am.chosen = bridge;
  ctx.send(
    bridge,
    KIND.participantCreate,
    {
      details,
      spaceId: am.targetSpace,
      user: am.newGuest ?? details.browser,
      oldParticipant: am.participant,
    },
    { step: STEP.createParticipant, move: am.move },
  );
}

/**
 * Step 5 done: the chosen bridge created the instance; answer the CMM `200` with its `Location`.
 */
export function onParticipantCreated(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.participantCreated>,
): void {
  const am = m.move === undefined ? undefined : s.apiMoves.get(m.move);
  if (am === undefined) return;
  const participant = m.data.participant;
  ctx.log(logLine.createdParticipant(env.cmm.address, env.cmm.apiUser, participant, am.callId));
  ctx.log(logLine.apiResponse(am.apiTrace, 200));
  ctx.log(logLine.apiLocation(am.apiTrace, participant));
  ctx.send(
    env.cmm.id,
    KIND.apiResponse,
    { status: 200, location: `/api/v1/participants/${participant}` },
    { step: STEP.createParticipant, move: am.move },
  );
  ctx.cancelTimer(am.timer);
  s.apiMoves.delete(am.move);
}

/** Step 5 refused by the chosen bridge: answer the CMM `503`. */
export function onParticipantCreateFail(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.participantCreateFail>,
): void {
  const am = m.move === undefined ? undefined : s.apiMoves.get(m.move);
  if (am !== undefined) failApiMove(env, s, ctx, am, 503, m.data.reason);
}
