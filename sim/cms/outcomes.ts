/**
 * Outcomes: how each move ended, judged after a run from what the nodes themselves saw.
 *
 * Exactly one of `moved` (joined the target), `rejected` (never left its call; with the API's
 * reason, or `timeout`), `dropped` (left its call and joined none; with the reason the
 * browser saw) or `wrong-meeting` (joined another call). The first decisive evidence, in time
 * order, decides it:
 * - a move that reached the browser (step 7) is judged by the browser's record of it;
 * - otherwise the earlier of the API's refusal (an answer other than 200) and a browser restart
 *   at or after the request: `rejected` with the API's reason, or `dropped (browserRestarted)`
 *   (a tie goes to the refusal, which the CMM saw without waiting for anything);
 * - otherwise `rejected`, with `timeout`, `noResponse`, `moveNotDelivered` or `notRequested`.
 * A refusal is final: nothing a browser does later changes a move the API refused. Works with
 * the trace switched off.
 */
import { usToMs, type World } from '../engine/index.js';
import { CLIENT_FAILURE_REASONS, REJECT_REASONS } from './messages.js';
import type { CmmMoveRecord } from './state.js';
import { cmsView } from './world.js';

export type MoveResult = 'moved' | 'rejected' | 'dropped' | 'wrong-meeting';

/**
 * Why a move ended `rejected`: the API's refusal (`REJECT_REASONS`), or why the CMM never saw the
 * move go ahead: no answer before its timeout (`timeout`), the run ended first (`noResponse`),
 * a 200 whose move never reached the browser (`moveNotDelivered`), or no request at all
 * (`notRequested`).
 */
export const REJECTED_REASONS = [
  ...REJECT_REASONS,
  // The CMM's own refusals (`CmmRefusal`) not already among the API's.
  'noActiveCall',
  'noResponse',
  'moveNotDelivered',
  'notRequested',
] as const;

/** Why a move ended `dropped`: what its browser saw (`CLIENT_FAILURE_REASONS`), or `unknown`. */
export const DROPPED_REASONS = [...CLIENT_FAILURE_REASONS, 'unknown'] as const;

/**
 * Every reason an outcome can carry, declared once: the two lists above, an API error without a
 * reason (`http<status>`), and the call a `wrong-meeting` move joined (`joined <space>`).
 */
export type OutcomeReason =
  | (typeof REJECTED_REASONS)[number]
  | (typeof DROPPED_REASONS)[number]
  | `http${number}`
  | `joined ${string}`;

export interface Outcome {
  move: string;
  participant: string;
  /** The space the participant was in when the CMM asked, if it knew. */
  from: string | null;
  to: string;
  result: MoveResult;
  reason: OutcomeReason | null;
  /** When the CMM sent the request, in microseconds. */
  requestedAt: number | null;
  /** When the move ended: media in the new call, or the API's answer; null if it never did. */
  completedAt: number | null;
  /** Time between leaving the old call and media in the new one, in milliseconds. */
  limboMs: number | null;
  /** What the API answered: an HTTP status, `timeout`, or null if it never answered. */
  api: number | 'timeout' | null;
}

/** A move as the scenario asked for it. */
export interface PlannedMove {
  id: string;
  participant: string;
  to: string;
}

/** An outcome, its fields in the order the summary and the trace have always written them. */
function outcome(
  planned: PlannedMove,
  rec: CmmMoveRecord | undefined,
  api: Outcome['api'],
  result: MoveResult,
  reason: OutcomeReason | null,
  completedAt: number | null,
  limboMs: number | null,
): Outcome {
  return {
    move: planned.id,
    participant: planned.participant,
    from: rec?.fromSpace ?? null,
    to: planned.to,
    requestedAt: rec?.requestedAtUs ?? null,
    api,
    result,
    reason,
    completedAt,
    limboMs,
  };
}

export function judgeOutcomes(world: World, moves: PlannedMove[]): Outcome[] {
  const view = cmsView(world);
  const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
  const records = view.cmm?.state.moves;
  return moves.map((planned) => {
    const rec = records?.get(planned.id);
    const b = browsers.get(planned.participant);
    const h = b?.history.get(planned.id);
    const api: Outcome['api'] =
      rec === undefined ? null : rec.timedOut ? 'timeout' : (rec.response?.status ?? null);
    if (h === undefined && rec !== undefined) {
      const restartUs = (b?.restartsAtUs ?? []).find((t) => t >= rec.requestedAtUs);
      const refusedUs =
        rec.response !== undefined && rec.response.status !== 200 ? rec.respondedAtUs : undefined;
      if (restartUs !== undefined && (refusedUs === undefined || restartUs < refusedUs)) {
        // The browser crashed while the move was on its way: it left its call and joined none.
        return outcome(planned, rec, api, 'dropped', 'browserRestarted', null, null);
      }
    }
    if (h === undefined) {
      const reason =
        rec === undefined
          ? 'notRequested'
          : rec.refused !== undefined
            ? rec.refused
            : rec.timedOut
              ? 'timeout'
              : rec.response === undefined
                ? 'noResponse'
                : rec.response.status === 200
                  ? 'moveNotDelivered'
                  : (rec.response.reason ?? `http${rec.response.status}`);
      return outcome(planned, rec, api, 'rejected', reason, rec?.respondedAtUs ?? null, null);
    }
    const limboMs =
      h.joinedAtUs !== undefined && h.leftAtUs !== undefined
        ? usToMs(h.joinedAtUs - h.leftAtUs)
        : null;
    if (h.joinedSpace !== undefined) {
      const right = h.joinedSpace === planned.to;
      return outcome(
        planned,
        rec,
        api,
        right ? 'moved' : 'wrong-meeting',
        right ? null : `joined ${h.joinedSpace}`,
        h.joinedAtUs ?? null,
        limboMs,
      );
    }
    const reason = h.error ?? (b?.move === planned.id ? 'timeout' : 'unknown');
    return outcome(planned, rec, api, 'dropped', reason, null, null);
  });
}
