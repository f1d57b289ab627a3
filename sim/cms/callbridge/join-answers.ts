/**
 * How a call bridge refuses or passes on a join, by the kind of join: a Web App login goes back
 * through its web bridge (`guest.login.fail`, `guest.login`), a SIP endpoint's call goes straight
 * to and from the endpoint (`sip.invite.fail`, `sip.invite`), with no web bridge.
 */
import { type ClientFailureReason, KIND, type ParticipantDetails } from '../messages.js';
import type { CallBridgeContext as Ctx } from './shared.js';

/** Refuses a join: a login through its web bridge, a SIP call to the endpoint. */
export function refuseJoin(
  ctx: Ctx,
  replyTo: string,
  details: ParticipantDetails,
  reason: ClientFailureReason,
): void {
  const kind = details.type === 'sip' ? KIND.sipInviteFail : KIND.guestLoginFail;
  ctx.send(replyTo, kind, { browser: details.browser, reason });
}

/** Passes a join this bridge placed on to the chosen bridge, as the kind of join it is. */
export function forwardJoin(
  ctx: Ctx,
  bridge: string,
  join: { details: ParticipantDetails; replyTo: string },
  spaceId: string,
): void {
  const kind = join.details.type === 'sip' ? KIND.sipInvite : KIND.guestLogin;
  ctx.send(bridge, kind, { details: join.details, spaceId, placed: true, replyTo: join.replyTo });
}
