/**
 * Joins: a browser's guest login (or member login) reaches a call bridge through its web
 * bridge; a SIP endpoint's call (`sip.invite`) reaches a call bridge straight, with no web
 * bridge, websocket or JWT. With load balancing on, the bridge the join reached places it by
 * replace query first (`replace-query.ts`) and forwards it, marked `placed`, to the chosen
 * bridge. The bridge that hosts it creates the instance (and a guest's guest account) and
 * answers: a login with its JWT, a SIP call with its leg.
 */
import { spaceConfig } from '../config.js';
import { newGuestId } from '../ids.js';
import { logLine } from '../loglines.js';
import { type CmsMessage, type Jwt, KIND, MARK } from '../messages.js';
import type { CallBridgeState, Instance } from '../state.js';
import { refuseJoin } from './join-answers.js';
import { placingKey } from './placing-key.js';
import { askPeers } from './replace-query.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  createInstance,
  isFull,
  issueJwt,
  RECENT_REQUESTS,
} from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;
type GuestLogin = CmsMessage<typeof KIND.guestLogin> | CmsMessage<typeof KIND.sipInvite>;

/** Answers a join with the instance that hosts it: a SIP call with its leg, a login its JWT. */
function answerJoin(ctx: Ctx, replyTo: string, inst: Instance, jwt: Jwt | undefined): void {
  if (jwt === undefined) {
    const leg = { browser: inst.browser, participant: inst.id, spaceId: inst.spaceId };
    ctx.send(replyTo, KIND.sipInviteOk, leg);
  } else ctx.send(replyTo, KIND.guestLoginOk, { browser: inst.browser, jwt });
}

/** A login this bridge has already placed elsewhere (a repeat); remembers the login if not. */
function seenLogin(env: Env, s: S, d: GuestLogin['data']): boolean {
  if (d.placed === true || !env.config.loadBalancing.enabled) return false;
  const login = `${d.details.browser}#${d.attempt ?? 0}`;
  if (s.recentLogins.includes(login)) return true;
  s.recentLogins.push(login);
  if (s.recentLogins.length > RECENT_REQUESTS) s.recentLogins.shift();
  return false;
}

/** The pending instance a repeated login (a duplicated message) already created here, if any. */
function pendingInstance(s: S, d: GuestLogin['data']): Instance | undefined {
  const pendingId = s.pendingLogins.get(d.details.browser);
  const pending = pendingId === undefined ? undefined : s.instances.get(pendingId);
  return pending !== undefined && pending.spaceId === d.spaceId && pending.status === 'pending'
    ? pending
    : undefined;
}

/**
 * A login: refuse, place it first, answer a repeat the same, or create the instance and its JWT.
 */
export function onGuestLogin(env: Env, s: S, ctx: Ctx, m: GuestLogin): void {
  const d = m.data;
  const replyTo = d.replyTo ?? m.from;
  if (seenLogin(env, s, d)) return;
  const space = spaceConfig(env.config, d.spaceId);
  const browser = d.details.browser;
  if (d.details.type === 'guest' && !space.guestAccess) {
    refuseJoin(ctx, replyTo, d.details, 'noPermission');
    return;
  }
  if (env.config.loadBalancing.enabled && d.placed !== true) {
    const what = { kind: 'join', browser } as const;
    if (s.placings.has(placingKey(what))) return;
    askPeers(
      env,
      s,
      ctx,
      what,
      d.spaceId,
      env.config.loadPoints[d.details.mediaProfile],
      d.details.webBridge,
      { details: d.details, replyTo },
    );
    return;
  }
  const existing = pendingInstance(s, d);
  if (existing !== undefined && d.details.type === 'sip')
    return answerJoin(ctx, replyTo, existing, undefined);
  if (existing?.jwtId !== undefined) {
    const jwt: Jwt = {
      id: existing.jwtId,
      user: existing.user,
      callBridge: ctx.self,
      participant: existing.id,
      callId: space.numericCallId,
      expiresAtUs: existing.jwtExpiresAtUs,
    };
    ctx.send(replyTo, KIND.guestLoginOk, { browser, jwt });
    return;
  }
  if (isFull(env, s, ctx.self)) {
    refuseJoin(ctx, replyTo, d.details, 'participantLimitReached');
    return;
  }
  let user = browser;
  if (d.details.type === 'guest') {
    user = newGuestId(ctx);
    ctx.log(logLine.guestAccountCreated(user));
    ctx.mark(MARK.guestAccountCreated, { guest: user });
  }
  const inst = createInstance(env, s, ctx, d.details, d.spaceId, user, undefined);
  // A SIP leg has no JWT; its user is the endpoint itself.
  const jwt = d.details.type === 'sip' ? undefined : issueJwt(env, s, ctx, inst, undefined);
  answerJoin(ctx, replyTo, inst, jwt);
}
