/**
 * A SIP participant's move, on the chosen bridge. A SIP leg has no websocket and no JWT, so
 * its move has no steps 6-9 and 11 of the Web App flow: no websocket move, no new JWT, no
 * "moving WC3 participant" line. Steps 1-5 run as for a Web App participant; then, as
 * movesim assumes (how CMS moves a SIP leg between bridges is unpublished), the chosen bridge
 * re-invites the endpoint to the new instance (`sip.move`); the endpoint hangs up its old leg
 * on its home bridge (`session.end`), which tears it down (step 10) and confirms
 * (`sip.bye.ok`); then the endpoint's media joins the new instance (`media.connect`).
 */
import { spaceConfig } from '../config.js';
import { logLine } from '../loglines.js';
import { KIND } from '../messages.js';
import type { CallBridgeState, Instance } from '../state.js';
import { type CallBridgeContext, type CallBridgeEnv, moveNote } from './shared.js';

/** The new SIP instance is created: re-invite the endpoint to it. */
export function reinviteSipLeg(
  env: CallBridgeEnv,
  ctx: CallBridgeContext,
  inst: Instance,
  move: string | undefined,
): void {
  const space = spaceConfig(env.config, inst.spaceId);
  ctx.send(
    inst.browser,
    KIND.sipMove,
    { participant: inst.id, spaceId: space.id, spaceName: space.name },
    moveNote(move),
  );
}

/** The SIP endpoint's media reached the new instance: the lines a SIP leg's join writes. */
export function logSipConnected(
  env: CallBridgeEnv,
  s: CallBridgeState,
  ctx: CallBridgeContext,
  inst: Instance,
): void {
  const space = spaceConfig(env.config, inst.spaceId);
  inst.callNumber = ++s.callCounter;
  ctx.log(logLine.configured(inst.callNumber, inst.id));
  ctx.log(logLine.joinedSpace(inst.user, space.spaceGuid, space.name));
}
