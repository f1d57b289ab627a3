/**
 * The web bridge (Web Bridge 3): the web server browsers talk to over a websocket.
 *
 * It relays between browsers and call bridges over C2W: joins, websocket authentication,
 * the move (steps 6 to 9) and the new websocket of step 11. It keeps one session per browser.
 * Recovery (an assumption, switchable): when a browser opens a new websocket while an old
 * session is still open (its "end websocket" was lost), the old session is ended at once;
 * when a websocket goes away with no new one, the session ends after an idle timeout.
 */
import type { Annotations, Handler } from '../engine/index.js';
import { msToUs } from '../engine/index.js';
import { type ClusterConfig, spaceConfig } from './config.js';
import { logLine } from './loglines.js';
import {
  type CmsContext,
  type CmsMessage,
  cmsMessage,
  KIND,
  type SessionEndReason,
} from './messages.js';
import { type Mutants, on } from './mutants.js';
import { STEP } from './protocol.js';
import type { WebBridgeState, WebSession } from './state.js';

export function initialWebBridgeState(): WebBridgeState {
  return {
    sessions: new Map(),
    idleTimers: new Map(),
    pendingAuth: new Map(),
    lastJoin: new Map(),
  };
}

/**
 * Nothing of a web bridge's sessions survives a restart; its call bridges are told (see the
 * handler).
 */
export function restartWebBridge(_s: WebBridgeState, initial: WebBridgeState): WebBridgeState {
  return initial;
}

type Timer =
  { t: 'idle'; browser: string; jwtId: string } | { t: 'auth'; browser: string; jwtId: string };

type S = WebBridgeState;
type Ctx = CmsContext;

/** What every handler of the web bridge reads besides its state. */
interface WebBridgeEnv {
  config: ClusterConfig;
  /** The call bridges this web bridge has C2W links to, in configuration order. */
  callBridges: string[];
  /** Test-only switches that break the model on purpose. */
  mutants: Mutants;
}

/** The `move` annotation alone, or none. */
function moveNote(move: string | undefined): Annotations {
  return move === undefined ? {} : { move };
}

function clearAuth(s: S, ctx: Ctx, browser: string): void {
  const timer = s.pendingAuth.get(browser);
  if (timer !== undefined) ctx.cancelTimer(timer);
  s.pendingAuth.delete(browser);
}

/** Ends a session on its call bridge (step 9 when `reason` is `move`). */
function endSession(ctx: Ctx, session: WebSession, reason: SessionEndReason, n: Annotations): void {
  ctx.send(
    session.jwt.callBridge,
    KIND.sessionEnd,
    { participant: session.jwt.participant, jwtId: session.jwt.id, reason },
    n,
  );
}

/** A join request: forward it once to the call bridge that hosts the space (or the first one). */
function onJoinRequest(
  env: WebBridgeEnv,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.joinRequest>,
): void {
  const d = m.data;
  // A repeated join request (a duplicated message) is forwarded once.
  if (s.lastJoin.get(m.from) === d.attempt) return;
  s.lastJoin.set(m.from, d.attempt);
  const space = spaceConfig(env.config, d.spaceId);
  const hosted = space.hostedOn !== undefined && env.callBridges.includes(space.hostedOn);
  ctx.send(hosted ? space.hostedOn! : env.callBridges[0]!, KIND.guestLogin, d);
}

/**
 * The browser opens a websocket with a JWT (a join, or step 11): ask its call bridge to check it.
 */
function onWsOpen(env: WebBridgeEnv, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.wsOpen>): void {
  const d = m.data;
  const old = s.sessions.get(m.from);
  if (old !== undefined && old.jwt.id === d.jwt.id && old.open) return;
  if (old !== undefined && old.jwt.id !== d.jwt.id && env.config.recovery.sessionCleanup) {
    endSession(ctx, old, 'superseded', moveNote(m.move));
  }
  const idle = s.idleTimers.get(m.from);
  if (idle !== undefined) {
    ctx.cancelTimer(idle);
    s.idleTimers.delete(m.from);
  }
  s.sessions.set(m.from, {
    browser: m.from,
    jwt: d.jwt,
    open: true,
    authenticated: false,
    authenticatedAtUs: undefined,
    move: m.move,
  });
  // The request carries the websocket's own step and move annotations.
  ctx.send(d.jwt.callBridge, KIND.wsAuth, { browser: m.from, jwt: d.jwt, callId: d.callId }, m);
  const prev = s.pendingAuth.get(m.from);
  if (prev !== undefined) ctx.cancelTimer(prev);
  const timer: Timer = { t: 'auth', browser: m.from, jwtId: d.jwt.id };
  s.pendingAuth.set(m.from, ctx.setTimer(msToUs(env.config.timings.c2wTimeoutMs), timer));
}

function onWsAuthOk(s: S, ctx: Ctx, m: CmsMessage<typeof KIND.wsAuthOk>): void {
  const d = m.data;
  const session = s.sessions.get(d.browser);
  // A late answer for a websocket this bridge already failed when its authentication timed out
  // (modelled): that websocket is closed, so nothing is relayed on it.
  if (session?.jwt.participant !== d.participant) return;
  session.authenticated = true;
  session.authenticatedAtUs = d.atUs;
  // A web bridge line (its client backend's), not the call bridge's.
  const jwt = session.jwt;
  ctx.log(logLine.jwtAuthenticated(jwt.user, jwt.callBridge, jwt.callId, d.participant));
  clearAuth(s, ctx, d.browser);
  ctx.send(d.browser, KIND.wsReady, { participant: d.participant }, m);
}

function onWsAuthFail(s: S, ctx: Ctx, m: CmsMessage<typeof KIND.wsAuthFail>): void {
  const d = m.data;
  const jwt = s.sessions.get(d.browser)?.jwt;
  if (jwt !== undefined) ctx.log(logLine.jwtRejected(jwt.user, d.reason));
  s.sessions.delete(d.browser);
  clearAuth(s, ctx, d.browser);
  ctx.send(d.browser, KIND.wsFail, { reason: d.reason }, m);
}

/** Step 6 arrives: relay the websocket move to the browser (step 7). */
function onWsMove(ctx: Ctx, m: CmsMessage<typeof KIND.wsMove>): void {
  const d = m.data;
  const n = m.move === undefined ? { step: STEP.move } : { step: STEP.move, move: m.move };
  ctx.send(d.browser, KIND.move, { jwt: d.jwt, spaceName: d.spaceName, callId: d.callId }, n);
}

/**
 * The browser ends its websocket: for a move (step 8), pass the end session on (step 9); else it
 * left.
 */
function onWsEnd(s: S, ctx: Ctx, m: CmsMessage<typeof KIND.wsEnd>): void {
  const session = s.sessions.get(m.from);
  if (session === undefined || session.jwt.id !== m.data.jwtId) return;
  s.sessions.delete(m.from);
  const reason = wsEndReason(m);
  // Not `{ ...moveNote(m.move), step }`: on Node 20's V8 an object spread that then gains a key
  // gets a hidden class of its own each time (docs/performance.md, "Warm-up").
  const n =
    reason === 'move'
      ? Object.assign(moveNote(m.move), { step: STEP.endSession })
      : moveNote(m.move);
  endSession(ctx, session, reason, n);
}

/** Why the browser ended its websocket, as its message says: to leave, or (no reason) to move. */
function wsEndReason(m: CmsMessage<typeof KIND.wsEnd>): 'move' | 'leave' {
  return m.data.reason ?? 'move';
}

/** The browser's websocket closed without "end websocket" (it crashed or left): wait, then end. */
function onWsGone(env: WebBridgeEnv, s: S, ctx: Ctx, browser: string): void {
  const session = s.sessions.get(browser);
  if (session === undefined || !env.config.recovery.sessionCleanup) return;
  session.open = false;
  const timer: Timer = { t: 'idle', browser, jwtId: session.jwt.id };
  s.idleTimers.set(
    browser,
    ctx.setTimer(msToUs(env.config.recovery.websocketIdleTimeoutMs), timer),
  );
}

/** The call bridge removed the participant: close its websocket and tell the browser. */
function onSessionClosed(s: S, ctx: Ctx, m: CmsMessage<typeof KIND.sessionClosed>): void {
  const d = m.data;
  const session = s.sessions.get(d.browser);
  if (session === undefined || session.jwt.id !== d.jwtId) return;
  s.sessions.delete(d.browser);
  clearAuth(s, ctx, d.browser);
  const idle = s.idleTimers.get(d.browser);
  if (idle !== undefined) ctx.cancelTimer(idle);
  s.idleTimers.delete(d.browser);
  ctx.send(d.browser, KIND.wsFail, { reason: d.reason, jwtId: d.jwtId }, m);
}

/** The call bridge restarted: every session it held is gone; tell those browsers. */
function onC2wReset(s: S, ctx: Ctx, callBridge: string): void {
  for (const session of [...s.sessions.values()]) {
    if (session.jwt.callBridge !== callBridge) continue;
    s.sessions.delete(session.browser);
    clearAuth(s, ctx, session.browser);
    ctx.send(
      session.browser,
      KIND.wsFail,
      { reason: 'bridgeDown', jwtId: session.jwt.id },
      moveNote(session.move),
    );
  }
}

function onMessage(env: WebBridgeEnv, s: S, ctx: Ctx, m: CmsMessage): void {
  switch (m.kind) {
    case KIND.joinRequest:
      return onJoinRequest(env, s, ctx, m);
    case KIND.guestLoginOk:
      return ctx.send(m.data.browser, KIND.joinOk, { jwt: m.data.jwt });
    case KIND.guestLoginFail:
      return ctx.send(m.data.browser, KIND.joinFail, { reason: m.data.reason });
    case KIND.wsOpen:
      return onWsOpen(env, s, ctx, m);
    case KIND.wsAuthOk:
      return onWsAuthOk(s, ctx, m);
    case KIND.wsAuthFail:
      return onWsAuthFail(s, ctx, m);
    case KIND.wsMove:
      return onWsMove(ctx, m);
    case KIND.wsEnd:
      return on(env.mutants, 'forgetEndSession') ? undefined : onWsEnd(s, ctx, m);
    case KIND.wsGone:
      return onWsGone(env, s, ctx, m.from);
    case KIND.sessionClosed:
      return onSessionClosed(s, ctx, m);
    case KIND.c2wReset:
      return onC2wReset(s, ctx, m.from);
    default:
      throw new Error(`web bridge got an unknown message kind "${m.kind}"`);
  }
}

function onTimer(s: S, ctx: Ctx, t: Timer): void {
  if (t.t === 'auth') {
    // The call bridge never answered over C2W: tell the browser the bridge is down.
    s.pendingAuth.delete(t.browser);
    const session = s.sessions.get(t.browser);
    if (session !== undefined && session.jwt.id === t.jwtId && !session.authenticated) {
      s.sessions.delete(t.browser);
      ctx.send(
        t.browser,
        KIND.wsFail,
        { reason: 'bridgeDown', jwtId: session.jwt.id },
        session.move === undefined ? {} : { step: STEP.newWebsocket, move: session.move },
      );
    }
    return;
  }
  s.idleTimers.delete(t.browser);
  const session = s.sessions.get(t.browser);
  if (session !== undefined && !session.open && session.jwt.id === t.jwtId) {
    s.sessions.delete(t.browser);
    endSession(ctx, session, 'idle', {});
  }
}

export function webBridgeHandler(
  config: ClusterConfig,
  self: { callBridges: string[] },
  mutants: Mutants = {},
): Handler<WebBridgeState> {
  const env: WebBridgeEnv = { config, callBridges: self.callBridges, mutants };
  return (draft, input, engineCtx) => {
    const s = draft as WebBridgeState;
    const ctx: Ctx = engineCtx;
    switch (input.type) {
      case 'message':
        return onMessage(env, s, ctx, cmsMessage(input.message));
      case 'timer':
        return onTimer(s, ctx, input.payload as Timer);
      case 'restart':
        // The C2W links come back from a fresh web bridge: its call bridges drop its participants.
        for (const cb of self.callBridges) ctx.send(cb, KIND.c2wReset, {});
        return;
      case 'action':
        return;
    }
  };
}
