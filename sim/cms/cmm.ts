/**
 * Cisco Meeting Management (CMM): the operator's tool, a client of the CMS REST API.
 *
 * It learns where participants are, and the API call id of each active call, from the call
 * bridges' events, asks a call bridge to move a participant (step 1), and records what a real
 * API client sees: the HTTP status with its `failureDetails` reason, or a timeout. A move it
 * cannot offer it refuses itself, with a warning and no request to CMS: a participant it does
 * not list, one of a kind that cannot be moved (the tech note: CMM detects these), or a target
 * space without an active call (CMM moves participants into active meetings only; to move
 * someone into an empty space, start its call first: `activeCall`). It does not judge
 * outcomes; `outcomes.ts` does.
 */
import type { Handler } from '../engine/index.js';
import { msToUs } from '../engine/index.js';
import type { ClusterConfig } from './config.js';
import {
  type ApiResponse,
  type CmsContext,
  type CmsMessage,
  cmsMessage,
  isUnmovableType,
  KIND,
} from './messages.js';
import { type Mutants, on } from './mutants.js';
import { STEP } from './protocol.js';
import type { CmmRefusal, CmmState } from './state.js';

/** A scenario move, as an action for the CMM. */
export interface MoveAction {
  type: 'move';
  move: string;
  /** The browser (participant) id. */
  participant: string;
  /** The target space id. */
  to: string;
  /** The call bridge to send the API request to. */
  via: string;
}

/** The CMM's initial state: it knows the calls started through the API at the start. */
export function initialCmmState(config: ClusterConfig): CmmState {
  const calls = new Map<string, string>();
  for (const sp of config.spaces.values()) if (sp.activeCall) calls.set(sp.id, sp.callId);
  return { calls, participants: new Map(), moves: new Map() };
}

type Timer = { t: 'api-timeout'; move: string };

/** A call bridge's event: the CMM's list of who is where follows it. */
function onEvent(s: CmmState, m: CmsMessage<typeof KIND.cmsEvent>): void {
  const d = m.data;
  if (d.event === 'callActive') {
    s.calls.set(d.spaceId, d.callId);
  } else if (d.event === 'participantJoined') {
    s.participants.set(d.browser, {
      participant: d.participant,
      bridge: d.bridge,
      spaceId: d.spaceId,
      type: d.type,
    });
  } else if (
    d.event === 'participantLeft' &&
    s.participants.get(d.browser)?.participant === d.participant
  ) {
    s.participants.delete(d.browser);
  }
}

/** Step 1: the operator moves a participant; the CMM sends the API request, or refuses it. */
function onMoveAction(config: ClusterConfig, s: CmmState, ctx: CmsContext, a: MoveAction): void {
  const known = s.participants.get(a.participant);
  const rec = {
    move: a.move,
    participant: a.participant,
    to: a.to,
    requestedAtUs: ctx.now,
    fromSpace: known?.spaceId,
    response: undefined as ApiResponse | undefined,
    refused: undefined as CmmRefusal | undefined,
    respondedAtUs: undefined as number | undefined,
    timedOut: false,
    timer: 0,
  };
  s.moves.set(a.move, rec);
  const callId = s.calls.get(a.to);
  // The CMM warns and sends nothing when it cannot offer the move (`CmmRefusal`).
  const refusal: CmmRefusal | undefined =
    known === undefined
      ? 'participantNotFound'
      : isUnmovableType(known.type)
        ? 'unmovableType'
        : callId === undefined
          ? 'noActiveCall'
          : undefined;
  if (refusal !== undefined || known === undefined || callId === undefined) {
    rec.refused = refusal;
    rec.respondedAtUs = ctx.now;
    ctx.mark('move.refused', { reason: refusal }, { move: a.move });
    return;
  }
  ctx.send(
    a.via,
    KIND.apiMove,
    {
      callId,
      movedParticipant: known.participant,
      needsActivation: false,
      homedOn: known.bridge,
    },
    { step: STEP.apiRequest, move: a.move },
  );
  rec.timer = ctx.setTimer(msToUs(config.timings.apiTimeoutMs), {
    t: 'api-timeout',
    move: a.move,
  } satisfies Timer);
}

/** The API's answer to a move request, unless the CMM already answered it or gave up. */
function onApiResponse(
  s: CmmState,
  ctx: CmsContext,
  m: CmsMessage<typeof KIND.apiResponse>,
  mutants: Mutants,
): void {
  const rec = m.move === undefined ? undefined : s.moves.get(m.move);
  if (rec === undefined || rec.response !== undefined || rec.timedOut) return;
  rec.response = m.data;
  rec.respondedAtUs = ctx.now;
  ctx.cancelTimer(rec.timer);
  if (on(mutants, 'retrySucceededMove') && m.data.status === 200) retryMove(s, ctx, m.from, rec);
}

/** Mutant `retrySucceededMove` only: the API request of a move sent again to the API bridge. */
function retryMove(
  s: CmmState,
  ctx: CmsContext,
  api: string,
  rec: { move: string; participant: string; to: string },
): void {
  const known = s.participants.get(rec.participant);
  const callId = s.calls.get(rec.to);
  if (known === undefined || callId === undefined) return;
  const data = { callId, movedParticipant: known.participant, needsActivation: false };
  ctx.send(
    api,
    KIND.apiMove,
    { ...data, homedOn: known.bridge },
    { step: STEP.apiRequest, move: rec.move },
  );
}

/** The API timeout: a move still unanswered is given up. */
function onTimeout(s: CmmState, ctx: CmsContext, t: Timer): void {
  const rec = s.moves.get(t.move);
  if (rec !== undefined && rec.response === undefined) {
    rec.timedOut = true;
    rec.respondedAtUs = ctx.now;
    ctx.mark('api.timeout', {}, { move: t.move });
  }
}

/** The CMM's handler: operator actions, the API's answers, its own timeouts. */
export function cmmHandler(config: ClusterConfig, mutants: Mutants = {}): Handler<CmmState> {
  return (draft, input, engineCtx) => {
    const s = draft as CmmState;
    const ctx: CmsContext = engineCtx;
    switch (input.type) {
      case 'action':
        return onMoveAction(config, s, ctx, input.action as MoveAction);
      case 'message': {
        const m = cmsMessage(input.message);
        if (m.kind === KIND.cmsEvent) return onEvent(s, m);
        if (m.kind === KIND.apiResponse) return onApiResponse(s, ctx, m, mutants);
        throw new Error(`CMM got an unknown message kind "${m.kind}"`);
      }
      case 'timer':
        return onTimeout(s, ctx, input.payload as Timer);
      case 'restart':
        return;
    }
  };
}
