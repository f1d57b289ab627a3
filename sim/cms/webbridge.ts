/**
 * The web bridge (Web Bridge 3): the web server browsers talk to over a websocket.
 *
 * It relays between browsers and call bridges over C2W: joins, websocket authentication,
 * the move (steps 6 to 9) and the new websocket of step 11. It keeps one session per browser.
 * Recovery (an assumption, switchable): when a browser opens a new websocket while an old
 * session is still open (its "end websocket" was lost), the old session is ended at once;
 * when a websocket goes away with no new one, the session ends after an idle timeout.
 */
import type { Annotations, Context, Handler, Message } from '../engine/index.js';
import { msToUs } from '../engine/index.js';
import { spaceConfig, type ClusterConfig } from './config.js';
import { KIND, type Jwt, type ParticipantDetails } from './messages.js';
import type { WebBridgeState, WebSession } from './state.js';

export function initialWebBridgeState(): WebBridgeState {
  return { sessions: new Map(), idleTimers: new Map(), pendingAuth: new Map(), lastJoin: new Map() };
}

/** Nothing of a web bridge's sessions survives a restart; its call bridges are told (see the handler). */
export function restartWebBridge(_s: WebBridgeState, initial: WebBridgeState): WebBridgeState {
  return initial;
}

type Timer = { t: 'idle'; browser: string; jwtId: string } | { t: 'auth'; browser: string; jwtId: string };

function clearAuth(s: WebBridgeState, ctx: Context, browser: string): void {
  const timer = s.pendingAuth.get(browser);
  if (timer !== undefined) ctx.cancelTimer(timer);
  s.pendingAuth.delete(browser);
}

export function webBridgeHandler(config: ClusterConfig, self: { callBridges: string[] }): Handler<WebBridgeState> {
  /** The step and move annotations of `m`, carried on to the answer (a message is its own annotations). */
  function notes(m: Message): Annotations {
    return m;
  }

  /** Ends a session on its call bridge (step 9 when `reason` is `move`). */
  function endSession(ctx: Context, session: WebSession, reason: string, n: { step?: number; move?: string }): void {
    ctx.send(session.jwt.callBridge, KIND.sessionEnd, { participant: session.jwt.participant, jwtId: session.jwt.id, reason }, n);
  }

  return (draft, input, ctx) => {
    const s = draft as WebBridgeState;
    if (input.type === 'timer') {
      const t = input.payload as Timer;
      if (t.t === 'auth') {
        // The call bridge never answered over C2W: tell the browser the bridge is down.
        s.pendingAuth.delete(t.browser);
        const session = s.sessions.get(t.browser);
        if (session !== undefined && session.jwt.id === t.jwtId && !session.authenticated) {
          s.sessions.delete(t.browser);
          ctx.send(t.browser, KIND.wsFail, { reason: 'bridgeDown', jwtId: session.jwt.id }, session.move === undefined ? {} : { step: 11, move: session.move });
        }
        return;
      }
      s.idleTimers.delete(t.browser);
      const session = s.sessions.get(t.browser);
      if (session !== undefined && !session.open && session.jwt.id === t.jwtId) {
        s.sessions.delete(t.browser);
        endSession(ctx, session, 'idle', {});
      }
      return;
    }
    if (input.type === 'restart') {
      // The C2W links come back from a fresh web bridge: its call bridges drop its participants.
      for (const cb of self.callBridges) ctx.send(cb, KIND.c2wReset, {});
      return;
    }
    if (input.type !== 'message') return;
    const m = input.message;
    switch (m.kind) {
      case KIND.joinRequest: {
        const d = m.data as { details: ParticipantDetails; spaceId: string; attempt: number };
        // A repeated join request (a duplicated message) is forwarded once.
        if (s.lastJoin.get(m.from) === d.attempt) return;
        s.lastJoin.set(m.from, d.attempt);
        const space = spaceConfig(config, d.spaceId);
        const bridge = space.hostedOn !== undefined && self.callBridges.includes(space.hostedOn) ? space.hostedOn : self.callBridges[0]!;
        ctx.send(bridge, KIND.guestLogin, d);
        return;
      }
      case KIND.guestLoginOk: {
        const d = m.data as { browser: string; jwt: Jwt };
        ctx.send(d.browser, KIND.joinOk, { jwt: d.jwt });
        return;
      }
      case KIND.guestLoginFail: {
        const d = m.data as { browser: string; reason: string };
        ctx.send(d.browser, KIND.joinFail, { reason: d.reason });
        return;
      }
      case KIND.wsOpen: {
        const d = m.data as { jwt: Jwt; callId: string };
        const old = s.sessions.get(m.from);
        if (old !== undefined && old.jwt.id === d.jwt.id && old.open) return;
        if (old !== undefined && old.jwt.id !== d.jwt.id && config.recovery.sessionCleanup) {
          endSession(ctx, old, 'superseded', m.move !== undefined ? { move: m.move } : {});
        }
        const timer = s.idleTimers.get(m.from);
        if (timer !== undefined) {
          ctx.cancelTimer(timer);
          s.idleTimers.delete(m.from);
        }
        s.sessions.set(m.from, { browser: m.from, jwt: d.jwt, open: true, authenticated: false, authenticatedAtUs: undefined, move: m.move });
        ctx.send(d.jwt.callBridge, KIND.wsAuth, { browser: m.from, jwt: d.jwt, callId: d.callId }, notes(m));
        const prev = s.pendingAuth.get(m.from);
        if (prev !== undefined) ctx.cancelTimer(prev);
        s.pendingAuth.set(m.from, ctx.setTimer(msToUs(config.timings.c2wTimeoutMs), { t: 'auth', browser: m.from, jwtId: d.jwt.id } satisfies Timer));
        return;
      }
      case KIND.wsAuthOk: {
        const d = m.data as { browser: string; participant: string; atUs: number };
        const session = s.sessions.get(d.browser);
        if (session !== undefined) {
          session.authenticated = true;
          session.authenticatedAtUs = d.atUs;
        }
        clearAuth(s, ctx, d.browser);
        ctx.send(d.browser, KIND.wsReady, { participant: d.participant }, notes(m));
        return;
      }
      case KIND.wsAuthFail: {
        const d = m.data as { browser: string; reason: string };
        s.sessions.delete(d.browser);
        clearAuth(s, ctx, d.browser);
        ctx.send(d.browser, KIND.wsFail, { reason: d.reason }, notes(m));
        return;
      }
      case KIND.wsMove: {
        const d = m.data as { browser: string; jwt: Jwt; spaceName: string; callId: string };
        ctx.send(d.browser, KIND.move, { jwt: d.jwt, spaceName: d.spaceName, callId: d.callId }, { step: 7, ...(m.move !== undefined ? { move: m.move } : {}) });
        return;
      }
      case KIND.wsEnd: {
        const d = m.data as { jwtId: string };
        const session = s.sessions.get(m.from);
        if (session === undefined || session.jwt.id !== d.jwtId) return;
        s.sessions.delete(m.from);
        endSession(ctx, session, m.step === 8 ? 'move' : 'leave', { ...(m.move !== undefined ? { move: m.move } : {}), ...(m.step === 8 ? { step: 9 } : {}) });
        return;
      }
      case KIND.wsGone: {
        // The browser's websocket closed without "end websocket" (the browser crashed or left).
        const session = s.sessions.get(m.from);
        if (session === undefined || !config.recovery.sessionCleanup) return;
        session.open = false;
        s.idleTimers.set(m.from, ctx.setTimer(msToUs(config.recovery.websocketIdleTimeoutMs), { t: 'idle', browser: m.from, jwtId: session.jwt.id } satisfies Timer));
        return;
      }
      case KIND.sessionClosed: {
        // The call bridge removed the participant: close its websocket and tell the browser.
        const d = m.data as { browser: string; jwtId: string; reason: string };
        const session = s.sessions.get(d.browser);
        if (session === undefined || session.jwt.id !== d.jwtId) return;
        s.sessions.delete(d.browser);
        clearAuth(s, ctx, d.browser);
        const idle = s.idleTimers.get(d.browser);
        if (idle !== undefined) ctx.cancelTimer(idle);
        s.idleTimers.delete(d.browser);
        ctx.send(d.browser, KIND.wsFail, { reason: d.reason, jwtId: d.jwtId }, notes(m));
        return;
      }
      case KIND.c2wReset: {
        // The call bridge restarted: every session it held is gone; tell those browsers.
        for (const session of [...s.sessions.values()]) {
          if (session.jwt.callBridge !== m.from) continue;
          s.sessions.delete(session.browser);
          clearAuth(s, ctx, session.browser);
          ctx.send(session.browser, KIND.wsFail, { reason: 'bridgeDown', jwtId: session.jwt.id }, session.move === undefined ? {} : { move: session.move });
        }
        return;
      }
      default:
        throw new Error(`web bridge got an unknown message kind "${m.kind}"`);
    }
  };
}
