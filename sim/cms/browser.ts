/**
 * The browser running the Web App (WC3): joins a space through its web bridge, keeps a
 * websocket authenticated with a JWT, sets up media with a call bridge, and follows a move.
 * The same node stands for a SIP endpoint (`type: sip`), which calls a call bridge straight
 * (`sip.invite`: no web bridge, no websocket, no JWT) and is moved by a re-invite
 * (`callbridge/sip-move.ts`).
 *
 * On a move (step 7) it keeps its local mute and layout, stops presenting, clears chat,
 * ends its websocket (step 8) and opens a new one with the new JWT (step 11). Media set-up
 * (ICE/DTLS) is a modelled delay. A web app user cannot start a move.
 */
import type { Handler } from '../engine/index.js';
import { msToUs } from '../engine/index.js';
import type { ClusterConfig } from './config.js';
import {
  type ClientFailureReason,
  type CmsContext as Context,
  type CmsMessage,
  cmsMessage,
  KIND,
  MARK,
  type ParticipantDetails,
} from './messages.js';
import { type Mutants, on } from './mutants.js';
import { STEP } from './protocol.js';
import type { BrowserState } from './state.js';

/** Scenario actions a browser accepts. */
export type BrowserAction = { type: 'join'; space: string } | { type: 'leave' };

/**
 * What survives a browser crash: its settings and its record of moves (an observer's notebook,
 * so outcomes can still be judged); the page itself starts over, in no call. Made with
 * `Object.assign`: on Node 20's V8 an object spread that then gains a key gets a hidden class of
 * its own each time (docs/performance.md, "Warm-up").
 */
export function restartBrowser(s: BrowserState, initial: BrowserState): BrowserState {
  const kept = Object.assign({}, initial, { history: s.history, joinAttempts: s.joinAttempts });
  return s.restartsAtUs === undefined
    ? kept
    : Object.assign(kept, { restartsAtUs: s.restartsAtUs });
}

export function initialBrowserState(
  p: Omit<
    BrowserState,
    | 'phase'
    | 'jwt'
    | 'call'
    | 'move'
    | 'banner'
    | 'error'
    | 'history'
    | 'mediaTimer'
    | 'restartedAtUs'
    | 'joinAttempts'
  >,
): BrowserState {
  return {
    name: p.name,
    type: p.type,
    webBridge: p.webBridge,
    mediaProfile: p.mediaProfile,
    canMove: p.canMove,
    local: { ...p.local },
    ...(p.server === undefined ? {} : { server: { ...p.server } }),
    phase: 'idle',
    jwt: undefined,
    call: undefined,
    move: undefined,
    banner: undefined,
    error: undefined,
    history: new Map(),
    mediaTimer: undefined,
    restartedAtUs: undefined,
    joinAttempts: 0,
  };
}

type Timer =
  { t: 'media-ready'; participant: string } | { t: 'media-timeout'; participant: string };

type S = BrowserState;

/** The annotations of the browser's move in progress, at `step`; none outside a move. */
function during(s: S, step: number | undefined) {
  return s.move === undefined ? {} : { move: s.move, ...(step !== undefined ? { step } : {}) };
}

function details(s: S, self: string): ParticipantDetails {
  return {
    browser: self,
    name: s.name,
    type: s.type,
    webBridge: s.webBridge,
    mediaProfile: s.mediaProfile,
    canMove: s.canMove,
    ...(s.server === undefined ? {} : { server: { ...s.server } }),
  };
}

/**
 * The call bridge a SIP endpoint's call to `spaceId` arrives at: the space's `hostedOn`, else
 * the cluster's first call bridge. How call control routes a SIP call to a cluster is the
 * deployment's, not CMS's; this is an assumption. With load balancing on, that bridge places
 * the call by replace query like any join.
 */
function sipArrivalBridge(config: ClusterConfig, spaceId: string): string {
  return config.spaces.get(spaceId)?.hostedOn ?? config.callBridges[0]!.id;
}

/** A SIP endpoint calls the space (an INVITE to its arrival bridge). */
function callSpace(config: ClusterConfig, s: S, ctx: Context, spaceId: string): void {
  s.phase = 'joining';
  s.joinAttempts++;
  ctx.send(sipArrivalBridge(config, spaceId), KIND.sipInvite, {
    details: details(s, ctx.self),
    spaceId,
    attempt: s.joinAttempts,
  });
}

/** A SIP call was answered with its leg: set up media with that bridge. */
function onSipInviteOk(
  config: ClusterConfig,
  s: S,
  ctx: Context,
  m: CmsMessage<typeof KIND.sipInviteOk>,
): void {
  if (s.phase !== 'joining') return;
  s.phase = 'media-setup';
  s.sipLeg = { bridge: m.from, participant: m.data.participant };
  const delayUs = msToUs(ctx.random('media-setup').sampleMs(config.timings.mediaSetup));
  const timer: Timer = { t: 'media-ready', participant: m.data.participant };
  s.mediaTimer = ctx.setTimer(delayUs, timer);
}

/** The call bridge hung up a SIP leg (a BYE): the endpoint is in no call if it was that one. */
function onSipBye(s: S, ctx: Context, m: CmsMessage<typeof KIND.sipBye>): void {
  const d = m.data;
  const mine = s.call?.participant === d.participant || s.sipLeg?.participant === d.participant;
  if (!mine || s.phase === 'failed' || s.phase === 'left') return;
  s.sipLeg = undefined;
  fail(s, ctx, d.reason);
}

/** The join or move failed: the browser shows the error and is in no call. */
function fail(s: S, ctx: Context, reason: ClientFailureReason): void {
  s.phase = 'failed';
  s.error = reason;
  s.call = undefined;
  if (s.mediaTimer !== undefined) ctx.cancelTimer(s.mediaTimer);
  s.mediaTimer = undefined;
  if (s.move !== undefined) {
    const rec = s.history.get(s.move);
    if (rec !== undefined && rec.error === undefined) rec.error = reason;
    ctx.mark(MARK.moveFailed, { reason }, { move: s.move });
  }
  s.move = undefined;
}

/** The join was accepted with a JWT: open the websocket with it. */
function onJoinOk(s: S, ctx: Context, m: CmsMessage<typeof KIND.joinOk>): void {
  if (s.phase !== 'joining') return;
  const d = m.data;
  s.jwt = d.jwt;
  s.phase = 'authenticating';
  ctx.send(s.webBridge, KIND.wsOpen, { jwt: d.jwt, callId: d.jwt.callId });
}

/** The websocket is authenticated: set up media (ICE/DTLS, a modelled delay). */
function onWsReady(
  config: ClusterConfig,
  s: S,
  ctx: Context,
  m: CmsMessage<typeof KIND.wsReady>,
): void {
  if (s.phase !== 'authenticating') return;
  s.phase = 'media-setup';
  const delayUs = msToUs(ctx.random('media-setup').sampleMs(config.timings.mediaSetup));
  const timer: Timer = { t: 'media-ready', participant: m.data.participant };
  s.mediaTimer = ctx.setTimer(delayUs, timer);
}

/** The websocket or the media failed; a media failure also closes the websocket. */
function onFailure(
  s: S,
  ctx: Context,
  m: CmsMessage<typeof KIND.wsFail | typeof KIND.mediaFail>,
): void {
  if (s.phase === 'failed' || s.phase === 'left') return;
  // The close of a websocket this browser already left (a late or reordered message) does not
  // fail the one it has now.
  const jwtId = m.kind === KIND.wsFail ? m.data.jwtId : undefined;
  if (jwtId !== undefined && s.jwt !== undefined && jwtId !== s.jwt.id) return;
  fail(s, ctx, m.data.reason);
  if (m.kind === KIND.mediaFail && s.type !== 'sip') ctx.send(s.webBridge, KIND.wsGone, {});
}

/** Media is up: the browser is in the call ("Now in <space>"); a move's step 11 is done. */
function onMediaConnected(s: S, ctx: Context, m: CmsMessage<typeof KIND.mediaConnected>): void {
  const d = m.data;
  if (s.phase === 'in-call' && s.call?.participant === d.participant) return;
  // Media for an instance other than the one of the current JWT (a join overtaken by a
  // move) is not the call the browser is joining now.
  if (s.jwt !== undefined && s.jwt.participant !== d.participant) return;
  // Likewise for a SIP endpoint: media of a leg it has since been moved away from, or any
  // media while a move is still hanging up its old leg.
  if (s.sipTarget !== undefined) return;
  if (s.sipLeg !== undefined) {
    if (s.sipLeg.participant !== d.participant) return;
    s.sipLeg = undefined;
  }
  if (s.mediaTimer !== undefined) ctx.cancelTimer(s.mediaTimer);
  s.mediaTimer = undefined;
  s.phase = 'in-call';
  s.call = { bridge: m.from, participant: d.participant, spaceId: d.spaceId };
  s.banner = `Now in ${d.spaceName}`;
  if (s.move !== undefined) {
    const rec = s.history.get(s.move);
    if (rec !== undefined) {
      rec.joinedAtUs = ctx.now;
      rec.joinedSpace = d.spaceId;
    }
    // A SIP leg's move has no step 11 (`callbridge/sip-move.ts`).
    const notes = s.type === 'sip' ? { move: s.move } : { step: STEP.newWebsocket, move: s.move };
    ctx.mark(MARK.joined, { space: d.spaceId, banner: s.banner }, notes);
  } else {
    ctx.mark(MARK.joined, { space: d.spaceId, banner: s.banner });
  }
  s.move = undefined;
}

/**
 * Records a move as begun: a later move overtakes one still in progress (the earlier one is
 * abandoned as `superseded`), and the history keeps what the client held before it.
 */
function beginMove(
  s: S,
  ctx: Context,
  move: string,
  targetSpaceName: string,
  newUser: string,
  newJwt: string,
): void {
  if (s.move !== undefined) {
    const prev = s.history.get(s.move);
    if (prev !== undefined && prev.joinedAtUs === undefined && prev.error === undefined)
      prev.error = 'superseded';
  }
  s.history.set(move, {
    move,
    before: { ...s.local },
    targetSpaceName,
    oldUser: s.jwt?.user,
    newUser,
    oldJwt: s.jwt?.id,
    newJwt,
    leftAtUs: ctx.now,
    joinedAtUs: undefined,
    joinedSpace: undefined,
    error: undefined,
  });
  s.move = move;
}

/**
 * Step 7: the web bridge tells the client to move; it ends its websocket (8) and opens a new one
 * (11).
 */
function onMove(s: S, ctx: Context, m: CmsMessage<typeof KIND.move>, mutants: Mutants): void {
  const d = m.data;
  const move = m.move ?? `move-${ctx.now}`;
  // A repeated move message (a duplicate) for a move already under way changes nothing.
  if (s.history.has(move) || s.jwt?.id === d.jwt.id) return;
  const old = s.jwt;
  beginMove(s, ctx, move, d.spaceName, d.jwt.user, d.jwt.id);
  if (!on(mutants, 'presentationKept')) s.local.presenting = false;
  if (!on(mutants, 'chatKept')) s.local.chatMessages = 0;
  if (on(mutants, 'muteReset')) s.local.muted = false;
  // Stop the media of the call being left; also of one whose set-up is still under way
  // (media.connect may have reached the bridge before its media.connected reached us).
  const leaving =
    s.call ??
    (s.phase === 'media-setup' && old !== undefined
      ? { bridge: old.callBridge, participant: old.participant }
      : undefined);
  if (leaving !== undefined)
    ctx.send(leaving.bridge, KIND.mediaStop, { participant: leaving.participant }, { move });
  s.call = undefined;
  if (s.mediaTimer !== undefined) ctx.cancelTimer(s.mediaTimer);
  s.mediaTimer = undefined;
  s.banner = undefined;
  s.jwt = d.jwt;
  s.phase = 'authenticating';
  if (old !== undefined)
    ctx.send(s.webBridge, KIND.wsEnd, { jwtId: old.id }, { step: STEP.endWebsocket, move });
  ctx.send(
    s.webBridge,
    KIND.wsOpen,
    { jwt: d.jwt, callId: d.callId },
    { step: STEP.newWebsocket, move },
  );
}

/**
 * A SIP endpoint is re-invited to its new call (`callbridge/sip-move.ts`): it hangs up its old
 * leg on the old bridge; once the old bridge confirms, its media joins the new leg. It has no
 * websocket and no JWT, before or after.
 */
function onSipMove(s: S, ctx: Context, m: CmsMessage<typeof KIND.sipMove>): void {
  const d = m.data;
  const move = m.move ?? `move-${ctx.now}`;
  if (s.history.has(move)) return;
  // The leg it leaves: the call it is in, or the leg of an earlier move still setting up.
  const old = s.call ?? (s.phase === 'media-setup' ? s.sipLeg : undefined);
  if (s.sipLeg !== undefined) s.sipLeg = undefined;
  beginMove(s, ctx, move, d.spaceName, s.jwt?.user ?? ctx.self, '');
  s.local.presenting = false;
  s.local.chatMessages = 0;
  const jwtId = s.jwt?.id ?? '';
  s.sipTarget = { bridge: m.from, participant: d.participant, oldJwtId: s.jwt?.id };
  s.jwt = undefined;
  s.call = undefined;
  s.phase = 'media-setup';
  if (old === undefined) return connectSipMedia(s, ctx);
  ctx.send(
    old.bridge,
    KIND.sessionEnd,
    { participant: old.participant, jwtId, reason: 'move' },
    { move },
  );
}

/** The SIP endpoint's media joins its new leg. */
function connectSipMedia(s: S, ctx: Context): void {
  const target = s.sipTarget;
  if (target === undefined) return;
  s.sipTarget = undefined;
  // The websocket its join left closes only now, after the old leg is gone: the web bridge's
  // session end must not overtake the hang-up of the move.
  if (target.oldJwtId !== undefined)
    ctx.send(s.webBridge, KIND.wsEnd, { jwtId: target.oldJwtId, reason: 'leave' });
  s.sipLeg = { bridge: target.bridge, participant: target.participant };
  ctx.send(
    target.bridge,
    KIND.mediaConnect,
    { participant: target.participant },
    {
      move: s.move,
    },
  );
}

function onMessage(
  config: ClusterConfig,
  s: S,
  ctx: Context,
  m: CmsMessage,
  mutants: Mutants,
): void {
  switch (m.kind) {
    case KIND.joinOk:
      return onJoinOk(s, ctx, m);
    case KIND.joinFail:
      return fail(s, ctx, m.data.reason);
    case KIND.wsReady:
      return onWsReady(config, s, ctx, m);
    case KIND.wsFail:
    case KIND.mediaFail:
      return onFailure(s, ctx, m);
    case KIND.mediaConnected:
      return onMediaConnected(s, ctx, m);
    case KIND.move:
      return onMove(s, ctx, m, mutants);
    case KIND.sipMove:
      return onSipMove(s, ctx, m);
    case KIND.sipByeOk:
      return connectSipMedia(s, ctx);
    case KIND.sipInviteOk:
      return onSipInviteOk(config, s, ctx, m);
    case KIND.sipInviteFail:
      return fail(s, ctx, m.data.reason);
    case KIND.sipBye:
      return onSipBye(s, ctx, m);
    default:
      throw new Error(`browser got an unknown message kind "${m.kind}"`);
  }
}

/** Media is ready to connect (ask the call bridge, then wait), or the wait timed out. */
function onTimer(config: ClusterConfig, s: S, ctx: Context, t: Timer): void {
  s.mediaTimer = undefined;
  if (t.t === 'media-timeout') {
    if (s.phase === 'media-setup') {
      fail(s, ctx, 'timeout');
      if (s.type !== 'sip') ctx.send(s.webBridge, KIND.wsGone, {});
    }
    return;
  }
  // A SIP endpoint's media goes to the leg its call was answered with.
  const bridge = s.type === 'sip' ? s.sipLeg?.bridge : s.jwt?.callBridge;
  if (bridge !== undefined) {
    ctx.send(
      bridge,
      KIND.mediaConnect,
      { participant: t.participant },
      during(s, STEP.newWebsocket),
    );
    const timer: Timer = { t: 'media-timeout', participant: t.participant };
    s.mediaTimer = ctx.setTimer(msToUs(config.timings.mediaTimeoutMs), timer);
  }
}

/** The scenario's join or leave. */
function onAction(config: ClusterConfig, s: S, ctx: Context, a: BrowserAction): void {
  if (a.type === 'join' && s.type === 'sip') return callSpace(config, s, ctx, a.space);
  if (a.type === 'leave' && s.type === 'sip') return hangUp(s, ctx);
  if (a.type === 'join') {
    s.phase = 'joining';
    s.joinAttempts++;
    ctx.send(s.webBridge, KIND.joinRequest, {
      details: details(s, ctx.self),
      spaceId: a.space,
      attempt: s.joinAttempts,
    });
  } else if (s.jwt !== undefined) {
    ctx.send(s.webBridge, KIND.wsEnd, { jwtId: s.jwt.id, reason: 'leave' });
    s.phase = 'left';
    s.call = undefined;
    s.jwt = undefined;
  }
}

/** A SIP endpoint leaves: it hangs up the leg it is in (a BYE, as a session end). */
function hangUp(s: S, ctx: Context): void {
  const leg = s.call ?? s.sipLeg;
  if (leg === undefined) return;
  ctx.send(leg.bridge, KIND.sessionEnd, {
    participant: leg.participant,
    jwtId: '',
    reason: 'leave',
  });
  s.phase = 'left';
  s.call = undefined;
  s.sipLeg = undefined;
}

/** The page was reloaded after a crash; a move it was in can no longer complete. */
function onRestart(s: S, ctx: Context): void {
  s.restartedAtUs = ctx.now;
  s.restartsAtUs = [...(s.restartsAtUs ?? []), ctx.now];
  for (const h of s.history.values()) {
    if (h.joinedAtUs === undefined && h.error === undefined) h.error = 'browserRestarted';
  }
  // Stands in for the TCP close the web bridge saw when this browser died (a SIP endpoint has
  // no websocket: its leg stays until the call bridge's own timers end it).
  if (s.type !== 'sip') ctx.send(s.webBridge, KIND.wsGone, {});
}

export function browserHandler(
  config: ClusterConfig,
  mutants: Mutants = {},
): Handler<BrowserState> {
  return (draft, input, engineCtx) => {
    const s = draft as BrowserState;
    const ctx: Context = engineCtx;
    switch (input.type) {
      case 'message':
        return onMessage(config, s, ctx, cmsMessage(input.message), mutants);
      case 'timer':
        return onTimer(config, s, ctx, input.payload as Timer);
      case 'action':
        return onAction(config, s, ctx, input.action as BrowserAction);
      case 'restart':
        return onRestart(s, ctx);
    }
  };
}
