/**
 * The properties every generated case must have, as one pure judgement of a run.
 *
 * - `runs-without-error`: no handler throws on a valid scenario.
 * - `reaches-quiescence`: the run ends with an empty queue, never at its end time or event limit
 *   (the end time leaves every timeout room to fire).
 * - `invariant`: no invariant of `sim/cms/invariants.ts` is violated; the safety ones are
 *   checked by the engine after every event, the others at quiescence.
 * - `one-outcome-per-move`: every move has exactly one outcome, of a known result, with a
 *   reason unless it moved.
 * - `moved-carries-state`: after a `moved` outcome the participant has its original mute and
 *   layout, is not presenting, has no chat, and a new JWT (and, for a guest, a new account).
 * - `rejected-untouched`: a `rejected` move leaves nothing behind: no instance is still marked
 *   as moving for it; without faults the participant is still in the call it was in.
 * - `step-10-deletes-old-jwt`: when a move's step 10 happens, the old JWT (the one the browser
 *   left at step 8) is deleted at that same instant (or was already revoked or expired by a
 *   fault), as the old-jwt-deleted invariant promises; read from the trace's marks.
 * - `no-fault-explained`: without faults (none in `faults:`, no random network rule, no what-if
 *   in `whatIf:`) every move is `moved`, or `rejected` for a reason the
 *   scenario explains (`explain.ts`); never `wrong-meeting`, and `dropped` only for the tech
 *   note's case (b): a guest moved into a space without guest access.
 * - `moved-tears-down`: without faults, every `moved` move reached its step 10 (the home bridge
 *   tore the old instance down because the old session ended), not a recovery timer later.
 * - `one-api-request-per-move`: the CMM sends each move's API request (step 1) once; a copy the
 *   network made is not the CMM's. The model's CMM never retries a move (a modelled assumption:
 *   CMS does not publish a retry, and retrying a move that succeeded would ask again to move a
 *   participant who has already moved).
 * - `placement-within-threshold`: see `placement-property.ts`.
 * Determinism (the same case twice gives the same trace) is `deterministic.ts`.
 */
import { KIND } from '../cms/messages.js';
import type { Outcome } from '../cms/outcomes.js';
import { STEP } from '../cms/protocol.js';
import type { BrowserState } from '../cms/state.js';
import { cmsView } from '../cms/world.js';
import { MOVE_RESULTS, type Scenario } from '../scenario/schema.js';
import { explainDrop, explainRejection, isFaultFree } from './explain.js';
import { placementWithinThreshold } from './placement-property.js';
import type { Observation } from './run-case.js';

/** The names of the properties, as failures and counterexample files name them. */
export const PROPERTY_NAMES = [
  'runs-without-error',
  'reaches-quiescence',
  'invariant',
  'one-outcome-per-move',
  'moved-carries-state',
  'rejected-untouched',
  'no-fault-explained',
  'step-10-deletes-old-jwt',
  'moved-tears-down',
  'placement-within-threshold',
  'one-api-request-per-move',
  'deterministic',
] as const;

export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** One broken property of one run. */
export interface Failure {
  property: PropertyName;
  /** The invariant violated, for `invariant` failures. */
  invariant?: string;
  /** The move concerned, where there is one. */
  move?: string;
  detail: string;
}

/** A short name of a failure: the property, and the invariant when there is one. */
export function failureName(f: Pick<Failure, 'property' | 'invariant'>): string {
  return f.invariant === undefined ? f.property : `${f.property}:${f.invariant}`;
}

/**
 * `one-outcome-per-move`: each move of the scenario has exactly one outcome, a known result, and a
 * reason unless moved.
 */
function oneOutcomePerMove(s: Scenario, outcomes: readonly Outcome[]): Failure[] {
  const failures: Failure[] = [];
  const seen = new Map<string, number>();
  for (const o of outcomes) seen.set(o.move, (seen.get(o.move) ?? 0) + 1);
  for (const m of s.moves) {
    const n = seen.get(m.id) ?? 0;
    if (n !== 1)
      failures.push({
        property: 'one-outcome-per-move',
        move: m.id,
        detail: `move ${m.id} has ${n} outcomes`,
      });
  }
  for (const o of outcomes) {
    if (!(MOVE_RESULTS as readonly string[]).includes(o.result)) {
      failures.push({
        property: 'one-outcome-per-move',
        move: o.move,
        detail: `move ${o.move} ended with unknown result ${o.result}`,
      });
    }
    if (o.result !== 'moved' && (o.reason === null || o.reason === 'unknown')) {
      failures.push({
        property: 'one-outcome-per-move',
        move: o.move,
        detail: `move ${o.move} ended ${o.result} with no reason`,
      });
    }
  }
  return failures;
}

/** Judges one run; returns every broken property (empty when all hold). */
export function judge(obs: Observation): Failure[] {
  if (obs.out === undefined)
    return [{ property: 'runs-without-error', detail: obs.error ?? 'the run failed' }];
  const out = obs.out;
  const s = obs.scenario;
  const failures: Failure[] = [];
  if (out.result.stopReason !== 'quiescent') {
    failures.push({
      property: 'reaches-quiescence',
      detail: `the run stopped at ${out.result.stopReason} (${out.result.now} us, ${out.result.events} events)`,
    });
  }
  for (const v of out.violations)
    failures.push({
      property: 'invariant',
      invariant: v.invariant,
      detail: `at ${(v.t / 1000).toFixed(3)} ms: ${v.detail}`,
    });

  const world = out.built.sim.world();
  const view = cmsView(world);
  const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
  const faultFree = isFaultFree(s);

  failures.push(...oneOutcomePerMove(s, out.outcomes));

  for (const o of out.outcomes) {
    const b = browsers.get(o.participant);
    const p = s.participants.find((x) => x.id === o.participant);
    if (b === undefined || p === undefined) continue;
    // A browser that restarted after the move began came back with the scenario's initial
    // local state; what it carries then is not the move's doing.
    const restartedAfter = (h: { leftAtUs: number | undefined } | undefined) =>
      b.restartedAtUs !== undefined && h?.leftAtUs !== undefined && b.restartedAtUs >= h.leftAtUs;
    if (o.result === 'moved' && !restartedAfter(b.history.get(o.move))) {
      const h = b.history.get(o.move);
      const bad: string[] = [];
      if (b.local.muted !== p.local.muted)
        bad.push(`mute is ${b.local.muted}, was ${p.local.muted}`);
      if (b.local.layout !== p.local.layout)
        bad.push(`layout is ${b.local.layout}, was ${p.local.layout}`);
      if (b.local.presenting) bad.push('still presenting');
      if (b.local.chatMessages !== 0) bad.push(`chat has ${b.local.chatMessages} messages`);
      if (h !== undefined && h.oldJwt !== undefined && h.oldJwt === h.newJwt)
        bad.push('kept its JWT');
      if (
        h !== undefined &&
        p.type === 'guest' &&
        h.oldUser !== undefined &&
        h.oldUser === h.newUser
      )
        bad.push(`kept guest account ${h.newUser}`);
      if (bad.length > 0)
        failures.push({
          property: 'moved-carries-state',
          move: o.move,
          detail: `after move ${o.move}, ${o.participant}: ${bad.join('; ')}`,
        });
    }
    if (o.result === 'rejected') {
      for (const cb of view.callBridges) {
        if (!cb.up) continue;
        for (const inst of cb.state.instances.values()) {
          if (inst.movingIn === o.move) {
            failures.push({
              property: 'rejected-untouched',
              move: o.move,
              detail: `move ${o.move} was rejected (${o.reason}) but ${o.participant}'s instance on ${cb.id} is still marked as moving for it, so it can never be moved again`,
            });
          }
        }
      }
      const onlyMove = s.moves.filter((m) => m.participant === o.participant).length === 1;
      if (
        faultFree &&
        onlyMove &&
        o.from !== null &&
        (b.phase !== 'in-call' || b.call?.spaceId !== o.from)
      ) {
        failures.push({
          property: 'rejected-untouched',
          move: o.move,
          detail: `move ${o.move} was rejected (${o.reason}) but ${o.participant} is ${b.phase === 'in-call' ? `in ${b.call?.spaceId}` : b.phase}, not in ${o.from}`,
        });
      }
    }
  }

  failures.push(...step10DeletesOldJwt(obs, browsers));
  failures.push(...placementWithinThreshold(obs));
  failures.push(...oneApiRequestPerMove(obs));
  if (faultFree) failures.push(...movedTearsDown(obs));

  if (faultFree) {
    for (const o of out.outcomes) {
      if (o.result === 'moved') continue;
      if (o.result === 'rejected' && explainRejection(s, o, out.outcomes) !== undefined) continue;
      if (o.result === 'dropped' && explainDrop(s, o) !== undefined) continue;
      failures.push({
        property: 'no-fault-explained',
        move: o.move,
        detail: `without any fault, move ${o.move} of ${o.participant} to ${o.to} ended ${o.result} (${o.reason ?? 'no reason'}), which the scenario does not explain`,
      });
    }
  }
  return failures;
}

/**
 * `step-10-deletes-old-jwt`: every step-10 teardown deletes the JWT the browser left for that move.
 */
function step10DeletesOldJwt(
  obs: Observation,
  browsers: ReadonlyMap<string, BrowserState>,
): Failure[] {
  const out = obs.out;
  if (out === undefined || out.events === undefined) return [];
  const deleted = new Map<string, number>();
  for (const e of out.events) {
    // A JWT is gone when a bridge deletes it, or when a fault revokes or expires it.
    if (
      e.type === 'local' &&
      (e.kind === 'jwt.deleted' || e.kind === 'fault.revoke-jwt' || e.kind === 'fault.expire-jwt')
    ) {
      const jwt = (e.data as { jwt?: string } | undefined)?.jwt;
      if (jwt !== undefined && !deleted.has(jwt)) deleted.set(jwt, e.t);
    }
  }
  const failures: Failure[] = [];
  for (const e of out.events) {
    if (e.type !== 'local' || e.step !== STEP.teardown || e.move === undefined) continue;
    const move = scenarioMove(obs, e.move);
    const old =
      move === undefined ? undefined : browsers.get(move.participant)?.history.get(e.move)?.oldJwt;
    if (old === undefined) continue;
    const at = deleted.get(old);
    if (at === undefined || at > e.t) {
      failures.push({
        property: 'step-10-deletes-old-jwt',
        move: e.move,
        detail: `step ${STEP.teardown} of move ${e.move} ran on ${e.node} at ${(e.t / 1000).toFixed(3)} ms but the old JWT ${old} was ${at === undefined ? 'never deleted' : `deleted only at ${(at / 1000).toFixed(3)} ms`}`,
      });
    }
  }
  return failures;
}

/** The scenario move with id `id`. */
function scenarioMove(obs: Observation, id: string) {
  return obs.scenario.moves.find((m) => m.id === id);
}

/** `one-api-request-per-move`: the CMM sent no move's API request twice. */
function oneApiRequestPerMove(obs: Observation): Failure[] {
  const events = obs.out?.events;
  if (events === undefined) return [];
  const sent = new Map<string, number>();
  for (const e of events)
    if (
      e.type === 'send' &&
      e.kind === KIND.apiMove &&
      e.move !== undefined &&
      e.duplicate !== true
    )
      sent.set(e.move, (sent.get(e.move) ?? 0) + 1);
  return [...sent]
    .filter(([, n]) => n > 1)
    .map(([move, n]) => ({
      property: 'one-api-request-per-move' as const,
      move,
      detail: `the CMM sent the API request of move ${move} ${n} times`,
    }));
}

/** `moved-tears-down`: every `moved` move of the run has its step-10 teardown. */
function movedTearsDown(obs: Observation): Failure[] {
  const out = obs.out;
  if (out === undefined || out.events === undefined) return [];
  const tornDown = new Set<string>();
  for (const e of out.events)
    if (e.type === 'local' && e.step === STEP.teardown && e.move !== undefined)
      tornDown.add(e.move);
  return out.outcomes
    .filter((o) => o.result === 'moved' && !tornDown.has(o.move))
    .map((o) => ({
      property: 'moved-tears-down' as const,
      move: o.move,
      detail: `move ${o.move} of ${o.participant} ended moved, but its step ${STEP.teardown} never ran: the old session never ended at the home bridge`,
    }));
}
