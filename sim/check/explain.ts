/**
 * Explanations: whether a scenario without faults explains why a move was refused.
 *
 * With no fault, no random network rule and no what-if, every move must be `moved`, or
 * `rejected` for a reason the scenario itself gives (or `dropped` for the one reason the tech
 * note gives without a fault: a guest moved into a space without guest access): the participant
 * cannot move (`canMove: false`, an SfB or WB2 participant), the target is dual homed, a bridge
 * is full (a participant limit, or load balancing thresholds), or the participant was not where
 * the CMM could find it (it never joined, its join could fail, it had not finished joining, or
 * another move of it was still running). This file returns the sentence that explains a
 * rejection, or nothing; whether a run had faults is `isFaultFree`, which `properties.ts` asks.
 */
import { isUnmovableType } from '../cms/messages.js';
import type { Outcome } from '../cms/outcomes.js';
import { msToUs } from '../engine/index.js';
import type { Scenario } from '../scenario/schema.js';

/** How long after its join a participant is surely in its call, in milliseconds. */
export const JOIN_SETTLE_MS = 2000;

/**
 * How long after a move of a participant ends (the CMM's answer, or media in the new call) the
 * cluster may still hold the news of it in flight, in milliseconds: a later move requested
 * within this time may find the participant busy or where the CMM no longer expects it.
 */
export const NEWS_IN_FLIGHT_MS = 1000;

/**
 * Whether a scenario has no fault at all: no fault entry, no random network rule and no what-if
 * (`whatIf:`, or `run --what-if`: a message lost, late or doubled, or a node crashed, is a fault
 * chosen by hand).
 */
export function isFaultFree(s: Scenario): boolean {
  const n = s.network;
  return (
    s.faults.length === 0 &&
    s.whatIf.length === 0 &&
    n.loss.length + n.duplication.length + n.delaySpikes.length + n.reorder.length === 0
  );
}

/**
 * Another move of the same participant that ran at the same time as move `o` (their spans
 * from request to end overlap, counting NEWS_IN_FLIGHT_MS after each end), if any. Which of
 * two concurrent moves reaches the participant first is a race, so either order counts.
 */
function runningAlongside(o: Outcome, outcomes: readonly Outcome[]): Outcome | undefined {
  if (o.requestedAt === null) return undefined;
  const grace = msToUs(NEWS_IN_FLIGHT_MS);
  const end = (x: Outcome) =>
    x.completedAt === null ? Number.POSITIVE_INFINITY : x.completedAt + grace;
  return outcomes.find(
    (x) =>
      x.move !== o.move &&
      x.participant === o.participant &&
      x.requestedAt !== null &&
      x.requestedAt <= end(o) &&
      o.requestedAt! <= end(x),
  );
}

/**
 * The sentence from the scenario that explains why move `o` was rejected, or undefined.
 * `outcomes` are all the run's outcomes, to tell whether another move of the participant was
 * still running.
 */
export function explainRejection(
  s: Scenario,
  o: Outcome,
  outcomes: readonly Outcome[],
): string | undefined {
  const p = s.participants.find((x) => x.id === o.participant);
  const move = s.moves.find((m) => m.id === o.move);
  const target = s.spaces.find((x) => x.id === o.to);
  if (p === undefined || move === undefined || target === undefined) return undefined;
  const running = runningAlongside(o, outcomes);
  const busy = running !== undefined;
  const limited = s.cluster.callBridges.some((b) => b.participantLimit !== undefined);
  switch (o.reason) {
    case 'canMoveFalse':
      return p.canMove ? undefined : `${p.id} has canMove: false`;
    case 'unmovableType':
      return isUnmovableType(p.type)
        ? `${p.id} is of type ${p.type}, which cannot be moved`
        : undefined;
    case 'noActiveCall':
    case 'callDoesNotExist':
      // With no call started, the space's call ends when its last participant leaves; a move
      // asked then is refused by the CMM, or by the bridge when the CMM still had the call id.
      return target.activeCall
        ? undefined
        : `${target.id} has no call started (activeCall: false), so its call ends when it empties`;
    case 'dualHomedTarget':
      return target.dualHomed ? `${target.id} is dual homed` : undefined;
    case 'invalidOperation':
      // The refusal docs/findings.md F1 suggests for a move into the participant's own space.
      return o.from !== null && o.from === o.to ? `${p.id} is already in ${target.id}` : undefined;
    case 'participantLimitReached':
      if (limited) return 'a call bridge has a participantLimit';
      if (s.cluster.loadBalancing.enabled)
        return 'load balancing is on and no bridge was under its threshold';
      return undefined;
    case 'moveInProgress':
      return busy ? `move ${running!.move} of ${p.id} ran at the same time` : undefined;
    case 'participantNotFound': {
      if (p.join === undefined) return `${p.id} never joins`;
      const joinSpace = s.spaces.find((x) => x.id === p.join!.space);
      if (p.type === 'guest' && joinSpace?.guestAccess === false)
        return `${p.id} is a guest and ${joinSpace.id} has no guest access`;
      if (limited) return `${p.id}'s join may be refused: a call bridge has a participantLimit`;
      if (s.cluster.loadBalancing.enabled)
        return `${p.id}'s join may be refused: load balancing is on and its thresholds may leave no bridge`;
      if (move.at < p.join.at + JOIN_SETTLE_MS)
        return `the move is requested less than ${JOIN_SETTLE_MS} ms after ${p.id} joins`;
      if (busy) return `move ${running!.move} of ${p.id} ran at the same time`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The sentence from the scenario that explains why move `o` was dropped, or undefined. Two
 * drops need no fault: the tech note's case (b), a guest moved into a space without guest access
 * is refused at its new websocket (`noPermission`); and a move overtaken by a later move of the
 * same participant (`superseded`).
 */
export function explainDrop(s: Scenario, o: Outcome): string | undefined {
  const p = s.participants.find((x) => x.id === o.participant);
  const target = s.spaces.find((x) => x.id === o.to);
  if (o.reason === 'superseded') {
    const self = s.moves.find((m) => m.id === o.move);
    const later = s.moves.find(
      (m) =>
        m.participant === o.participant && m.id !== o.move && self !== undefined && m.at >= self.at,
    );
    return later === undefined ? undefined : `move ${later.id} of ${o.participant} overtook it`;
  }
  if (o.reason === 'noPermission' && p?.type === 'guest' && target?.guestAccess === false) {
    return `${p.id} is a guest and ${target.id} has no guest access (the tech note's troubleshooting case b)`;
  }
  return undefined;
}
