/**
 * Turns a generated sketch into the scenario input a YAML author would write: ids such as
 * `cb1`, `space2`, `p3`; durations such as `"2350ms"`; defaults left out so a shrunk case reads
 * like a hand-written file.
 *
 * Every integer reference of the sketch is resolved modulo the list it points into, so the
 * result always passes the schema and the reference checks (a test shows it). A fault that
 * cannot be expressed in the case at hand (a partition whose two sides resolve to the same
 * nodes, a wrong call id with a single space, a fault aimed at a move when there are none)
 * is left out rather than made invalid. This file does not parse or run anything.
 */
import {
  DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP,
  DEFAULT_LOAD_LIMIT,
  DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP,
} from '../cms/defaults.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { faultInput } from './fault-search.js';
import type { NodeRef, Sketch, TimeRef } from './sketch.js';
import { type FlatMove, ms, pick } from './sketch-refs.js';
import { stepRoleNode } from './step-roles.js';

/** Virtual time after the last scheduled action that a case runs for, so every timeout fires. */
export const SETTLE_AFTER_LAST_MS = 120_000;

type FaultInput = NonNullable<ScenarioInput['faults']>[number];
type MoveInput = NonNullable<ScenarioInput['moves']>[number];

/**
 * Flattens the sketch's move groups into single moves (indices already resolved).
 *
 * A move's target is counted from the space its participant is expected to be in (its join
 * space, or the target of its previous move in the sketch): `to: 0` is the next space, so
 * shrinking leads to plain moves between two spaces, while larger values still reach the
 * participant's own space.
 */
export function flattenMoves(s: Sketch): FlatMove[] {
  const np = s.participants.length;
  const ns = s.spaces.length;
  const where = new Map<number, number>();
  const target = (who: number, to: number): number => {
    const join = s.participants[who]?.join;
    const from =
      where.get(who) ?? (join === null || join === undefined ? ns - 1 : pick(ns, join.space));
    const t = pick(ns, from + 1 + to);
    where.set(who, t);
    return t;
  };
  const out: FlatMove[] = [];
  for (const g of s.moves) {
    switch (g.kind) {
      case 'single': {
        const who = pick(np, g.participant);
        out.push({ atMs: g.atMs, participant: who, to: target(who, g.to), via: g.via });
        break;
      }
      case 'together': {
        const seen = new Set<number>();
        g.participants.forEach((p, k) => {
          const who = pick(np, p);
          if (seen.has(who)) return;
          seen.add(who);
          out.push({
            atMs: g.atMs,
            participant: who,
            to: target(who, g.to[k % g.to.length] ?? 0),
            via: g.via,
          });
        });
        break;
      }
      case 'chain':
      case 'again': {
        const who = pick(np, g.participant);
        out.push({ atMs: g.atMs, participant: who, to: target(who, g.to[0]), via: null });
        out.push({ atMs: g.atMs + g.gapMs, participant: who, to: target(who, g.to[1]), via: null });
        break;
      }
    }
  }
  return out;
}

/** The network section of a sketch's scenario: latency overrides and random link rules. */
function networkInput(s: Sketch): NonNullable<ScenarioInput['network']> {
  const network: NonNullable<ScenarioInput['network']> = {};
  const latency: Record<string, unknown> = {};
  if (s.latency.default !== null) latency['default'] = s.latency.default;
  if (s.latency.peer !== null) latency['peer'] = s.latency.peer;
  if (s.latency.c2w !== null) latency['c2w'] = s.latency.c2w;
  if (s.latency.websocket !== null) latency['websocket'] = s.latency.websocket;
  if (Object.keys(latency).length > 0)
    network.latency = latency as NonNullable<typeof network.latency>;
  for (const r of s.networkRules) {
    const base = {
      probability: r.probability,
      ...(r.linkClass !== null ? { linkClass: r.linkClass } : {}),
      ...(r.step !== null ? { step: r.step } : {}),
    };
    if (r.kind === 'loss') (network.loss ??= []).push(base);
    else if (r.kind === 'duplication') (network.duplication ??= []).push(base);
    else if (r.kind === 'delaySpikes')
      (network.delaySpikes ??= []).push(Object.assign(base, { extra: ms(r.extraMs) }));
    else (network.reorder ??= []).push(Object.assign(base, { maxExtra: ms(r.extraMs) }));
  }
  return network;
}

/** The call bridge groups of a sketch's scenario, each with the bridges it holds. */
function groupsInput(
  s: Sketch,
  callBridges: readonly { id: string }[],
): { id: string; bridges: string[]; loadBalancingEnabled?: boolean }[] {
  const groups: { id: string; bridges: string[]; loadBalancingEnabled?: boolean }[] = [];
  if (s.groups !== null && s.groups.enabled.length > 0) {
    const n = s.groups.enabled.length;
    for (let g = 0; g < n; g++) {
      const bridges = callBridges
        .filter((_, i) => pick(n, s.groups!.groupOf[i] ?? 0) === g)
        .map((b) => b.id);
      if (bridges.length === 0) continue;
      groups.push({
        id: `g${g + 1}`,
        bridges,
        ...(s.groups.enabled[g] === false ? { loadBalancingEnabled: false } : {}),
      });
    }
  }
  return groups;
}

/** Converts a sketch into a scenario input named `name`. */
export function sketchToScenario(s: Sketch, name = 'check'): ScenarioInput {
  const nb = s.bridges.length;
  const cb = (i: number) => `cb${pick(nb, i) + 1}`;
  const wb = (i: number) => `wb${pick(s.webBridges.length, i) + 1}`;
  const space = (i: number) => `space${pick(s.spaces.length, i) + 1}`;
  const who = (i: number) => `p${pick(s.participants.length, i) + 1}`;
  const node = (r: NodeRef): string =>
    r.role === 'callbridge'
      ? cb(r.index)
      : r.role === 'webbridge'
        ? wb(r.index)
        : r.role === 'browser'
          ? who(r.index)
          : 'cmm';

  const flat = flattenMoves(s);
  const time = (t: TimeRef): number => {
    if ('atMs' in t) return t.atMs;
    const m = flat.length === 0 ? undefined : flat[pick(flat.length, t.move)];
    return Math.max(0, (m?.atMs ?? 1000) + t.offsetMs);
  };

  const callBridges = s.bridges.map((b, i) => ({
    id: `cb${i + 1}`,
    ...(b.loadLimit !== DEFAULT_LOAD_LIMIT ? { loadLimit: b.loadLimit } : {}),
    ...(b.participantLimit !== null ? { participantLimit: b.participantLimit } : {}),
    ...(b.priority !== 0 ? { priority: b.priority } : {}),
  }));

  const groups = groupsInput(s, callBridges);

  const lb = s.loadBalancing;
  const loadBalancing = {
    enabled: lb.enabled,
    ...(lb.policy !== 'cms' ? { policy: lb.policy } : {}),
    ...(lb.newConferenceLoadLimitBasisPoints !== DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP
      ? { newConferenceLoadLimitBasisPoints: lb.newConferenceLoadLimitBasisPoints }
      : {}),
    ...(lb.existingConferenceLoadLimitBasisPoints !== DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP
      ? { existingConferenceLoadLimitBasisPoints: lb.existingConferenceLoadLimitBasisPoints }
      : {}),
    ...(lb.tieBreak !== 'id' ? { tieBreak: lb.tieBreak } : {}),
    ...(lb.thresholdRule !== 'reported-load' ? { thresholdRule: lb.thresholdRule } : {}),
  };

  const webBridges = s.webBridges.map((w, i) => {
    const linked =
      w.links === null
        ? []
        : callBridges.filter((_, j) => (w.links! & (1 << j)) !== 0).map((b) => b.id);
    return {
      id: `wb${i + 1}`,
      ...(linked.length > 0 && linked.length < nb ? { callBridges: linked } : {}),
    };
  });

  const spaces = s.spaces.map((sp, i) => ({
    id: `space${i + 1}`,
    name: `Space ${i + 1}`,
    ...(sp.hostedOn !== null ? { hostedOn: cb(sp.hostedOn) } : {}),
    ...(sp.guestAccess ? {} : { guestAccess: false }),
    ...(sp.dualHomed ? { dualHomed: true } : {}),
    ...(sp.activeCall ? {} : { activeCall: false }),
  }));

  const participants = s.participants.map((p, i) => ({
    id: `p${i + 1}`,
    name: `P${i + 1}`,
    ...(p.type !== 'guest' ? { type: p.type } : {}),
    ...(s.webBridges.length > 1 ? { webBridge: wb(p.webBridge) } : {}),
    ...(p.mediaProfile !== '720p30' ? { mediaProfile: p.mediaProfile } : {}),
    ...(p.canMove ? {} : { canMove: false }),
    ...(p.join !== null ? { join: { space: space(p.join.space), at: ms(p.join.atMs) } } : {}),
    ...localInput(p.local),
  }));

  const moves: MoveInput[] = flat.map((m) => ({
    at: ms(m.atMs),
    participant: `p${m.participant + 1}`,
    to: `space${m.to + 1}`,
    ...(m.via !== null ? { via: cb(m.via) } : {}),
  }));

  const faults = s.faults.flatMap((f) =>
    faultInput(f, {
      time,
      node,
      stepRole: (r) => stepRoleNode(s, flat, { cb, wb, who }, r),
      cb,
      space,
      who,
      flat,
      spaces: s.spaces.length,
    }),
  );

  const network = networkInput(s);

  const times = [
    ...s.participants.map((p) => p.join?.atMs ?? 0),
    ...flat.map((m) => m.atMs),
    ...faults.map((f) => faultEndMs(f)),
  ];
  const untilMs = Math.max(0, ...times) + SETTLE_AFTER_LAST_MS;

  return {
    name,
    seed: s.seed,
    until: `${Math.ceil(untilMs / 1000)}s`,
    cluster: {
      callBridges,
      ...(groups.length > 0 ? { callBridgeGroups: groups } : {}),
      loadBalancing,
      webBridges,
      cmm: { apiBridge: cb(s.apiBridge) },
    },
    spaces,
    participants,
    ...(moves.length > 0 ? { moves } : {}),
    ...(Object.keys(network).length > 0 ? { network } : {}),
    ...(faults.length > 0 ? { faults } : {}),
  };
}

/**
 * The `local` key of a participant, with only the fields that differ from the defaults (added one
 * by one: a literal opening with a spread would get a hidden class of its own each time, see
 * `generated-scenario.ts`).
 */
function localInput(l: Sketch['participants'][number]['local']): {
  local?: Record<string, unknown>;
} {
  const local: Record<string, unknown> = {};
  if (l.muted) local['muted'] = true;
  if (l.layout !== 'speaker') local['layout'] = l.layout;
  if (l.presenting) local['presenting'] = true;
  if (l.chatMessages !== 0) local['chatMessages'] = l.chatMessages;
  return Object.keys(local).length > 0 ? { local } : {};
}

/** When a fault's effect starts or ends, in milliseconds, for the run's end time. */
function faultEndMs(f: FaultInput): number {
  const read = (v: unknown): number =>
    typeof v === 'string' ? Number.parseFloat(v) : typeof v === 'number' ? v : 0;
  const rec = f as Record<string, unknown>;
  return Math.max(read(rec['at']) + read(rec['restartAfter']), read(rec['until']));
}
