/**
 * Recovery: what a call bridge does when something it waits for never comes. Its timers (the
 * peers never answered the replace query, a participant never joined its media, the browser
 * stopped its media with no session end, a move never finished) and the reset of a web bridge
 * that restarted (its websockets are gone).
 */
import { type CmsMessage, KIND } from '../messages.js';
import type { CallBridgeState } from '../state.js';
import { failApiMove } from './api-bridge.js';
import { refuseJoin } from './join-answers.js';
import { placingFor, placingKey } from './placing-key.js';
import { decide } from './replace-query.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  destroyInstance,
} from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/** The API move got no answer in time: decide with the answers in hand, or answer `504`. */
function onPeerTimeout(env: Env, s: S, ctx: Ctx, move: string): void {
  const am = s.apiMoves.get(move);
  if (am === undefined) return;
  const p = s.placings.get(placingKey({ kind: 'move', move: am.move }));
  if (p !== undefined && p.answers.length > 0) return decide(env, s, ctx, p);
  if (p !== undefined) {
    ctx.cancelTimer(p.timer);
    s.placings.delete(p.key);
  }
  failApiMove(env, s, ctx, am, 504, 'timeout');
}

/** Some peers never answered the replace query: decide with the answers in hand, or give up. */
function onPlacementTimeout(env: Env, s: S, ctx: Ctx, key: string): void {
  const p = s.placings.get(key);
  if (p === undefined) return;
  if (p.answers.length > 0) return decide(env, s, ctx, p);
  s.placings.delete(p.key);
  const what = placingFor(p.key);
  if (p.join !== undefined) {
    refuseJoin(ctx, p.join.replyTo, p.join.details, 'timeout');
  } else if (what.kind === 'move') {
    const am = s.apiMoves.get(what.move);
    if (am !== undefined) failApiMove(env, s, ctx, am, 504, 'timeout');
  }
}

/** A recovery timer fired. */
export function onRecoveryTimer(
  env: Env,
  s: S,
  ctx: Ctx,
  timer: Exclude<CallBridgeTimer, { t: 'credentials-stored' | 'session-open' }>,
): void {
  switch (timer.t) {
    case 'peer-timeout':
      return onPeerTimeout(env, s, ctx, timer.move);
    case 'placement-timeout':
      return onPlacementTimeout(env, s, ctx, timer.key);
    case 'media-stopped': {
      // The browser stopped its media and no session end followed: tear the instance down.
      const inst = s.instances.get(timer.participant);
      if (inst !== undefined && inst.status === 'inactive')
        destroyInstance(env, s, ctx, inst, inst.movingIn, 'mediaStopped');
      return;
    }
    case 'move-in-progress': {
      const inst = s.instances.get(timer.participant);
      if (inst !== undefined && inst.movingIn === timer.move) inst.movingIn = undefined;
      return;
    }
    case 'pending-timeout': {
      const inst = s.instances.get(timer.participant);
      if (inst !== undefined && inst.status === 'pending')
        destroyInstance(env, s, ctx, inst, undefined, 'neverJoined');
      return;
    }
  }
}

/** A web bridge restarted: the websockets of its participants are gone, and so are they. */
export function onC2wReset(env: Env, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.c2wReset>): void {
  for (const inst of [...s.instances.values()]) {
    if (inst.webBridge !== m.from) continue;
    if (inst.status === 'connected')
      ctx.send(inst.browser, KIND.mediaFail, { reason: 'webBridgeDown' });
    destroyInstance(env, s, ctx, inst, inst.movingIn, 'webBridgeRestarted');
  }
}
