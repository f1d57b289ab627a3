/**
 * The invariants of the move protocol, as named pure checkers of the world.
 *
 * Safety checkers run after every event, quiescence checkers once at the end. Each returns
 * `{ ok, violations }` data. A rejected move with a reason is correct behaviour and never a
 * violation; a participant in two calls, a JWT that outlives its instance, a move with no
 * outcome are. The checkers read every node's state; handlers never do.
 *
 * The safety checks run after every event, so each first asks a cheaper question that allocates
 * nothing ("could anything be wrong?": a browser seen twice, a session whose JWT its bridge
 * deleted, a guest account that was destroyed before) and builds its violations, as written
 * below it, only when the answer is yes. The violations are the same (a test compares both at
 * every event of shipped scenarios and generated cases; docs/performance.md).
 *
 * After an event that changed one node, the engine asks a check's `checkChanged` instead: the
 * quick question about that node alone (a violation that does not involve it held before the
 * event, so it was found and reported then). Its answer no means nothing new; yes runs the full
 * computation as written. `test/cms/changed-node-checks.test.ts` shows the recorded violations
 * are the same with and without it.
 */
import {
  type Checker,
  type NodeView,
  result,
  type Violation,
  type World,
} from '../engine/index.js';
import type { SpaceConfig } from './config.js';
import { judgeOutcomes, type Outcome, type PlannedMove } from './outcomes.js';
import type { BrowserState, CallBridgeState, Instance, WebBridgeState } from './state.js';
import { cmsView } from './world.js';

/** `single-call`: a browser is media-connected to at most one call at any instant. */
export const singleCall: Checker = {
  name: 'single-call',
  phase: 'safety',
  reads: ['callbridge'],
  check(world) {
    return possiblyInTwoCalls(world) ? result(singleCallViolations(world)) : result([]);
  },
  checkChanged(world, changed) {
    const suspect = pairWith(world, changed, isConnected, false);
    return suspect ? result(singleCallViolations(world)) : result([]);
  },
};

/**
 * The instances a quick question gathers, compared pair by pair: for the few instances of a
 * generated case that is cheaper than a set of keys. Its slots are emptied after each question
 * but the array keeps its length, so it is not grown again every time.
 */
const gathered: (Instance | undefined)[] = [];

/** Above this many gathered instances a quick question answers yes (the check runs as written). */
const PAIRS_UP_TO = 32;

/**
 * Whether two instances that `keep` keeps, on up bridges, share their browser and, with
 * `sameSpace`, their space; yes as well when there are too many to compare.
 */
function anyPair(world: World, keep: (inst: Instance) => boolean, sameSpace: boolean): boolean {
  let n = 0;
  for (const cb of cmsView(world).callBridges) {
    if (!cb.up) continue;
    for (const inst of cb.state.instances.values()) if (keep(inst)) gathered[n++] = inst;
  }
  let found = n > PAIRS_UP_TO;
  for (let i = 0; i < n && !found; i++) {
    const a = gathered[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = gathered[j]!;
      if (a.browser === b.browser && (!sameSpace || a.spaceId === b.spaceId)) {
        found = true;
        break;
      }
    }
  }
  gathered.fill(undefined, 0, n);
  return found;
}

/**
 * Whether an instance that `keep` keeps on call bridge `changed` (up) shares its browser and,
 * with `sameSpace`, its space with another such instance on an up bridge: the quick question
 * about one changed bridge. Another node kind: yes (the check then runs as written).
 */
function pairWith(
  world: World,
  changed: NodeView,
  keep: (inst: Instance) => boolean,
  sameSpace: boolean,
): boolean {
  if (changed.kind !== 'callbridge') return true;
  // A bridge that went down only takes instances away.
  if (!changed.up) return false;
  let n = 0;
  for (const a of (changed.state as CallBridgeState).instances.values())
    if (keep(a)) gathered[n++] = a;
  if (n === 0) return false;
  let found = false;
  for (const cb of cmsView(world).callBridges) {
    if (!cb.up) continue;
    for (const b of cb.state.instances.values()) {
      if (!keep(b)) continue;
      for (let i = 0; i < n; i++) {
        const a = gathered[i]!;
        if (b !== a && b.browser === a.browser && (!sameSpace || b.spaceId === a.spaceId)) {
          found = true;
          break;
        }
      }
      if (found) break;
    }
    if (found) break;
  }
  gathered.fill(undefined, 0, n);
  return found;
}

const isConnected = (inst: Instance): boolean => inst.status === 'connected';
const isActive = (inst: Instance): boolean => inst.status !== 'inactive';

/** Whether a browser has two connected instances on up bridges: exactly when the check fails. */
function possiblyInTwoCalls(world: World): boolean {
  return anyPair(world, isConnected, false);
}

/** The violations of `single-call` in `world`. */
export function singleCallViolations(world: World): Violation[] {
  const connected = new Map<string, string[]>();
  for (const cb of cmsView(world).callBridges) {
    if (!cb.up) continue;
    for (const inst of cb.state.instances.values()) {
      if (inst.status !== 'connected') continue;
      const list = connected.get(inst.browser) ?? [];
      list.push(`${inst.spaceId} on ${cb.id}`);
      connected.set(inst.browser, list);
    }
  }
  const v: Violation[] = [];
  for (const [browser, calls] of connected) {
    if (calls.length > 1)
      v.push({
        key: browser,
        detail: `${browser} is media-connected to ${calls.length} calls: ${calls.join(', ')}`,
      });
  }
  return v;
}

/**
 * `no-duplicate-participant`: at most one pending or connected instance of a browser in the
 * same call at any instant; at quiescence at most one instance of any state per browser.
 */
export const noDuplicateParticipant: Checker = {
  name: 'no-duplicate-participant',
  phase: 'safety',
  reads: ['callbridge'],
  check(world) {
    const suspect = world.stopReason !== undefined || possiblyDuplicated(world);
    return suspect ? result(duplicateParticipantViolations(world)) : result([]);
  },
  checkChanged(world, changed) {
    const suspect = world.stopReason !== undefined || pairWith(world, changed, isActive, true);
    return suspect ? result(duplicateParticipantViolations(world)) : result([]);
  },
};

/**
 * Whether a browser has two instances that are not inactive in one space on up bridges: exactly
 * when the check finds a violation during the run, asked without building a key per instance.
 */
function possiblyDuplicated(world: World): boolean {
  return anyPair(world, isActive, true);
}

/** The violations of `no-duplicate-participant` in `world`. */
export function duplicateParticipantViolations(world: World): Violation[] {
  const seen = new Map<string, number>();
  const all = new Map<string, number>();
  for (const cb of cmsView(world).callBridges) {
    if (!cb.up) continue;
    for (const inst of cb.state.instances.values()) {
      all.set(inst.browser, (all.get(inst.browser) ?? 0) + 1);
      // An inactive instance (its browser left and stopped its media) is not in the call.
      if (inst.status === 'inactive') continue;
      const k = `${inst.browser} in ${inst.spaceId}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
  }
  const v: Violation[] = [];
  for (const [k, n] of seen)
    if (n > 1) v.push({ key: k, detail: `${k} has ${n} participant instances` });
  if (world.stopReason !== undefined) {
    for (const [b, n] of all)
      if (n > 1)
        v.push({
          key: `end:${b}`,
          detail: `${b} has ${n} participant instances at the end of the run`,
        });
  }
  return v;
}

/**
 * `old-jwt-deleted`: no websocket is ever authenticated with a JWT its bridge had already
 * deleted; at the end of a run no websocket is still authenticated with a deleted JWT (the web
 * bridge must have learned), and no unexpired JWT is known to a bridge except the one a browser
 * in a call is using.
 */
export const oldJwtDeleted: Checker = {
  name: 'old-jwt-deleted',
  phase: 'safety',
  reads: ['callbridge', 'webbridge'],
  check(world) {
    const suspect = world.stopReason !== undefined || possiblyOnDeletedJwt(world);
    return suspect ? result(oldJwtViolations(world)) : result([]);
  },
  checkChanged(world, changed) {
    const suspect = world.stopReason !== undefined || onDeletedJwtAt(world, changed);
    return suspect ? result(oldJwtViolations(world)) : result([]);
  },
};

/**
 * Whether an authenticated session on an up web bridge holds a JWT its up bridge deleted, where
 * the session is on `changed` (a web bridge) or its JWT is `changed`'s (a call bridge): the quick
 * question about one changed node. Another node kind: yes.
 */
function onDeletedJwtAt(world: World, changed: NodeView): boolean {
  // A node that went down only takes sessions or deleted JWTs away.
  if (!changed.up) return changed.kind !== 'callbridge' && changed.kind !== 'webbridge';
  const view = cmsView(world);
  if (changed.kind === 'callbridge') {
    const deleted = (changed.state as CallBridgeState).deletedJwts;
    if (deleted.size === 0) return false;
    for (const wb of view.webBridges) {
      if (!wb.up) continue;
      for (const s of wb.state.sessions.values())
        if (s.authenticated && s.jwt.callBridge === changed.id && deleted.has(s.jwt.id))
          return true;
    }
    return false;
  }
  if (changed.kind !== 'webbridge') return true;
  for (const s of (changed.state as WebBridgeState).sessions.values()) {
    if (!s.authenticated) continue;
    for (const cb of view.callBridges)
      if (cb.id === s.jwt.callBridge && cb.up && cb.state.deletedJwts.has(s.jwt.id)) return true;
  }
  return false;
}

/** Whether an authenticated session on an up web bridge holds a JWT its up bridge deleted. */
function possiblyOnDeletedJwt(world: World): boolean {
  const view = cmsView(world);
  let deleted = 0;
  for (const cb of view.callBridges) if (cb.up) deleted += cb.state.deletedJwts.size;
  if (deleted === 0) return false;
  for (const wb of view.webBridges) {
    if (!wb.up) continue;
    for (const s of wb.state.sessions.values()) {
      if (!s.authenticated) continue;
      for (const cb of view.callBridges)
        if (cb.id === s.jwt.callBridge && cb.up && cb.state.deletedJwts.has(s.jwt.id)) return true;
    }
  }
  return false;
}

/** The violations of `old-jwt-deleted` in `world`. */
export function oldJwtViolations(world: World): Violation[] {
  const view = cmsView(world);
  const bridges = new Map(view.callBridges.filter((c) => c.up).map((c) => [c.id, c]));
  const v: Violation[] = [];
  for (const wb of view.webBridges) {
    if (!wb.up) continue;
    for (const s of wb.state.sessions.values()) {
      if (!s.authenticated) continue;
      const cb = bridges.get(s.jwt.callBridge);
      const deletedAt = cb?.state.deletedJwts.get(s.jwt.id);
      if (cb === undefined || deletedAt === undefined) continue;
      if (s.authenticatedAtUs !== undefined && s.authenticatedAtUs > deletedAt) {
        v.push({
          key: `ws:${s.jwt.id}`,
          detail: `${s.browser}'s websocket on ${wb.id} was authenticated with JWT ${s.jwt.id} after ${cb.id} had deleted it`,
        });
      } else if (world.stopReason !== undefined) {
        v.push({
          key: `end-ws:${s.jwt.id}`,
          detail: `${s.browser}'s websocket on ${wb.id} is still authenticated at the end with JWT ${s.jwt.id}, which ${cb.id} has deleted`,
        });
      }
    }
  }
  if (world.stopReason !== undefined) {
    const current = new Map(
      view.browsers.map((b) => [b.id, b.state.phase === 'in-call' ? b.state.jwt?.id : undefined]),
    );
    for (const cb of bridges.values()) {
      for (const jwt of cb.state.jwts.values()) {
        if (jwt.expiresAtUs <= world.now) continue;
        const browser = cb.state.instances.get(jwt.participant)?.browser;
        if (browser !== undefined && current.get(browser) === jwt.id) continue;
        v.push({
          key: `end:${jwt.id}`,
          detail: `JWT ${jwt.id} (${jwt.user}) is still valid on ${cb.id} at the end, but ${browser ?? 'no browser'} does not use it`,
        });
      }
    }
  }
  return v;
}

/**
 * `no-orphans` (quiescence): no Web App instance without a web bridge session (a SIP leg has no
 * websocket, whether it joined or was moved), no valid JWT without an instance, no guest account
 * without an instance.
 */
export const noOrphans: Checker = {
  name: 'no-orphans',
  phase: 'quiescence',
  check(world) {
    const view = cmsView(world);
    const sessions = new Set<string>();
    for (const wb of view.webBridges)
      for (const s of wb.state.sessions.values()) sessions.add(s.jwt.participant);
    const v: Violation[] = [];
    for (const cb of view.callBridges) {
      if (!cb.up) continue;
      const st = cb.state;
      for (const inst of st.instances.values()) {
        if (!sessions.has(inst.id) && inst.type !== 'sip')
          v.push({
            detail: `${cb.id}: participant ${inst.id} (${inst.browser}, ${inst.status}) has no session on any web bridge`,
          });
      }
      for (const jwt of st.jwts.values()) {
        if (jwt.expiresAtUs > world.now && !st.instances.has(jwt.participant))
          v.push({
            detail: `${cb.id}: JWT ${jwt.id} is valid but its participant ${jwt.participant} is gone`,
          });
      }
      for (const g of st.guestAccounts.values()) {
        if (!st.instances.has(g.participant))
          v.push({ detail: `${cb.id}: guest account ${g.id} has no participant` });
      }
    }
    return result(v);
  },
};

/**
 * `guest-account-lifecycle`: a moved guest gets a new guest id; a destroyed account is never
 * reused.
 */
export const guestAccountLifecycle: Checker = {
  name: 'guest-account-lifecycle',
  phase: 'safety',
  reads: ['callbridge', 'browser'],
  check(world) {
    return possiblyReused(world) ? result(guestAccountViolations(world)) : result([]);
  },
  checkChanged(world, changed) {
    return reusedAt(world, changed) ? result(guestAccountViolations(world)) : result([]);
  },
};

/**
 * Whether a guest account in use on call bridge `changed` is in any bridge's destroyed list, or
 * one in `changed`'s destroyed list is in use on any bridge; or, for a changed browser, whether
 * one of its moves kept its guest account: the quick question about one changed node (up or
 * down: the check reads every bridge). Another node kind: yes.
 */
function reusedAt(world: World, changed: NodeView): boolean {
  if (changed.kind === 'browser') return keptGuestAccount(changed.state as BrowserState);
  if (changed.kind !== 'callbridge') return true;
  const mine = changed.state as CallBridgeState;
  const bridges = cmsView(world).callBridges;
  for (const cb of bridges) {
    const destroyed = cb.state.destroyedGuestAccounts;
    if (destroyed.length > 0)
      for (const g of mine.guestAccounts.values()) if (destroyed.includes(g.id)) return true;
    if (mine.destroyedGuestAccounts.length > 0)
      for (const g of cb.state.guestAccounts.values())
        if (mine.destroyedGuestAccounts.includes(g.id)) return true;
  }
  return false;
}

/** Whether a guest browser's move kept its guest account. */
function keptGuestAccount(b: BrowserState): boolean {
  if (b.type !== 'guest') return false;
  for (const h of b.history.values())
    if (h.oldUser !== undefined && h.oldUser === h.newUser) return true;
  return false;
}

/** Up to how many (destroyed, in use) pairs of guest accounts the quick question compares. */
const REUSE_PAIRS_COMPARED = 256;

/**
 * Whether a guest account in use was destroyed before (once any was destroyed), or a guest
 * browser's move kept its account.
 */
function possiblyReused(world: World): boolean {
  const view = cmsView(world);
  let destroyed = 0;
  let inUse = 0;
  for (const cb of view.callBridges) {
    destroyed += cb.state.destroyedGuestAccounts.length;
    inUse += cb.state.guestAccounts.size;
  }
  // Compared pair by pair while that is cheap; past it, the check builds its set as written.
  if (destroyed * inUse > REUSE_PAIRS_COMPARED) return true;
  if (destroyed > 0) {
    for (const cb of view.callBridges)
      for (const g of cb.state.guestAccounts.values())
        for (const other of view.callBridges)
          if (other.state.destroyedGuestAccounts.includes(g.id)) return true;
  }
  for (const b of view.browsers) {
    if (b.state.type !== 'guest') continue;
    for (const h of b.state.history.values())
      if (h.oldUser !== undefined && h.oldUser === h.newUser) return true;
  }
  return false;
}

/** The violations of `guest-account-lifecycle` in `world`. */
export function guestAccountViolations(world: World): Violation[] {
  const view = cmsView(world);
  const destroyed = new Set<string>();
  for (const cb of view.callBridges)
    for (const g of cb.state.destroyedGuestAccounts) destroyed.add(g);
  const v: Violation[] = [];
  for (const cb of view.callBridges) {
    for (const g of cb.state.guestAccounts.values()) {
      if (destroyed.has(g.id))
        v.push({
          key: g.id,
          detail: `guest account ${g.id} on ${cb.id} was destroyed before and is in use again`,
        });
    }
  }
  for (const b of view.browsers) {
    if (b.state.type !== 'guest') continue;
    for (const h of b.state.history.values()) {
      if (h.oldUser !== undefined && h.oldUser === h.newUser) {
        v.push({
          key: `${b.id}:${h.move}`,
          detail: `${b.id} kept guest account ${h.newUser} across move ${h.move}`,
        });
      }
    }
  }
  return v;
}

/** `load-accounting`: a bridge's load equals the sum of its instances' load points. */
export const loadAccounting: Checker = {
  name: 'load-accounting',
  phase: 'safety',
  reads: ['callbridge'],
  check(world) {
    const v: Violation[] = [];
    for (const cb of cmsView(world).callBridges) loadMismatch(cb, v);
    return result(v);
  },
  checkChanged(world, changed) {
    if (changed.kind !== 'callbridge') return this.check(world);
    const v: Violation[] = [];
    loadMismatch(changed as NodeView<CallBridgeState>, v);
    return result(v);
  },
};

/** Adds to `v` the `load-accounting` violation of bridge `cb`, if it has one. */
function loadMismatch(cb: NodeView<CallBridgeState>, v: Violation[]): void {
  let sum = 0;
  for (const inst of cb.state.instances.values()) sum += inst.loadPoints;
  if (sum !== cb.state.load)
    v.push({
      key: cb.id,
      detail: `${cb.id} reports load ${cb.state.load} but its instances add up to ${sum}`,
    });
}

/**
 * `load-threshold`: the `cms` policy never places a participant on a bridge past its
 * threshold, judged on the load the bridge reported, plus the newcomer's under the
 * `with-participant` rule (1 bp of slack for rounding).
 */
export const loadThreshold: Checker = {
  name: 'load-threshold',
  phase: 'safety',
  reads: ['callbridge'],
  check(world) {
    const v: Violation[] = [];
    for (const cb of cmsView(world).callBridges) pastThreshold(cb, v);
    return result(v);
  },
  checkChanged(world, changed) {
    if (changed.kind !== 'callbridge') return this.check(world);
    const v: Violation[] = [];
    pastThreshold(changed as NodeView<CallBridgeState>, v);
    return result(v);
  },
};

/** Adds to `v` the `load-threshold` violation of bridge `cb`'s last placement, if it has one. */
function pastThreshold(cb: NodeView<CallBridgeState>, v: Violation[]): void {
  const p = cb.state.lastPlacement;
  if (p === undefined || p.policy !== 'cms') return;
  if (p.loadBasisPoints + p.addedBasisPoints > p.limitBasisPoints + 1) {
    v.push({
      key: `${cb.id}:${p.key}`,
      detail: `${cb.id} placed ${p.key} on ${p.bridge} at load ${p.loadBasisPoints} bp + ${p.addedBasisPoints} bp, past its limit ${p.limitBasisPoints} bp`,
    });
  }
}

/**
 * The outcomes the `move-outcome` check judged, and the virtual time it judged them at: a run's
 * report can take them instead of judging the same end state again (about 25 ms at the end of
 * the large run).
 */
export interface JudgedOutcomes {
  outcomes: Outcome[] | undefined;
  atUs: number | undefined;
}

/**
 * `move-outcome` (quiescence): each move ends with exactly one explained outcome, and a
 * rejected move left the participant untouched: the move neither reached the browser nor left
 * an instance of its own behind, nor a participant marked as moving. When given `judged`, it
 * leaves there the outcomes it judged.
 */
export function moveOutcome(moves: PlannedMove[], judged?: JudgedOutcomes): Checker {
  return {
    name: 'move-outcome',
    phase: 'quiescence',
    check(world) {
      const view = cmsView(world);
      const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
      const v: Violation[] = [];
      const outcomes = judgeOutcomes(world, moves);
      if (judged !== undefined) {
        judged.outcomes = outcomes;
        judged.atUs = world.now;
      }
      for (const o of outcomes) {
        if (o.result !== 'moved' && (o.reason === null || o.reason === 'unknown')) {
          v.push({ detail: `move ${o.move} ended ${o.result} with no reason` });
        }
        if (o.result !== 'rejected') continue;
        if (browsers.get(o.participant)?.history.has(o.move)) {
          v.push({ detail: `move ${o.move} was rejected but reached ${o.participant}'s browser` });
        }
        for (const cb of view.callBridges) {
          if (!cb.up) continue;
          for (const inst of cb.state.instances.values()) {
            if (inst.createdByMove === o.move)
              v.push({
                detail: `move ${o.move} was rejected but left its new instance ${inst.id} on ${cb.id}`,
              });
            if (inst.movingIn === o.move)
              v.push({
                detail: `move ${o.move} was rejected but ${cb.id} still holds ${o.participant} as moving`,
              });
          }
        }
      }
      return result(v);
    },
  };
}

/**
 * `carried-state` (quiescence): after a move that joined its new call, the client's own state
 * is carried (local mute and layout equal their values before it; presenting is off; chat is
 * empty) and the server-side state of the leg it is in is reset (server mute, layout and
 * importance equal the target space's `serverDefaults`, CMM's help). A browser that reloaded
 * after the move starts over, so it is not judged.
 */
export function carriedState(spaces: ReadonlyMap<string, SpaceConfig>): Checker {
  return {
    name: 'carried-state',
    phase: 'quiescence',
    check: (world) => result(carriedStateViolations(world, spaces)),
  };
}

/** The server-side state of `inst` that differs from its space's defaults, as sentences. */
function notReset(inst: Instance, spaces: ReadonlyMap<string, SpaceConfig>): string[] {
  const d = spaces.get(inst.spaceId)?.serverDefaults;
  if (d === undefined) return [];
  const bad: string[] = [];
  if (inst.serverMuted !== d.muted) bad.push(`server mute ${inst.serverMuted}, not ${d.muted}`);
  if (inst.serverLayout !== d.layout) bad.push(`layout ${inst.serverLayout}, not ${d.layout}`);
  if (inst.importance !== d.importance)
    bad.push(`importance ${inst.importance}, not ${d.importance}`);
  return bad;
}

/** The violations of `carried-state` in `world`. */
function carriedStateViolations(
  world: World,
  spaces: ReadonlyMap<string, SpaceConfig>,
): Violation[] {
  const v: Violation[] = [];
  const view = cmsView(world);
  for (const b of view.browsers) {
    const records = [...b.state.history.values()];
    const last = records[records.length - 1];
    if (last === undefined || last.joinedAtUs === undefined) continue;
    if (b.state.restartedAtUs !== undefined && b.state.restartedAtUs >= last.joinedAtUs) continue;
    const now = b.state.local;
    if (now.muted !== last.before.muted)
      v.push({
        detail: `${b.id}: mute was ${last.before.muted} before move ${last.move}, is ${now.muted}`,
      });
    if (now.layout !== last.before.layout)
      v.push({
        detail: `${b.id}: layout was ${last.before.layout} before move ${last.move}, is ${now.layout}`,
      });
    if (now.presenting) v.push({ detail: `${b.id}: still presenting after move ${last.move}` });
    if (now.chatMessages !== 0)
      v.push({ detail: `${b.id}: chat not cleared after move ${last.move}` });
    const call = b.state.call;
    const leg = view.callBridges
      .find((cb) => cb.id === call?.bridge)
      ?.state.instances.get(call?.participant ?? '');
    if (leg === undefined || leg.createdByMove !== last.move) continue;
    for (const what of notReset(leg, spaces))
      v.push({
        detail: `${b.id}: ${what} (the target's default) after move ${last.move}`,
      });
  }
  return v;
}

/** Every invariant of the model, for a run with these planned moves. */
/** Every invariant; `judged`, when given, receives the outcomes the `move-outcome` check judged. */
export function allInvariants(
  moves: PlannedMove[],
  judged?: JudgedOutcomes,
  spaces: ReadonlyMap<string, SpaceConfig> = new Map(),
): Checker[] {
  return [
    singleCall,
    noDuplicateParticipant,
    oldJwtDeleted,
    noOrphans,
    guestAccountLifecycle,
    loadAccounting,
    loadThreshold,
    moveOutcome(moves, judged),
    carriedState(spaces),
  ];
}

/** The names of all invariants. */
export const INVARIANT_NAMES = allInvariants([]).map((c) => c.name);
