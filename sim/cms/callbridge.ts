/**
 * The call bridge: hosts conferences and participant instances, issues and checks JWTs, owns
 * guest accounts, answers the REST API and runs moves.
 *
 * One handler, three roles in a move: the API bridge (got the POST: steps 1, 3-5, the
 * replace query and the 200), the home bridge (where the participant is: steps 2, 9-10) and
 * the chosen bridge (creates the new instance: steps 5, 6, 11). In the tech note's same-bridge
 * sample one bridge plays all three. The handler changes only its own state; everything it
 * knows of other bridges comes in messages. Placement rules live in `placement.ts`.
 */
import type { Annotations, Context, Handler, Input, Message } from '../engine/index.js';
import { msToUs } from '../engine/index.js';
import { bridgeConfig, candidateBridges, spaceConfig, type ClusterConfig } from './config.js';
import { newGuestId, newGuid } from './ids.js';
import { logLine } from './loglines.js';
import { KIND, MARK, type Jwt, type ParticipantDetails } from './messages.js';
import { hostedPlacement, PLACEMENT_POLICIES, type Candidate } from './placement.js';
import type { ApiMove, CallBridgeState, Instance, Placing, ReplaceAnswer } from './state.js';

/** The initial state of a call bridge called `name` in logs. */
export function initialCallBridgeState(name: string): CallBridgeState {
  return {
    name,
    apiTraceCounter: 0,
    callCounter: 0,
    instances: new Map(),
    jwts: new Map(),
    guestAccounts: new Map(),
    destroyedGuestAccounts: [],
    deletedJwts: new Map(),
    conferences: new Map(),
    load: 0,
    peakLoad: 0,
    apiMoves: new Map(),
    recentApiMoves: [],
    placings: new Map(),
    recentLogins: [],
    createdByMove: new Map(),
    pendingLogins: new Map(),
    outOfResources: false,
    jwtFaults: new Map(),
    roundRobin: 0,
    lastPlacement: undefined,
  };
}

/**
 * What survives a call bridge restart: the log counters and the records of destroyed guest
 * accounts and deleted JWTs (they live in the cluster database). Calls, instances, JWTs and
 * moves in progress are lost.
 */
export function restartCallBridge(s: CallBridgeState, initial: CallBridgeState): CallBridgeState {
  return {
    ...initial,
    apiTraceCounter: s.apiTraceCounter,
    callCounter: s.callCounter,
    destroyedGuestAccounts: s.destroyedGuestAccounts,
    deletedJwts: s.deletedJwts,
  };
}

/** Scenario actions a call bridge accepts (domain faults). */
export type CallBridgeAction =
  | { type: 'expire-jwt'; browser: string }
  | { type: 'revoke-jwt'; browser: string }
  | { type: 'out-of-resources'; on: boolean }
  | { type: 'end-call'; space: string };

type Timer =
  | { t: 'credentials-stored'; move: string }
  | { t: 'session-open'; participant: string; move: string | undefined }
  | { t: 'peer-timeout'; move: string }
  | { t: 'placement-timeout'; key: string }
  | { t: 'pending-timeout'; participant: string }
  | { t: 'media-stopped'; participant: string }
  | { t: 'move-in-progress'; participant: string; move: string };

/** Teardown reasons where the bridge, not the browser's session end, removes a participant. */
const BRIDGE_INITIATED = new Set(['neverJoined', 'mediaStopped', 'callEnded']);

/** How many recent API move ids a bridge remembers to ignore repeated requests. */
const RECENT_API_MOVES = 256;

/** Load level in basis points of the bridge's `loadLimit`. */
export function loadBasisPoints(load: number, loadLimit: number): number {
  return Math.floor((load * 10_000) / loadLimit);
}

/** Test-only switches that break the model on purpose, to show the checkers catch it. */
export interface BrokenModel {
  /** Skip step 10: the old instance, JWT and guest account are never destroyed. */
  skipTeardown?: boolean;
}

export function callBridgeHandler(config: ClusterConfig, broken: BrokenModel = {}): Handler<CallBridgeState> {
  const cmm = config.cmm;

  /** The step and move annotations of `m`, carried on to the answer (a message is its own annotations). */
  function notes(m: Message): Annotations {
    return m;
  }

  function isFull(s: CallBridgeState, self: string): boolean {
    const limit = bridgeConfig(config, self).participantLimit;
    return s.outOfResources || (limit !== undefined && s.instances.size >= limit);
  }

  function createInstance(
    s: CallBridgeState,
    ctx: Context,
    details: ParticipantDetails,
    spaceId: string,
    user: string,
    createdByMove: string | undefined,
  ): Instance {
    // Field by field, not a spread: every instance gets the same shape (and key order), which
    // keeps property reads on instances fast (docs/performance.md).
    const inst: Instance = {
      browser: details.browser,
      name: details.name,
      type: details.type,
      webBridge: details.webBridge,
      mediaProfile: details.mediaProfile,
      canMove: details.canMove,
      id: newGuid(ctx),
      user,
      spaceId,
      status: 'pending',
      callNumber: undefined,
      jwtId: undefined,
      jwtExpiresAtUs: 0,
      loadPoints: config.loadPoints[details.mediaProfile],
      createdAtUs: ctx.now,
      movingIn: undefined,
      createdByMove,
      serverMuted: false,
    };
    s.instances.set(inst.id, inst);
    if (createdByMove !== undefined && !s.createdByMove.has(createdByMove)) s.createdByMove.set(createdByMove, inst.id);
    if (createdByMove === undefined && !s.pendingLogins.has(details.browser)) s.pendingLogins.set(details.browser, inst.id);
    s.conferences.set(spaceId, (s.conferences.get(spaceId) ?? 0) + 1);
    s.load += inst.loadPoints;
    if (s.load > s.peakLoad) s.peakLoad = s.load;
    if (details.type === 'guest') {
      s.guestAccounts.set(user, { id: user, name: details.name, participant: inst.id });
    }
    if (config.recovery.sessionCleanup) {
      ctx.setTimer(msToUs(config.recovery.pendingParticipantTimeoutMs), {
        t: 'pending-timeout',
        participant: inst.id,
      } satisfies Timer);
    }
    return inst;
  }

  function issueJwt(s: CallBridgeState, ctx: Context, inst: Instance, move: string | undefined): Jwt {
    const space = spaceConfig(config, inst.spaceId);
    const jwt: Jwt = {
      id: newGuid(ctx),
      user: inst.user,
      callBridge: ctx.self,
      participant: inst.id,
      callId: space.callId,
      expiresAtUs: ctx.now + msToUs(config.timings.jwtExpiryMs),
    };
    const fault = s.jwtFaults.get(inst.browser);
    if (fault === 'expire') jwt.expiresAtUs = ctx.now;
    if (fault !== 'revoke') s.jwts.set(jwt.id, jwt);
    inst.jwtId = jwt.id;
    inst.jwtExpiresAtUs = jwt.expiresAtUs;
    ctx.mark(MARK.jwtIssued, { jwt: jwt.id, user: inst.user, participant: inst.id }, move === undefined ? {} : { move });
    ctx.log(logLine.newSession(inst.user));
    return jwt;
  }

  /** Destroys an instance with its JWT and guest account (step 10 in a move). */
  function destroyInstance(s: CallBridgeState, ctx: Context, inst: Instance, move: string | undefined, why: string): void {
    const space = spaceConfig(config, inst.spaceId);
    const n = move === undefined ? {} : { move };
    ctx.log(logLine.deactivating(inst.user));
    if (inst.callNumber !== undefined) ctx.log(logLine.tearingDown(inst.callNumber, inst.user));
    if (inst.status !== 'pending') ctx.log(logLine.leftSpace(inst.user, space.spaceGuid, space.name));
    if (inst.callNumber !== undefined) ctx.log(logLine.destroyingLeg(inst.callNumber, inst.id));
    s.instances.delete(inst.id);
    if (inst.createdByMove !== undefined && s.createdByMove.get(inst.createdByMove) === inst.id) s.createdByMove.delete(inst.createdByMove);
    if (s.pendingLogins.get(inst.browser) === inst.id) s.pendingLogins.delete(inst.browser);
    const left = (s.conferences.get(inst.spaceId) ?? 1) - 1;
    if (left > 0) s.conferences.set(inst.spaceId, left);
    else s.conferences.delete(inst.spaceId);
    s.load -= inst.loadPoints;
    if (inst.jwtId !== undefined && s.jwts.delete(inst.jwtId)) {
      s.deletedJwts.set(inst.jwtId, ctx.now);
      ctx.mark(MARK.jwtDeleted, { jwt: inst.jwtId, user: inst.user }, n);
    }
    if (s.guestAccounts.delete(inst.user)) {
      ctx.log(logLine.removingGuest(inst.user, inst.name));
      ctx.log(logLine.destroyingGuest(inst.user));
      s.destroyedGuestAccounts.push(inst.user);
      ctx.mark(MARK.guestAccountDestroyed, { guest: inst.user }, n);
    }
    // Torn down by the bridge itself, not by the end of the browser's session: close the websocket.
    if (BRIDGE_INITIATED.has(why) && inst.jwtId !== undefined) {
      ctx.send(inst.webBridge, KIND.sessionClosed, { browser: inst.browser, jwtId: inst.jwtId, reason: why }, n);
    }
    ctx.send(cmm.id, KIND.cmsEvent, {
      event: 'participantLeft',
      browser: inst.browser,
      participant: inst.id,
      spaceId: inst.spaceId,
      reason: why,
    });
  }

  /** Answers the CMM with an API error and forgets the move. */
  function failApiMove(s: CallBridgeState, ctx: Context, am: ApiMove, status: number, reason: string): void {
    ctx.log(logLine.apiFailure(am.apiTrace, status, reason));
    ctx.send(cmm.id, KIND.apiResponse, { status, reason }, { move: am.move });
    ctx.mark(MARK.moveFailed, { reason }, { move: am.move });
    // The new guest account is destroyed only if no bridge was asked to use it (step 5); after
    // that, the chosen bridge owns it and cleans it up with its instance.
    if (am.newGuest !== undefined && am.chosen === undefined) {
      ctx.log(logLine.destroyingGuest(am.newGuest));
      s.destroyedGuestAccounts.push(am.newGuest);
      ctx.mark(MARK.guestAccountDestroyed, { guest: am.newGuest }, { move: am.move });
    }
    // The home bridge marked the participant as moving at step 2: release it. Harmless if the
    // move went ahead after all (step 10 removes the instance anyway).
    if (am.targetSpace !== '') {
      ctx.send(am.home, KIND.moveAbort, { participant: am.participant }, { move: am.move });
    }
    ctx.cancelTimer(am.timer);
    s.apiMoves.delete(am.move);
  }

  // ---- Step 1: the API request arrives at this bridge.
  function onApiMove(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { callId: string; movedParticipant: string; homedOn: string };
    const move = m.move ?? `api-${s.apiTraceCounter + 1}`;
    // A repeated request (a retry, or a duplicated message) for a move already handled is ignored.
    if (s.apiMoves.has(move) || s.recentApiMoves.includes(move)) return;
    s.recentApiMoves.push(move);
    if (s.recentApiMoves.length > RECENT_API_MOVES) s.recentApiMoves.shift();
    const trace = ++s.apiTraceCounter;
    ctx.log(logLine.apiPost(trace, d.callId, cmm.address));
    ctx.log(logLine.apiBody(trace, d.movedParticipant));
    const am: ApiMove = {
      move,
      apiTrace: trace,
      callId: d.callId,
      targetSpace: '',
      participant: d.movedParticipant,
      home: d.homedOn,
      details: undefined,
      oldUser: undefined,
      newGuest: undefined,
      chosen: undefined,
      timer: ctx.setTimer(msToUs(config.timings.peerTimeoutMs), { t: 'peer-timeout', move } satisfies Timer),
    };
    s.apiMoves.set(move, am);
    const spaceId = config.spaceByCallId.get(d.callId);
    if (spaceId === undefined) return failApiMove(s, ctx, am, 404, 'callDoesNotExist');
    am.targetSpace = spaceId;
    if (spaceConfig(config, spaceId).dualHomed) return failApiMove(s, ctx, am, 400, 'dualHomedTarget');
    ctx.send(d.homedOn, KIND.moveRequest, { participant: d.movedParticipant, callId: d.callId }, { step: 2, move });
  }

  // ---- Step 2: the home bridge checks the participant can move and answers (step 3).
  function onMoveRequest(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { participant: string; callId: string };
    const inst = s.instances.get(d.participant);
    const n = { step: 3, ...(m.move !== undefined ? { move: m.move } : {}) };
    let reason: string | undefined;
    if (inst === undefined) reason = 'participantNotFound';
    else if (inst.type === 'sfb' || inst.type === 'wb2') reason = 'unmovableType';
    else if (!inst.canMove) reason = 'canMoveFalse';
    else if (inst.movingIn !== undefined && inst.movingIn !== m.move) reason = 'moveInProgress';
    if (reason !== undefined || inst === undefined) {
      ctx.send(m.from, KIND.moveReply, { ok: false, reason }, n);
      return;
    }
    const repeated = inst.movingIn !== undefined;
    inst.movingIn = m.move ?? 'unknown';
    if (!repeated) ctx.setTimer(msToUs(config.timings.moveInProgressTimeoutMs), {
      t: 'move-in-progress',
      participant: inst.id,
      move: inst.movingIn,
    } satisfies Timer);
    const details: ParticipantDetails = {
      browser: inst.browser,
      name: inst.name,
      type: inst.type,
      webBridge: inst.webBridge,
      mediaProfile: inst.mediaProfile,
      canMove: inst.canMove,
    };
    ctx.send(m.from, KIND.moveReply, { ok: true, participant: inst.id, user: inst.user, details, spaceId: inst.spaceId }, n);
  }

  // ---- Step 3 arrives at the API bridge: start the guest login, then placement.
  function onMoveReply(s: CallBridgeState, ctx: Context, m: Message): void {
    const am = m.move === undefined ? undefined : s.apiMoves.get(m.move);
    if (am === undefined || am.details !== undefined) return;
    const d = m.data as { ok: boolean; reason?: string; user?: string; details?: ParticipantDetails; spaceId?: string };
    if (!d.ok || d.details === undefined) {
      const reason = d.reason ?? 'participantNotFound';
      return failApiMove(s, ctx, am, reason === 'participantNotFound' ? 404 : 400, reason);
    }
    // Moving a participant into the call it is already in is refused (an assumption: CMS
    // publishes no reason for it; `invalidOperation` is its generic one).
    if (d.spaceId === am.targetSpace) return failApiMove(s, ctx, am, 400, 'invalidOperation');
    am.details = d.details;
    am.oldUser = d.user;
    ctx.log(logLine.moveOperation(am.participant, d.user ?? '', am.home === ctx.self, am.home, am.callId));
    let delayUs = 0;
    if (d.details.type === 'guest') {
      am.newGuest = newGuestId(ctx);
      ctx.log(logLine.guestAccountCreated(am.newGuest));
      ctx.mark(MARK.guestAccountCreated, { guest: am.newGuest }, { move: am.move });
      delayUs = msToUs(ctx.random('credentials').sampleMs(config.timings.credentialStorage));
    }
    ctx.setTimer(delayUs, { t: 'credentials-stored', move: am.move } satisfies Timer);
  }

  // ---- Step 4: placement, by replace query when load balancing is on. Joins use it too.
  function startPlacement(s: CallBridgeState, ctx: Context, am: ApiMove): void {
    const space = spaceConfig(config, am.targetSpace);
    if (!config.loadBalancing.enabled) {
      const bridge = hostedPlacement(space.hostedOn, ctx.self);
      ctx.mark(MARK.placement, { bridge, policy: 'hosted' }, { step: 4, move: am.move });
      return createOn(s, ctx, am, bridge);
    }
    const d = am.details!;
    askPeers(s, ctx, `move:${am.move}`, am.targetSpace, config.loadPoints[d.mediaProfile], d.webBridge, undefined, { step: 4, move: am.move });
  }

  /** Sends a replace query to every candidate bridge and waits for their answers. */
  function askPeers(
    s: CallBridgeState,
    ctx: Context,
    key: string,
    spaceId: string,
    points: number,
    webBridge: string,
    join: Placing['join'],
    n: { step?: number; move?: string },
  ): void {
    const space = spaceConfig(config, spaceId);
    // Only bridges with a C2W link to the participant's web bridge can host it.
    const linked = config.webBridges.find((w) => w.id === webBridge)?.callBridges;
    const candidates = candidateBridges(config, ctx.self).filter((c) => linked === undefined || linked.includes(c));
    const timer = ctx.setTimer(msToUs(config.timings.peerTimeoutMs), { t: 'placement-timeout', key } satisfies Timer);
    const p: Placing = { key, spaceId, points, answers: [], expected: candidates.length, timer, join };
    s.placings.set(key, p);
    // No bridge of the group can reach the participant's web bridge: nothing to ask, decide now.
    if (candidates.length === 0) return decide(s, ctx, p);
    for (const c of candidates) {
      ctx.send(c, KIND.replaceQuery, { key, conference: space.conferenceId, spaceId }, n);
    }
  }

  function onReplaceQuery(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { key: string; spaceId: string };
    const me = bridgeConfig(config, ctx.self);
    const answer: ReplaceAnswer = {
      bridge: ctx.self,
      server: s.name,
      priority: me.priority,
      load: s.load,
      loadLimit: me.loadLimit,
      running: (s.conferences.get(d.spaceId) ?? 0) > 0,
      full: isFull(s, ctx.self),
    };
    ctx.send(m.from, KIND.replaceResponse, { key: d.key, answer }, notes(m));
  }

  function onReplaceResponse(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { key: string; answer: ReplaceAnswer };
    const p = s.placings.get(d.key);
    if (p === undefined || p.answers.some((a) => a.bridge === d.answer.bridge)) return;
    const a = d.answer;
    const space = spaceConfig(config, p.spaceId);
    ctx.log(logLine.replaceResponse(space.conferenceId, a.server, a.priority, loadBasisPoints(a.load, a.loadLimit), a.running));
    p.answers.push(a);
    if (p.answers.length >= p.expected) decide(s, ctx, p);
  }

  /** Chooses a bridge from the answers in hand and acts on it, for a move or a join. */
  function decide(s: CallBridgeState, ctx: Context, p: Placing): void {
    ctx.cancelTimer(p.timer);
    s.placings.delete(p.key);
    const space = spaceConfig(config, p.spaceId);
    const lb = config.loadBalancing;
    const candidates: Candidate[] = p.answers.map((a) => ({
      bridge: a.bridge,
      priority: a.priority,
      load: a.load,
      loadLimit: a.loadLimit,
      loadBasisPoints: loadBasisPoints(a.load, a.loadLimit),
      running: a.running,
      full: a.full,
    }));
    const tieBreakDraws = lb.tieBreak === 'seeded' ? candidates.map(() => ctx.random('tie-break').next()) : [];
    const placement = PLACEMENT_POLICIES[lb.policy]({
      candidates,
      points: p.points,
      local: ctx.self,
      preferred: space.hostedOn,
      newConferenceLoadLimitBasisPoints: lb.newConferenceLoadLimitBasisPoints,
      existingConferenceLoadLimitBasisPoints: lb.existingConferenceLoadLimitBasisPoints,
      roundRobin: s.roundRobin,
      tieBreakDraws,
    });
    const move = p.key.startsWith('move:') ? p.key.slice(5) : undefined;
    const n = move === undefined ? {} : { step: 4, move };
    if ('reject' in placement) {
      ctx.log(logLine.replaceNone(space.conferenceId));
      ctx.mark(MARK.placement, { rejected: placement.reject, policy: lb.policy, candidates }, n);
      if (move !== undefined) {
        const am = s.apiMoves.get(move);
        if (am !== undefined) failApiMove(s, ctx, am, 400, placement.reject);
      } else if (p.join !== undefined) {
        ctx.send(p.join.replyTo, KIND.guestLoginFail, { browser: p.join.details.browser, reason: placement.reject });
      }
      return;
    }
    const chosen = candidates.find((c) => c.bridge === placement.bridge)!;
    const server = p.answers.find((a) => a.bridge === chosen.bridge)!.server;
    ctx.log(
      logLine.replaceChoice(space.conferenceId, chosen.bridge === ctx.self, server, chosen.priority, chosen.loadBasisPoints, chosen.running),
    );
    s.roundRobin++;
    s.lastPlacement = {
      key: p.key,
      bridge: chosen.bridge,
      loadBasisPoints: chosen.loadBasisPoints,
      addedBasisPoints: Math.ceil((p.points * 10_000) / chosen.loadLimit),
      limitBasisPoints: placement.limitBasisPoints,
      policy: lb.policy,
    };
    ctx.mark(MARK.placement, { bridge: chosen.bridge, policy: lb.policy, candidates }, n);
    if (move !== undefined) {
      const am = s.apiMoves.get(move);
      if (am !== undefined) createOn(s, ctx, am, chosen.bridge);
    } else if (p.join !== undefined) {
      ctx.send(chosen.bridge, KIND.guestLogin, { details: p.join.details, spaceId: p.spaceId, placed: true, replyTo: p.join.replyTo });
    }
  }

  // ---- Step 5: ask the chosen bridge to create the new instance.
  function createOn(s: CallBridgeState, ctx: Context, am: ApiMove, bridge: string): void {
    am.chosen = bridge;
    ctx.send(
      bridge,
      KIND.participantCreate,
      {
        details: am.details,
        spaceId: am.targetSpace,
        user: am.newGuest ?? am.details!.browser,
        oldParticipant: am.participant,
      },
      { step: 5, move: am.move },
    );
  }

  function onParticipantCreate(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { details: ParticipantDetails; spaceId: string; user: string };
    const alreadyId = m.move === undefined ? undefined : s.createdByMove.get(m.move);
    const already = alreadyId === undefined ? undefined : s.instances.get(alreadyId);
    if (already !== undefined) {
      ctx.send(m.from, KIND.participantCreated, { participant: already.id }, notes(m));
      return;
    }
    if (isFull(s, ctx.self)) {
      ctx.send(m.from, KIND.participantCreateFail, { reason: 'participantLimitReached' }, notes(m));
      return;
    }
    const inst = createInstance(s, ctx, d.details, d.spaceId, d.user, m.move);
    const space = spaceConfig(config, d.spaceId);
    ctx.log(logLine.apiCallLeg(inst.id, space.conferenceId, space.callId));
    ctx.send(m.from, KIND.participantCreated, { participant: inst.id }, notes(m));
    ctx.setTimer(msToUs(ctx.random('session').sampleMs(config.timings.sessionSetup)), {
      t: 'session-open',
      participant: inst.id,
      move: m.move,
    } satisfies Timer);
  }

  function onParticipantCreated(s: CallBridgeState, ctx: Context, m: Message): void {
    const am = m.move === undefined ? undefined : s.apiMoves.get(m.move);
    if (am === undefined) return;
    const d = m.data as { participant: string };
    ctx.log(logLine.createdParticipant(cmm.address, cmm.apiUser, d.participant, am.callId));
    ctx.log(logLine.apiResponse(am.apiTrace, 200));
    ctx.log(logLine.apiLocation(am.apiTrace, d.participant));
    ctx.send(cmm.id, KIND.apiResponse, { status: 200, location: `/api/v1/participants/${d.participant}` }, { step: 5, move: am.move });
    ctx.cancelTimer(am.timer);
    s.apiMoves.delete(am.move);
  }

  // ---- Step 6: the new instance's session opens; the web bridge is told to move the browser.
  function onSessionOpen(s: CallBridgeState, ctx: Context, participant: string, move: string | undefined): void {
    const inst = s.instances.get(participant);
    if (inst === undefined) return;
    const jwt = issueJwt(s, ctx, inst, move);
    ctx.log(logLine.instantiating(inst.user));
    const space = spaceConfig(config, inst.spaceId);
    const wrong = move === undefined ? undefined : config.wrongCallIds.get(move);
    const callId = wrong === undefined ? space.callId : spaceConfig(config, wrong).callId;
    ctx.send(
      inst.webBridge,
      KIND.wsMove,
      { browser: inst.browser, jwt, spaceName: space.name, callId },
      { step: 6, ...(move !== undefined ? { move } : {}) },
    );
  }

  // ---- Steps 9 and 10: the old session ends; the old instance, JWT and guest account go.
  function onSessionEnd(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { participant: string; reason: string };
    const inst = s.instances.get(d.participant);
    if (inst === undefined) return;
    const move = m.move ?? inst.movingIn;
    if (d.reason === 'move') ctx.mark(MARK.teardown, { participant: inst.id, user: inst.user }, { step: 10, ...(move !== undefined ? { move } : {}) });
    if (broken.skipTeardown === true) return;
    destroyInstance(s, ctx, inst, move, d.reason);
  }

  // ---- The join flow (and step 11 of a move): guest login, websocket auth, media.
  function onGuestLogin(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { details: ParticipantDetails; spaceId: string; attempt?: number; placed?: boolean; replyTo?: string };
    const replyTo = d.replyTo ?? m.from;
    // A repeated login for a join this bridge has already placed elsewhere is ignored.
    const login = `${d.details.browser}#${d.attempt ?? 0}`;
    if (d.placed !== true && config.loadBalancing.enabled) {
      if (s.recentLogins.includes(login)) return;
      s.recentLogins.push(login);
      if (s.recentLogins.length > RECENT_API_MOVES) s.recentLogins.shift();
    }
    const space = spaceConfig(config, d.spaceId);
    if (d.details.type === 'guest' && !space.guestAccess) {
      ctx.send(replyTo, KIND.guestLoginFail, { browser: d.details.browser, reason: 'noPermission' });
      return;
    }
    if (config.loadBalancing.enabled && d.placed !== true) {
      const key = `join:${d.details.browser}`;
      if (s.placings.has(key)) return;
      askPeers(s, ctx, key, d.spaceId, config.loadPoints[d.details.mediaProfile], d.details.webBridge, { details: d.details, replyTo }, {});
      return;
    }
    // A repeated login (a duplicated message) gets the same answer, not a second participant.
    const pendingId = s.pendingLogins.get(d.details.browser);
    const pending = pendingId === undefined ? undefined : s.instances.get(pendingId);
    const existing = pending !== undefined && pending.spaceId === d.spaceId && pending.status === 'pending' ? pending : undefined;
    if (existing?.jwtId !== undefined) {
      const jwt: Jwt = {
        id: existing.jwtId,
        user: existing.user,
        callBridge: ctx.self,
        participant: existing.id,
        callId: space.callId,
        expiresAtUs: existing.jwtExpiresAtUs,
      };
      ctx.send(replyTo, KIND.guestLoginOk, { browser: d.details.browser, jwt });
      return;
    }
    if (isFull(s, ctx.self)) {
      ctx.send(replyTo, KIND.guestLoginFail, { browser: d.details.browser, reason: 'participantLimitReached' });
      return;
    }
    let user = d.details.browser;
    if (d.details.type === 'guest') {
      user = newGuestId(ctx);
      ctx.log(logLine.guestAccountCreated(user));
      ctx.mark(MARK.guestAccountCreated, { guest: user });
    }
    const inst = createInstance(s, ctx, d.details, d.spaceId, user, undefined);
    const jwt = issueJwt(s, ctx, inst, undefined);
    ctx.send(replyTo, KIND.guestLoginOk, { browser: d.details.browser, jwt });
  }

  function onWsAuth(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { browser: string; jwt: Jwt; callId: string };
    const known = s.jwts.get(d.jwt.id);
    let reason: string | undefined;
    if (known === undefined) reason = 'jwtInvalid';
    else if (ctx.now >= known.expiresAtUs) reason = 'jwtExpired';
    const inst = known === undefined ? undefined : s.instances.get(known.participant);
    if (reason === undefined && inst === undefined) reason = 'jwtInvalid';
    if (reason === undefined && inst !== undefined && inst.type === 'guest') {
      const asked = config.spaceByCallId.get(d.callId) ?? inst.spaceId;
      if (!spaceConfig(config, asked).guestAccess) reason = 'noPermission';
    }
    if (reason !== undefined || inst === undefined) {
      ctx.log(logLine.jwtRejected(d.jwt.user, reason ?? 'jwtInvalid'));
      ctx.send(m.from, KIND.wsAuthFail, { browser: d.browser, reason }, notes(m));
      return;
    }
    // Case (c): the browser asks for the call its move message named; a wrong numeric id
    // puts it in another call on this bridge.
    const asked = config.spaceByCallId.get(d.callId);
    if (asked !== undefined && asked !== inst.spaceId) {
      const was = (s.conferences.get(inst.spaceId) ?? 1) - 1;
      if (was > 0) s.conferences.set(inst.spaceId, was);
      else s.conferences.delete(inst.spaceId);
      inst.spaceId = asked;
      s.conferences.set(asked, (s.conferences.get(asked) ?? 0) + 1);
    }
    ctx.log(logLine.jwtAuthenticated(inst.user, ctx.self, d.jwt.callId, inst.id));
    ctx.send(m.from, KIND.wsAuthOk, { browser: d.browser, participant: inst.id, atUs: ctx.now }, notes(m));
  }

  function onMediaConnect(s: CallBridgeState, ctx: Context, m: Message): void {
    const d = m.data as { participant: string };
    const inst = s.instances.get(d.participant);
    if (inst === undefined || s.outOfResources) {
      ctx.send(m.from, KIND.mediaFail, { reason: inst === undefined ? 'participantGone' : 'outOfResources' }, notes(m));
      return;
    }
    if (inst.status === 'connected') return;
    const space = spaceConfig(config, inst.spaceId);
    inst.status = 'connected';
    if (s.pendingLogins.get(inst.browser) === inst.id) s.pendingLogins.delete(inst.browser);
    inst.callNumber = ++s.callCounter;
    ctx.log(logLine.allocated(inst.callNumber, inst.user, inst.name));
    ctx.log(logLine.configured(inst.callNumber, inst.id));
    ctx.log(logLine.joinedSpace(inst.user, space.spaceGuid, space.name));
    ctx.log(logLine.joinedConference(inst.user, inst.id, space.conferenceId));
    ctx.send(m.from, KIND.mediaConnected, { participant: inst.id, spaceId: space.id, spaceName: space.name }, notes(m));
    ctx.send(cmm.id, KIND.cmsEvent, { event: 'participantJoined', browser: inst.browser, participant: inst.id, spaceId: space.id, bridge: ctx.self });
  }

  function onTimer(s: CallBridgeState, ctx: Context, timer: Timer): void {
    switch (timer.t) {
      case 'credentials-stored': {
        const am = s.apiMoves.get(timer.move);
        if (am !== undefined) startPlacement(s, ctx, am);
        return;
      }
      case 'session-open':
        return onSessionOpen(s, ctx, timer.participant, timer.move);
      case 'peer-timeout': {
        const am = s.apiMoves.get(timer.move);
        if (am === undefined) return;
        const p = s.placings.get(`move:${am.move}`);
        if (p !== undefined && p.answers.length > 0) return decide(s, ctx, p);
        if (p !== undefined) {
          ctx.cancelTimer(p.timer);
          s.placings.delete(p.key);
        }
        return failApiMove(s, ctx, am, 504, 'timeout');
      }
      case 'placement-timeout': {
        // Some peers never answered: decide with the answers in hand, or give up.
        const p = s.placings.get(timer.key);
        if (p === undefined) return;
        if (p.answers.length > 0) return decide(s, ctx, p);
        s.placings.delete(p.key);
        if (p.join !== undefined) {
          ctx.send(p.join.replyTo, KIND.guestLoginFail, { browser: p.join.details.browser, reason: 'timeout' });
        } else {
          const am = s.apiMoves.get(p.key.slice(5));
          if (am !== undefined) failApiMove(s, ctx, am, 504, 'timeout');
        }
        return;
      }
      case 'media-stopped': {
        // The browser stopped its media and no session end followed: tear the instance down.
        const inst = s.instances.get(timer.participant);
        if (inst !== undefined && inst.status === 'inactive') destroyInstance(s, ctx, inst, inst.movingIn, 'mediaStopped');
        return;
      }
      case 'move-in-progress': {
        const inst = s.instances.get(timer.participant);
        if (inst !== undefined && inst.movingIn === timer.move) inst.movingIn = undefined;
        return;
      }
      case 'pending-timeout': {
        const inst = s.instances.get(timer.participant);
        if (inst !== undefined && inst.status === 'pending') destroyInstance(s, ctx, inst, undefined, 'neverJoined');
        return;
      }
    }
  }

  function onAction(s: CallBridgeState, ctx: Context, a: CallBridgeAction): void {
    switch (a.type) {
      case 'out-of-resources':
        s.outOfResources = a.on;
        ctx.mark('fault.out-of-resources', { on: a.on });
        return;
      case 'expire-jwt':
      case 'revoke-jwt':
        s.jwtFaults.set(a.browser, a.type === 'expire-jwt' ? 'expire' : 'revoke');
        for (const jwt of [...s.jwts.values()]) {
          const inst = s.instances.get(jwt.participant);
          if (inst?.browser !== a.browser) continue;
          if (a.type === 'revoke-jwt') s.jwts.delete(jwt.id);
          else s.jwts.set(jwt.id, { ...jwt, expiresAtUs: ctx.now });
          ctx.mark(`fault.${a.type}`, { jwt: jwt.id, browser: a.browser });
        }
        return;
      case 'end-call':
        for (const inst of [...s.instances.values()]) {
          if (inst.spaceId === a.space) destroyInstance(s, ctx, inst, inst.movingIn, 'callEnded');
        }
        return;
    }
  }

  return (s, input: Input, ctx) => {
    const state = s as CallBridgeState;
    switch (input.type) {
      case 'message': {
        const m = input.message;
        switch (m.kind) {
          case KIND.apiMove: return onApiMove(state, ctx, m);
          case KIND.moveRequest: return onMoveRequest(state, ctx, m);
          case KIND.moveReply: return onMoveReply(state, ctx, m);
          case KIND.replaceQuery: return onReplaceQuery(state, ctx, m);
          case KIND.replaceResponse: return onReplaceResponse(state, ctx, m);
          case KIND.participantCreate: return onParticipantCreate(state, ctx, m);
          case KIND.participantCreated: return onParticipantCreated(state, ctx, m);
          case KIND.participantCreateFail: {
            const am = m.move === undefined ? undefined : state.apiMoves.get(m.move);
            if (am !== undefined) failApiMove(state, ctx, am, 503, (m.data as { reason: string }).reason);
            return;
          }
          case KIND.moveAbort: {
            const inst = state.instances.get((m.data as { participant: string }).participant);
            if (inst !== undefined && inst.movingIn === m.move) inst.movingIn = undefined;
            return;
          }
          case KIND.sessionEnd: return onSessionEnd(state, ctx, m);
          case KIND.guestLogin: return onGuestLogin(state, ctx, m);
          case KIND.wsAuth: return onWsAuth(state, ctx, m);
          case KIND.mediaConnect: return onMediaConnect(state, ctx, m);
          case KIND.c2wReset: {
            // A web bridge restarted: the websockets of its participants are gone.
            for (const inst of [...state.instances.values()]) {
              if (inst.webBridge !== m.from) continue;
              if (inst.status === 'connected') ctx.send(inst.browser, KIND.mediaFail, { reason: 'webBridgeDown' });
              destroyInstance(state, ctx, inst, inst.movingIn, 'webBridgeRestarted');
            }
            return;
          }
          case KIND.mediaStop: {
            const inst = state.instances.get((m.data as { participant: string }).participant);
            if (inst === undefined || inst.status !== 'connected') return;
            inst.status = 'inactive';
            if (config.recovery.sessionCleanup) {
              ctx.setTimer(msToUs(config.recovery.mediaInactivityTimeoutMs), { t: 'media-stopped', participant: inst.id } satisfies Timer);
            }
            return;
          }
          default:
            throw new Error(`call bridge got an unknown message kind "${m.kind}"`);
        }
      }
      case 'timer':
        return onTimer(state, ctx, input.payload as Timer);
      case 'action':
        return onAction(state, ctx, input.action as CallBridgeAction);
      case 'restart':
        // The web bridges see the C2W link come back from a fresh bridge: its sessions are gone.
        for (const w of config.webBridges) if (w.callBridges.includes(ctx.self)) ctx.send(w.id, KIND.c2wReset, {});
        return;
    }
  };
}
