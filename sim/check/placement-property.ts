/**
 * `placement-within-threshold`: every placement the `cms` policy makes for a move is judged
 * again against the thresholds the scenario configures, not the ones the deciding bridge says it
 * used. A participant goes to a bridge where its conference runs only if it fits under the
 * existing-conference threshold, else to a new one under the new-conference threshold (by the
 * scenario's threshold rule: the reported load level, or the load with the newcomer); a move
 * is refused for lack of room only when no open bridge fits. Read from the placement marks of
 * the trace (their candidates carry each bridge's load and limit).
 */
import type { Candidate, ThresholdRule } from '../cms/placement.js';
import { STEP } from '../cms/protocol.js';
import type { LocalEvent } from '../engine/index.js';
import type { Failure } from './properties.js';
import type { Observation } from './run-case.js';

/** What a placement mark carries. */
interface PlacementMark {
  bridge?: string;
  rejected?: string;
  policy: string;
  candidates: Candidate[];
}

/**
 * Whether `c` may take `points` more under `limitBp` by the scenario's threshold rule: its load
 * level, in whole basis points, is not above the threshold (`reported-load`), or its load with
 * the points added stays within it (`with-participant`).
 */
const fits = (c: Candidate, points: number, limitBp: number, rule: ThresholdRule): boolean =>
  rule === 'reported-load'
    ? Math.floor((c.load * 10_000) / c.loadLimit) <= limitBp
    : (c.load + points) * 10_000 <= limitBp * c.loadLimit;

/** The failures of `placement-within-threshold` in one run. */
export function placementWithinThreshold(obs: Observation): Failure[] {
  const out = obs.out;
  if (out === undefined || out.events === undefined) return [];
  const failures: Failure[] = [];
  // The loop body captures nothing (a closure over `e` here would cost a context per event).
  for (const e of out.events) {
    if (e.type !== 'local' || e.kind !== 'placement' || e.step !== STEP.loadBalancing) continue;
    const f = placementFailure(obs, e);
    if (f !== undefined) failures.push(f);
  }
  return failures;
}

/** The failure of one placement mark, if the scenario's thresholds forbid what it did. */
function placementFailure(obs: Observation, e: LocalEvent): Failure | undefined {
  const lb = obs.scenario.cluster.loadBalancing;
  const rule = lb.thresholdRule;
  const mark = e.data as PlacementMark;
  const move = obs.scenario.moves.find((m) => m.id === e.move);
  const who = obs.scenario.participants.find((p) => p.id === move?.participant);
  if (mark.policy !== 'cms' || who === undefined) return undefined;
  const points = obs.out!.built.config.loadPoints[who.mediaProfile];
  const limit = (c: Candidate) =>
    c.running ? lb.existingConferenceLoadLimitBasisPoints : lb.newConferenceLoadLimitBasisPoints;
  const open = mark.candidates.filter((c) => !c.full);
  const existingFits = open.some(
    (c) => c.running && fits(c, points, lb.existingConferenceLoadLimitBasisPoints, rule),
  );
  const chosen = open.find((c) => c.bridge === mark.bridge);
  let wrong: string | undefined;
  if (mark.bridge !== undefined && chosen === undefined)
    wrong = `chose ${mark.bridge}, which was not an open candidate`;
  else if (chosen !== undefined && !fits(chosen, points, limit(chosen), rule))
    wrong = `chose ${chosen.bridge} at load ${chosen.load}/${chosen.loadLimit}, past its ${limit(chosen)} bp threshold`;
  else if (chosen !== undefined && !chosen.running && existingFits)
    wrong = `chose ${chosen.bridge} for a new conference while one where it runs had room`;
  else if (mark.rejected !== undefined && open.some((c) => fits(c, points, limit(c), rule)))
    wrong = `refused the move while an open bridge had room under its threshold`;
  if (wrong === undefined) return undefined;
  return {
    property: 'placement-within-threshold',
    ...(e.move !== undefined ? { move: e.move } : {}),
    detail: `placing move ${e.move ?? '?'} at ${(e.t / 1000).toFixed(3)} ms, ${e.node} ${wrong}`,
  };
}
