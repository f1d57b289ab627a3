/**
 * Step 4, load balancing: the deciding bridge sends a replace query to every candidate bridge,
 * each answers with its priority, load level and whether the conference already runs there,
 * and the placement policy (`placement.ts`) picks the bridge. The API bridge decides for a
 * move; the bridge a guest's login reached decides for a join. Without load balancing a move
 * goes where its space is hosted.
 */
import { msToUs } from '../../engine/index.js';
import { bridgeConfig, candidateBridges, spaceConfig } from '../config.js';
import { logLine } from '../loglines.js';
import { type CmsMessage, KIND, MARK, type ParticipantDetails } from '../messages.js';
import { on } from '../mutants.js';
import { type Candidate, hostedPlacement, PLACEMENT_POLICIES } from '../placement.js';
import { STEP } from '../protocol.js';
import type { ApiMove, CallBridgeState, Placing, ReplaceAnswer } from '../state.js';
import { createOn, failApiMove } from './api-bridge.js';
import { forwardJoin, refuseJoin } from './join-answers.js';
import { type PlacingFor, placingFor, placingKey } from './placing-key.js';
import {
  type CallBridgeContext,
  type CallBridgeEnv,
  type CallBridgeTimer,
  isFull,
  loadBasisPoints,
} from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/**
 * A join waiting for placement: what to forward to the chosen bridge, and the web bridge to answer.
 */
export interface JoinToPlace {
  details: ParticipantDetails;
  replyTo: string;
}

/** Step 4 of a move, once the new guest's credentials are stored. */
export function startPlacement(env: Env, s: S, ctx: Ctx, am: ApiMove): void {
  const space = spaceConfig(env.config, am.targetSpace);
  if (!env.config.loadBalancing.enabled) {
    const bridge = hostedPlacement(space.hostedOn, ctx.self);
    ctx.mark(
      MARK.placement,
      { bridge, policy: 'hosted' },
      { step: STEP.loadBalancing, move: am.move },
    );
    return createOn(s, ctx, am, bridge);
  }
  const d = am.details!;
  askPeers(
    env,
    s,
    ctx,
    { kind: 'move', move: am.move },
    am.targetSpace,
    env.config.loadPoints[d.mediaProfile],
    d.webBridge,
    undefined,
  );
}

/** Sends a replace query to every candidate bridge and waits for their answers. */
export function askPeers(
  env: Env,
  s: S,
  ctx: Ctx,
  what: PlacingFor,
  spaceId: string,
  points: number,
  webBridge: string,
  join: JoinToPlace | undefined,
): void {
  const config = env.config;
  const space = spaceConfig(config, spaceId);
  // Only bridges with a C2W link to the participant's web bridge can host it.
  const linked = config.webBridges.find((w) => w.id === webBridge)?.callBridges;
  const candidates = candidateBridges(config, ctx.self).filter(
    (c) => linked === undefined || linked.includes(c),
  );
  const key = placingKey(what);
  const timer: CallBridgeTimer = { t: 'placement-timeout', key };
  const p: Placing = {
    key,
    spaceId,
    points,
    answers: [],
    expected: candidates.length,
    timer: ctx.setTimer(msToUs(config.timings.peerTimeoutMs), timer),
    join,
  };
  s.placings.set(key, p);
  // No bridge of the group can reach the participant's web bridge: nothing to ask, decide now.
  if (candidates.length === 0) return decide(env, s, ctx, p);
  const n = what.kind === 'move' ? { step: STEP.loadBalancing, move: what.move } : {};
  for (const c of candidates) {
    ctx.send(c, KIND.replaceQuery, { key, conference: space.correlatorId, spaceId }, n);
  }
}

/**
 * A candidate answers a replace query with its priority, load and whether the conference runs here.
 */
export function onReplaceQuery(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.replaceQuery>,
): void {
  const me = bridgeConfig(env.config, ctx.self);
  const answer: ReplaceAnswer = {
    bridge: ctx.self,
    server: s.name,
    priority: me.priority,
    load: s.load,
    loadLimit: me.loadLimit,
    running: (s.conferences.get(m.data.spaceId) ?? 0) > 0,
    full: isFull(env, s, ctx.self),
  };
  // The answer carries the query's own step and move annotations.
  ctx.send(m.from, KIND.replaceResponse, { key: m.data.key, answer }, m);
}

/** The deciding bridge collects an answer; with all in hand, it decides. */
export function onReplaceResponse(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.replaceResponse>,
): void {
  const d = m.data;
  const p = s.placings.get(d.key);
  if (p === undefined || p.answers.some((a) => a.bridge === d.answer.bridge)) return;
  const a = d.answer;
  const space = spaceConfig(env.config, p.spaceId);
  ctx.log(
    logLine.replaceResponse(
      space.correlatorId,
      a.server,
      a.priority,
      loadBasisPoints(a.load, a.loadLimit),
      a.running,
    ),
  );
  p.answers.push(a);
  if (p.answers.length >= p.expected) decide(env, s, ctx, p);
}

/** The answers as the placement policy reads them. */
function candidatesOf(p: Placing): Candidate[] {
  return p.answers.map((a) => ({
    bridge: a.bridge,
    priority: a.priority,
    load: a.load,
    loadLimit: a.loadLimit,
    loadBasisPoints: loadBasisPoints(a.load, a.loadLimit),
    running: a.running,
    full: a.full,
  }));
}

/** Chooses a bridge from the answers in hand and acts on it, for a move or a join. */
export function decide(env: Env, s: S, ctx: Ctx, p: Placing): void {
  ctx.cancelTimer(p.timer);
  s.placings.delete(p.key);
  const space = spaceConfig(env.config, p.spaceId);
  const lb = env.config.loadBalancing;
  const swap = on(env.broken, 'swapLoadThresholds');
  const limits = {
    new: lb.newConferenceLoadLimitBasisPoints,
    existing: lb.existingConferenceLoadLimitBasisPoints,
  };
  const candidates = candidatesOf(p);
  const tieBreakDraws =
    lb.tieBreak === 'seeded' ? candidates.map(() => ctx.random('tie-break').next()) : [];
  const placement = PLACEMENT_POLICIES[lb.policy]({
    candidates,
    points: p.points,
    local: ctx.self,
    preferred: space.hostedOn,
    newConferenceLoadLimitBasisPoints: swap ? limits.existing : limits.new,
    existingConferenceLoadLimitBasisPoints: swap ? limits.new : limits.existing,
    thresholdRule: lb.thresholdRule,
    roundRobin: s.roundRobin,
    tieBreakDraws,
  });
  const what = placingFor(p.key);
  const n = what.kind === 'move' ? { step: STEP.loadBalancing, move: what.move } : {};
  if ('reject' in placement) {
    ctx.log(logLine.replaceNone(space.correlatorId));
    ctx.mark(MARK.placement, { rejected: placement.reject, policy: lb.policy, candidates }, n);
    return placed(env, s, ctx, p, what, { reject: placement.reject });
  }
  const chosen = candidates.find((c) => c.bridge === placement.bridge)!;
  const server = p.answers.find((a) => a.bridge === chosen.bridge)!.server;
  ctx.log(
    logLine.replaceChoice(
      space.correlatorId,
      chosen.bridge === ctx.self,
      server,
      chosen.priority,
      chosen.loadBasisPoints,
      chosen.running,
    ),
  );
  s.roundRobin++;
  s.lastPlacement = {
    key: p.key,
    bridge: chosen.bridge,
    loadBasisPoints: chosen.loadBasisPoints,
    addedBasisPoints:
      lb.thresholdRule === 'with-participant'
        ? Math.ceil((p.points * 10_000) / chosen.loadLimit)
        : 0,
    limitBasisPoints: placement.limitBasisPoints,
    policy: lb.policy,
  };
  ctx.mark(MARK.placement, { bridge: chosen.bridge, policy: lb.policy, candidates }, n);
  placed(env, s, ctx, p, what, { bridge: chosen.bridge });
}

/**
 * Acts on a decision: step 5 or the API error for a move; the placed login or its refusal for a
 * join.
 */
function placed(
  env: Env,
  s: S,
  ctx: Ctx,
  p: Placing,
  what: PlacingFor,
  decision: { bridge: string } | { reject: 'participantLimitReached' },
): void {
  if (what.kind === 'move') {
    const am = s.apiMoves.get(what.move);
    if (am === undefined) return;
    if ('reject' in decision) failApiMove(env, s, ctx, am, 400, decision.reject);
    else createOn(s, ctx, am, decision.bridge);
  } else if (p.join !== undefined) {
    const j = p.join;
    if ('reject' in decision) refuseJoin(ctx, j.replyTo, j.details, decision.reject);
    else forwardJoin(ctx, decision.bridge, j, p.spaceId);
  }
}
