/**
 * Placement at step 4: which call bridge gets the new participant instance.
 *
 * Pure functions of the replace-query answers. The `cms` policy follows Cisco's published load
 * balancing (TN 214339, the API reference): prefer a bridge where the conference already runs
 * and that is not above the existing-conference threshold; else start the conference on a
 * bridge not above the new-conference threshold. "Above" compares the load level the bridge
 * reported at query time with the threshold, without the newcomer's own load (the API
 * reference's limit "above which" calls are refused); the stricter `with-participant` rule,
 * a named option, adds the newcomer's load first. Candidates are ordered by
 * priority (higher first), then load level (lower first); if none qualifies, reject with
 * `participantLimitReached`. The exact tie-break of CMS is unpublished; ours (an assumption)
 * is: the space's preferred bridge (`hostedOn`) first, then the deciding bridge itself, then
 * by bridge id, or by a seeded draw when `tieBreak` is `seeded`. The other policies exist to
 * compare against CMS in what-if runs; they may break the thresholds on purpose.
 */
import type { PlacementPolicyName } from './config.js';

/** One bridge's answer to the replace query. */
export interface Candidate {
  bridge: string;
  priority: number;
  /** Load points in use, and the bridge's `loadLimit`. */
  load: number;
  loadLimit: number;
  /** Load level in basis points of `loadLimit` (rounded down), as CMS logs it. */
  loadBasisPoints: number;
  /** The conference already runs on this bridge. */
  running: boolean;
  /** The bridge is at its participant limit (or out of resources). */
  full: boolean;
}

/**
 * How a bridge's load is compared with a threshold: `reported-load` (the default, as CMS
 * documents it) or `with-participant` (stricter: the newcomer's load added).
 */
export const THRESHOLD_RULES = ['reported-load', 'with-participant'] as const;

/** A threshold rule. */
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];

export interface PlacementInput {
  candidates: Candidate[];
  /** Load points the new participant adds. */
  points: number;
  /** The bridge deciding (the one that got the API request). */
  local: string;
  /** The space's preferred bridge, if configured. */
  preferred: string | undefined;
  newConferenceLoadLimitBasisPoints: number;
  existingConferenceLoadLimitBasisPoints: number;
  /** How a bridge's load is compared with a threshold. */
  thresholdRule: ThresholdRule;
  /** Round-robin position of the deciding bridge. */
  roundRobin: number;
  /** A draw in [0, 1) for each candidate, for the seeded tie-break; empty for the id order. */
  tieBreakDraws: number[];
}

export type Placement =
  { bridge: string; limitBasisPoints: number } | { reject: 'participantLimitReached' };

export type PlacementPolicy = (input: PlacementInput) => Placement;

/** Orders candidates: priority, then load level, then the documented tie-break. */
export function compareCandidates(input: PlacementInput): (a: Candidate, b: Candidate) => number {
  const draw = new Map(input.candidates.map((c, i) => [c.bridge, input.tieBreakDraws[i] ?? 0]));
  const rank = (c: Candidate) =>
    c.bridge === input.preferred ? 0 : c.bridge === input.local ? 1 : 2;
  return (a, b) =>
    b.priority - a.priority ||
    a.loadBasisPoints - b.loadBasisPoints ||
    rank(a) - rank(b) ||
    (draw.get(a.bridge) ?? 0) - (draw.get(b.bridge) ?? 0) ||
    (a.bridge < b.bridge ? -1 : a.bridge > b.bridge ? 1 : 0);
}

function best(input: PlacementInput, list: Candidate[]): Candidate | undefined {
  return [...list].sort(compareCandidates(input))[0];
}

/**
 * True when `c` may take the participant under `limitBasisPoints`: its reported load level is
 * not above the threshold (`reported-load`), or its load with the participant added stays
 * within it (`with-participant`).
 */
export function fits(
  c: Candidate,
  points: number,
  limitBasisPoints: number,
  rule: ThresholdRule,
): boolean {
  if (rule === 'reported-load') return c.loadBasisPoints <= limitBasisPoints;
  return (c.load + points) * 10_000 <= limitBasisPoints * c.loadLimit;
}

/** CMS's load balancing, as Cisco's load-balancing tech note (TN 214339) describes it. */
export const cmsPolicy: PlacementPolicy = (input) => {
  const open = input.candidates.filter((c) => !c.full);
  const existingLimit = input.existingConferenceLoadLimitBasisPoints;
  const existing = best(
    input,
    open.filter((c) => c.running && fits(c, input.points, existingLimit, input.thresholdRule)),
  );
  if (existing !== undefined) return { bridge: existing.bridge, limitBasisPoints: existingLimit };
  const newLimit = input.newConferenceLoadLimitBasisPoints;
  const fresh = best(
    input,
    open.filter((c) => !c.running && fits(c, input.points, newLimit, input.thresholdRule)),
  );
  if (fresh !== undefined) return { bridge: fresh.bridge, limitBasisPoints: newLimit };
  return { reject: 'participantLimitReached' };
};

/** The least-loaded bridge that is not full, thresholds ignored. */
export const leastLoadedPolicy: PlacementPolicy = (input) => {
  const open = input.candidates.filter((c) => !c.full);
  const byLoad = [...open].sort(
    (a, b) => a.loadBasisPoints - b.loadBasisPoints || compareCandidates(input)(a, b),
  );
  const c = byLoad[0];
  return c === undefined
    ? { reject: 'participantLimitReached' }
    : { bridge: c.bridge, limitBasisPoints: 10_000 };
};

/** The next bridge in id order after the last one this bridge chose, skipping full ones. */
export const roundRobinPolicy: PlacementPolicy = (input) => {
  const ids = input.candidates.map((c) => c.bridge).sort();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[(input.roundRobin + i) % ids.length]!;
    const c = input.candidates.find((x) => x.bridge === id)!;
    if (!c.full) return { bridge: id, limitBasisPoints: 10_000 };
  }
  return { reject: 'participantLimitReached' };
};

/** The deciding bridge itself while it is under the existing-conference limit; else `cms`. */
export const localFirstPolicy: PlacementPolicy = (input) => {
  const self = input.candidates.find((c) => c.bridge === input.local);
  const limit = input.existingConferenceLoadLimitBasisPoints;
  if (self !== undefined && !self.full && fits(self, input.points, limit, input.thresholdRule)) {
    return { bridge: self.bridge, limitBasisPoints: limit };
  }
  return cmsPolicy(input);
};

/** The policies by the names scenario files use. */
export const PLACEMENT_POLICIES: Readonly<Record<PlacementPolicyName, PlacementPolicy>> = {
  cms: cmsPolicy,
  'least-loaded': leastLoadedPolicy,
  'round-robin': roundRobinPolicy,
  'local-first': localFirstPolicy,
};

/**
 * Placement without load balancing: the space's configured bridge, else the deciding bridge.
 * Never rejects; overload is recorded instead.
 */
export function hostedPlacement(preferred: string | undefined, local: string): string {
  return preferred ?? local;
}
