/**
 * The call bridge: hosts conferences and participant instances, issues and checks JWTs, owns
 * guest accounts, answers the REST API and runs moves.
 *
 * This file is the dispatch: each message kind, timer and action goes to the chapter of the
 * tech note that handles it, one file per role under `callbridge/`: the API bridge (got the
 * POST: steps 1, 3-5 and the 200), the replace query (step 4), the home bridge (where the
 * participant is: steps 2, 9-10), the chosen bridge (creates the new instance: steps 5, 6,
 * 11), joins, and recovery timers; `shared.ts` holds the instance's life. In the tech note's
 * same-bridge sample one bridge plays all three roles. The handler changes only its own
 * state; everything it knows of other bridges comes in messages.
 */
import type { Handler, Input } from '../engine/index.js';
import {
  onApiMove,
  onMoveReply,
  onParticipantCreated,
  onParticipantCreateFail,
} from './callbridge/api-bridge.js';
import { announceRestart, endActiveCall, initialCalls, onCallUpdate } from './callbridge/calls.js';
import {
  onMediaConnect,
  onParticipantCreate,
  onSessionOpen,
  onWsAuth,
} from './callbridge/chosen-bridge.js';
import { onMediaStop, onMoveAbort, onMoveRequest, onSessionEnd } from './callbridge/home-bridge.js';
import { onGuestLogin } from './callbridge/joins.js';
import { onC2wReset, onRecoveryTimer } from './callbridge/recovery.js';
import { onReplaceQuery, onReplaceResponse, startPlacement } from './callbridge/replace-query.js';
import {
  type BrokenModel,
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  destroyInstance,
} from './callbridge/shared.js';
import type { ClusterConfig } from './config.js';
import { logLine } from './loglines.js';
import { type CmsMessage, cmsMessage, KIND } from './messages.js';
import type { CallBridgeState } from './state.js';

export { type BrokenModel, loadBasisPoints } from './callbridge/shared.js';

/** The initial state of a call bridge called `name` in logs, in the cluster `config`. */
export function initialCallBridgeState(name: string, config: ClusterConfig): CallBridgeState {
  return {
    calls: initialCalls(config.spaces.values()),
    endedCalls: new Map(),
    name,
    apiTraceCounter: 0,
    guestLoginRequests: 0,
    callCounter: 0,
    instances: new Map(),
    jwts: new Map(),
    guestAccounts: new Map(),
    destroyedGuestAccounts: [],
    deletedJwts: new Map(),
    conferences: new Map(),
    load: 0,
    peakLoad: 0,
    apiMoves: new Map(),
    recentApiMoves: [],
    placings: new Map(),
    recentLogins: [],
    createdByMove: new Map(),
    pendingLogins: new Map(),
    outOfResources: false,
    jwtFaults: new Map(),
    roundRobin: 0,
    lastPlacement: undefined,
  };
}

/**
 * What survives a call bridge restart: the log counters, the records of destroyed guest
 * accounts and deleted JWTs, and the cluster's active calls (they live in the cluster
 * database). Its own conferences, instances, JWTs and moves in progress are lost.
 */
export function restartCallBridge(s: CallBridgeState, initial: CallBridgeState): CallBridgeState {
  return {
    ...initial,
    apiTraceCounter: s.apiTraceCounter,
    guestLoginRequests: s.guestLoginRequests,
    callCounter: s.callCounter,
    destroyedGuestAccounts: s.destroyedGuestAccounts,
    deletedJwts: s.deletedJwts,
    calls: s.calls,
    endedCalls: s.endedCalls,
  };
}

/** Scenario actions a call bridge accepts (domain faults). */
export type CallBridgeAction =
  | { type: 'expire-jwt'; browser: string }
  | { type: 'revoke-jwt'; browser: string }
  | { type: 'out-of-resources'; on: boolean }
  | { type: 'end-call'; space: string };

/** Hands a delivered message to the chapter that handles its kind. */
function onMessage(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  m: CmsMessage,
): void {
  switch (m.kind) {
    case KIND.apiMove:
      return onApiMove(env, s, ctx, m);
    case KIND.moveRequest:
      return onMoveRequest(env, s, ctx, m);
    case KIND.moveReply:
      return onMoveReply(env, s, ctx, m);
    case KIND.replaceQuery:
      return onReplaceQuery(env, s, ctx, m);
    case KIND.replaceResponse:
      return onReplaceResponse(env, s, ctx, m);
    case KIND.participantCreate:
      return onParticipantCreate(env, s, ctx, m);
    case KIND.participantCreated:
      return onParticipantCreated(env, s, ctx, m);
    case KIND.participantCreateFail:
      return onParticipantCreateFail(env, s, ctx, m);
    case KIND.moveAbort:
      return onMoveAbort(s, m);
    case KIND.sessionEnd:
      return onSessionEnd(env, s, ctx, m);
    case KIND.guestLogin:
    case KIND.sipInvite:
      return onGuestLogin(env, s, ctx, m);
    case KIND.wsAuth:
      return onWsAuth(env, s, ctx, m);
    case KIND.mediaConnect:
      return onMediaConnect(env, s, ctx, m);
    case KIND.c2wReset:
      return onC2wReset(env, s, ctx, m);
    case KIND.mediaStop:
      return onMediaStop(env, s, ctx, m);
    case KIND.callUpdate:
      return onCallUpdate(env, s, ctx, m);
    default:
      throw new Error(`call bridge got an unknown message kind "${m.kind}"`);
  }
}

/** Hands a timer to the chapter that set it. */
function onTimer(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  timer: CallBridgeTimer,
): void {
  switch (timer.t) {
    case 'credentials-stored': {
      const am = s.apiMoves.get(timer.move);
      if (am === undefined) return;
      if (am.credentialRequest !== undefined)
        ctx.log(logLine.credentialStored(am.credentialRequest));
      startPlacement(env, s, ctx, am);
      return;
    }
    case 'session-open':
      return onSessionOpen(env, s, ctx, timer.participant, timer.move);
    default:
      return onRecoveryTimer(env, s, ctx, timer);
  }
}

function onAction(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  a: CallBridgeAction,
): void {
  switch (a.type) {
    case 'out-of-resources':
      s.outOfResources = a.on;
      ctx.mark('fault.out-of-resources', { on: a.on });
      return;
    case 'expire-jwt':
    case 'revoke-jwt':
      s.jwtFaults.set(a.browser, a.type === 'expire-jwt' ? 'expire' : 'revoke');
      for (const jwt of [...s.jwts.values()]) {
        const inst = s.instances.get(jwt.participant);
        if (inst?.browser !== a.browser) continue;
        if (a.type === 'revoke-jwt') s.jwts.delete(jwt.id);
        else s.jwts.set(jwt.id, { ...jwt, expiresAtUs: ctx.now });
        ctx.mark(`fault.${a.type}`, { jwt: jwt.id, browser: a.browser });
      }
      return;
    case 'end-call':
      for (const inst of [...s.instances.values()]) {
        if (inst.spaceId === a.space)
          destroyInstance(env, s, ctx, inst, inst.movingIn, 'callEnded');
      }
      // Every bridge ends the call at once: its API call id is gone everywhere.
      endActiveCall(s, a.space);
      return;
  }
}

export function callBridgeHandler(
  config: ClusterConfig,
  broken: BrokenModel = {},
): Handler<CallBridgeState> {
  const env: CallBridgeEnv = { config, cmm: config.cmm, broken };
  return (draft, input: Input, engineCtx) => {
    const s = draft as CallBridgeState;
    const ctx: CallBridgeContext = engineCtx;
    switch (input.type) {
      case 'message':
        return onMessage(env, s, ctx, cmsMessage(input.message));
      case 'timer':
        return onTimer(env, s, ctx, input.payload as CallBridgeTimer);
      case 'action':
        return onAction(env, s, ctx, input.action as CallBridgeAction);
      case 'restart':
        // The cluster hears that no conference runs here any more.
        announceRestart(env, s, ctx);
        // The web bridges see the C2W link come back from a fresh bridge: its sessions are gone.
        for (const w of config.webBridges)
          if (w.callBridges.includes(ctx.self)) ctx.send(w.id, KIND.c2wReset, {});
        return;
    }
  };
}
