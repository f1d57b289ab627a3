/**
 * Known findings: protocol problems the properties found, written up in `docs/findings.md`
 * with a counterexample in `test/counterexamples/`, that the model does not fix yet.
 *
 * Until the lead fixes one, the explorer excuses its symptom, and only in cases that have its
 * fault class, so the search can go on finding new problems instead of the same one. Each
 * entry is a named, commented filter; excused failures are counted (as `excused:<id>`) in the
 * coverage table, never hidden. Delete an entry when its finding is fixed (its counterexample
 * file then gets `# Status: fixed`).
 */
import type { Outcome } from '../cms/outcomes.js';
import { STEP } from '../cms/protocol.js';
import { usToMs } from '../engine/index.js';
import type { Scenario } from '../scenario/schema.js';
import type { Failure } from './properties.js';
import type { Observation } from './run-case.js';

/** A documented finding, as a filter of failures. */
export interface KnownFinding {
  /** The finding's id in docs/findings.md, e.g. `F1`. */
  id: string;
  /** What breaks, in a sentence. */
  title: string;
  /**
   * Whether the case has the finding's fault class (so the symptom may be this finding): from
   * the scenario, and where needed from what the run showed (a message lost, say).
   */
  applies(s: Scenario, obs: Observation): boolean;
  /** Whether a failure is the finding's symptom (in this run, where that matters). */
  matches(f: Failure, obs: Observation): boolean;
}

const isInvariant = (f: Failure, ...names: string[]) =>
  f.property === 'invariant' && names.includes(f.invariant ?? '');

/** Whether the run lost a message (any reason) or had a node crash. */
function lostSomething(_s: Scenario, obs: Observation): boolean {
  return (obs.out?.events ?? []).some(
    (e) => e.type === 'drop' || (e.type === 'local' && e.kind === 'crash'),
  );
}

/**
 * The time (ms), participant and space a `no-duplicate-participant` failure during the run names.
 */
function duplicateAt(f: Failure): { atMs: number; participant: string; space: string } | undefined {
  if (!isInvariant(f, 'no-duplicate-participant')) return undefined;
  const m = /^at ([0-9.]+) ms: (\S+) in (\S+) has \d+ participant instances$/.exec(f.detail);
  return m === null ? undefined : { atMs: Number(m[1]), participant: m[2]!, space: m[3]! };
}

/**
 * The outcomes of a move that may have created its new instance (step 5) that its browser then
 * never joined: step 6 or 7 lost (`rejected (moveNotDelivered)`), step 5's answer lost or late
 * so the API bridge or the CMM gave up (`rejected (timeout)`; the chosen bridge may go ahead),
 * or the browser abandoned it for a later move (`dropped (superseded)`).
 */
const LEFT_PENDING = new Set([
  'rejected:moveNotDelivered',
  'rejected:timeout',
  'dropped:superseded',
]);
const leftPending = (o: Outcome) => LEFT_PENDING.has(`${o.result}:${o.reason ?? ''}`);

/** When the run's trace shows move `move` creating its new instance (step 5), in ms. */
function createdAtMs(obs: Observation, move: string): number | undefined {
  const e = (obs.out?.events ?? []).find(
    (x) => x.type === 'send' && x.kind === 'participant.created' && x.move === move,
  );
  return e === undefined ? undefined : usToMs(e.t);
}

/**
 * Whether a duplicate is F17's: an earlier move of the same participant into the same space
 * created an instance its browser never joined (see `LEFT_PENDING`), and the duplicate is seen
 * within the pending-participant timeout of that creation (after which recovery removes it).
 */
function undeliveredMoveLeftPending(f: Failure, obs: Observation): boolean {
  const d = duplicateAt(f);
  if (d === undefined) return false;
  const pendingMs = obs.scenario.cluster.recovery.pendingParticipantTimeout;
  return (obs.out?.outcomes ?? []).some((o) => {
    if (o.participant !== d.participant || o.to !== d.space || !leftPending(o)) return false;
    const created = createdAtMs(obs, o.move);
    return created !== undefined && created <= d.atMs && d.atMs <= created + pendingMs;
  });
}

/**
 * Whether a duplicate is F9's stale leg seen from the other side: when it is seen, a `media.stop`
 * of the participant and a `session.end` had both been sent and neither had arrived (lost, or
 * late), so its old leg still counts as connected where a later move comes back.
 */
function staleLegDuplicates(f: Failure, obs: Observation): boolean {
  const d = duplicateAt(f);
  if (d === undefined) return false;
  const events = obs.out?.events ?? [];
  const arrived = new Set(
    events.flatMap((e) => (e.type === 'deliver' && usToMs(e.t) <= d.atMs ? [e.msg] : [])),
  );
  const inFlight = (kind: string, from?: string) =>
    events.some(
      (e) =>
        e.type === 'send' &&
        e.kind === kind &&
        (from === undefined || e.from === from) &&
        usToMs(e.t) <= d.atMs &&
        !arrived.has(e.msg),
    );
  return inFlight('media.stop', d.participant) && inFlight('session.end');
}

/** The findings the model does not fix yet. */
export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  {
    // F8: teardown travels in single fire-and-forget messages (session.end, ws.gone,
    // media.stop, session.closed) and nothing audits the bridges' instances, so one lost
    // message (or a crash at the wrong moment) leaves an instance, its JWT and its guest
    // account alive forever. Only leaks seen at the end of the run are excused.
    id: 'F8',
    title: 'one lost teardown message leaves an instance, its JWT and guest account forever',
    applies: lostSomething,
    matches: (f) =>
      isInvariant(f, 'no-orphans') ||
      (isInvariant(f, 'old-jwt-deleted') && f.detail.includes('at the end')) ||
      (isInvariant(f, 'no-duplicate-participant') && f.detail.includes('at the end of the run')),
  },
  {
    // F9: single-call is judged from the call bridges' view. The browser stops the old media
    // at step 8, but when its media.stop is lost or late and step 9 is late too, the old
    // bridge still counts the instance connected when the new call connects.
    id: 'F9',
    title: `single-call sees a stale old leg when media.stop is lost and step ${STEP.endSession} is late`,
    applies: (s, obs) =>
      lostSomething(s, obs) ||
      s.network.reorder.length > 0 ||
      s.network.delaySpikes.length > 0 ||
      s.faults.some((f) => 'partition' in f),
    matches: (f, obs) => isInvariant(f, 'single-call') || staleLegDuplicates(f, obs),
  },
  {
    // F14: a wrong call id (the tech note's case c) that names the call the participant is
    // leaving makes the new instance join that call while the old one may still be connected
    // in it (until step 10 or media.stop arrives): a consequence of the injected fault.
    id: 'F14',
    title: 'a wrong call id that names the old call duplicates the participant in it',
    applies: (s) => s.faults.some((f) => 'wrongCallId' in f),
    matches: (f) => isInvariant(f, 'no-duplicate-participant', 'single-call'),
  },
  {
    // F17: a move whose step 6 (ws.move) or 7 (move) is lost, whose step 5 answer is lost so
    // it times out, or that the browser abandons for a later move, has created its new
    // instance, which no browser will ever join; it stays pending until the superseding move's
    // step 10 or the pending-participant timeout
    // (20 s by default). A later move of the same participant into the same space within that
    // time creates a second instance there. Excused only for that participant and space, within
    // that time after the undelivered move.
    id: 'F17',
    title:
      'an undelivered move leaves a pending instance that a later move into the same space duplicates',
    applies: (_s, obs) => (obs.out?.outcomes ?? []).some(leftPending),
    matches: undeliveredMoveLeftPending,
  },
];

/** Splits failures into those no known finding excuses and those one does. */
export function excuse(
  obs: Observation,
  failures: readonly Failure[],
  findings: readonly KnownFinding[] = KNOWN_FINDINGS,
): { kept: Failure[]; excused: { finding: string; failure: Failure }[] } {
  const kept: Failure[] = [];
  const excused: { finding: string; failure: Failure }[] = [];
  // Most cases fail nothing: then no finding's conditions (some read the whole trace) are asked.
  if (failures.length === 0) return { kept, excused };
  const active = findings.filter((k) => k.applies(obs.scenario, obs));
  for (const f of failures) {
    const k = active.find((x) => x.matches(f, obs));
    if (k === undefined) kept.push(f);
    else excused.push({ finding: k.id, failure: f });
  }
  return { kept, excused };
}
