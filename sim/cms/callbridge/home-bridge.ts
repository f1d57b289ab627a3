/**
 * The home bridge: the call bridge where the participant is. Step 2 (check the participant can
 * move, mark it as being moved out, and answer with its details: step 3), and steps 9 and 10
 * (its old session ends; the old instance, old JWT and old guest account go). It also hears
 * that a move failed before step 5 (release the participant) and that the browser stopped its
 * media here.
 *
 * `Instance.movingIn` holds the move taking the instance away from this bridge (read it as
 * "being moved out by"); the name is kept because state-level traces serialize it.
 */
import { msToUs } from '../../engine/index.js';
import {
  type CmsMessage,
  isUnmovableType,
  KIND,
  MARK,
  type ParticipantDetails,
  type RejectReason,
} from '../messages.js';
import { on } from '../mutants.js';
import { STEP } from '../protocol.js';
import type { CallBridgeState, Instance } from '../state.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  destroyInstance,
  stepNote,
} from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/** Why the home bridge refuses to move `inst` for `move`, if it does. */
function refusal(inst: Instance | undefined, move: string | undefined): RejectReason | undefined {
  if (inst === undefined) return 'participantNotFound';
  if (isUnmovableType(inst.type)) return 'unmovableType';
  if (!inst.canMove) return 'canMoveFalse';
  if (inst.movingIn !== undefined && inst.movingIn !== move) return 'moveInProgress';
  return undefined;
}

/** Step 2 arrives: check, mark the instance as being moved out, answer (step 3). */
export function onMoveRequest(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.moveRequest>,
): void {
  const inst = s.instances.get(m.data.participant);
  const n = stepNote(STEP.moveReply, m.move);
  const refused = refusal(inst, m.move);
  const reason =
    refused === 'moveInProgress' && on(env.broken, 'ignoreMoveInProgress') ? undefined : refused;
  if (reason !== undefined || inst === undefined) {
    ctx.send(m.from, KIND.moveReply, { ok: false, reason: reason ?? 'participantNotFound' }, n);
    return;
  }
  const repeated = inst.movingIn !== undefined;
  inst.movingIn = m.move ?? 'unknown';
  if (!repeated) {
    const timer: CallBridgeTimer = {
      t: 'move-in-progress',
      participant: inst.id,
      move: inst.movingIn,
    };
    ctx.setTimer(msToUs(env.config.timings.moveInProgressTimeoutMs), timer);
  }
  const details: ParticipantDetails = {
    browser: inst.browser,
    name: inst.name,
    type: inst.type,
    webBridge: inst.webBridge,
    mediaProfile: inst.mediaProfile,
    canMove: inst.canMove,
    // Server-side state is not carried: the new instance starts from the target's defaults.
    server: undefined,
  };
  ctx.send(
    m.from,
    KIND.moveReply,
    { ok: true, participant: inst.id, user: inst.user, details, spaceId: inst.spaceId },
    n,
  );
}

/** The API bridge gave the move up before step 5: the participant may be moved again. */
export function onMoveAbort(s: S, m: CmsMessage<typeof KIND.moveAbort>): void {
  const inst = s.instances.get(m.data.participant);
  if (inst !== undefined && inst.movingIn === m.move) inst.movingIn = undefined;
}

/** Steps 9 and 10: the old session ends; the old instance, JWT and guest account go. */
export function onSessionEnd(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.sessionEnd>,
): void {
  const d = m.data;
  const inst = s.instances.get(d.participant);
  // A SIP endpoint hanging up a leg that is already gone still gets its confirmation.
  const fromEndpoint = !env.config.webBridges.some((w) => w.id === m.from);
  if (inst === undefined) {
    if (fromEndpoint && d.reason === 'move')
      ctx.send(m.from, KIND.sipByeOk, { participant: d.participant }, { move: m.move });
    return;
  }
  const move = m.move ?? inst.movingIn;
  if (d.reason === 'move')
    ctx.mark(
      MARK.teardown,
      { participant: inst.id, user: inst.user },
      stepNote(STEP.teardown, move),
    );
  if (env.broken.skipTeardown === true) return;
  destroyInstance(env, s, ctx, inst, move, d.reason);
  // A SIP endpoint hung up its old leg for a move (`sip-move.ts`): confirm, so it joins the new.
  if (fromEndpoint && d.reason === 'move')
    ctx.send(m.from, KIND.sipByeOk, { participant: inst.id }, { move });
}

/**
 * The browser stopped its media here (it left for another call); clean up if no session end
 * follows.
 */
export function onMediaStop(env: Env, s: S, ctx: Ctx, m: CmsMessage<typeof KIND.mediaStop>): void {
  const inst = s.instances.get(m.data.participant);
  if (inst === undefined || inst.status !== 'connected') return;
  inst.status = 'inactive';
  if (env.config.recovery.sessionCleanup) {
    const timer: CallBridgeTimer = { t: 'media-stopped', participant: inst.id };
    ctx.setTimer(msToUs(env.config.recovery.mediaInactivityTimeoutMs), timer);
  }
}
