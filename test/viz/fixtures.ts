/**
 * Synthetic traces for the viewer's tests and benchmark, shaped like the simulator's own
 * (same node ids, kinds, steps and data fields): a move across bridges, a breakout of many
 * participants, a 50,000-message run, and a trace with a hostile participant name.
 *
 * A deterministic generator, not a simulator: it lays out each move's 11 steps with made-up
 * latencies. Tests that can use the real `movesim run` output do (see e2e.test.ts).
 */
import { mulberry32 } from '../../scripts/mulberry32.js';
import type { TraceEvent, TraceFile, TraceNode } from '../../sim/engine/trace.js';

type Rec = { t: number; order: number; e: Record<string, unknown> };

export interface GenOptions {
  seed?: number;
  scenario?: string;
  callBridges?: number;
  participants?: number;
  /** Names of participants (their browser node labels), by index. */
  names?: (i: number) => string;
  /** Participant (and browser node) ids, by index. */
  ids?: (i: number) => string;
  /** Record state patches and initial states. */
  state?: boolean;
  /** Drop this message kind once (with this reason). */
  dropKind?: { kind: string; reason: string };
  /** Duplicate this message kind once. */
  duplicateKind?: string;
  /** Add a violation at the end of the first move. */
  violation?: boolean;
}

/** Builds traces event by event; times in microseconds. */
class Gen {
  recs: Rec[] = [];
  order = 0;
  msg = 0;
  messages = 0;
  rand: () => number;
  dropped = false;
  duplicated = false;
  constructor(readonly opts: GenOptions) {
    this.rand = mulberry32(opts.seed ?? 1);
  }
  latency(): number {
    return 600 + Math.floor(this.rand() * 3000);
  }
  push(t: number, e: Record<string, unknown>): void {
    this.recs.push({ t, order: this.order++, e: { ...e, t } });
  }
  /** Sends a message; returns when it is delivered (or NaN when dropped). */
  send(
    t: number,
    from: string,
    to: string,
    kind: string,
    extra: { step?: number; move?: string; data?: unknown } = {},
  ): number {
    const id = ++this.msg;
    this.messages++;
    const lat = this.latency();
    const base = {
      msg: id,
      from,
      to,
      kind,
      ...(extra.step !== undefined ? { step: extra.step } : {}),
      ...(extra.move !== undefined ? { move: extra.move } : {}),
      data: extra.data ?? {},
    };
    this.push(t, { ...base, type: 'send', deliverAt: t + lat });
    if (this.opts.dropKind && !this.dropped && this.opts.dropKind.kind === kind) {
      this.dropped = true;
      this.push(t + Math.floor(lat / 2), {
        ...base,
        type: 'drop',
        reason: this.opts.dropKind.reason,
      });
      return NaN;
    }
    this.push(t + lat, { ...base, type: 'deliver' });
    if (this.opts.duplicateKind === kind && !this.duplicated) {
      this.duplicated = true;
      this.messages++;
      this.push(t, { ...base, type: 'send', deliverAt: t + lat + 900, duplicate: true });
      this.push(t + lat + 900, { ...base, type: 'deliver', duplicate: true });
    }
    return t + lat;
  }
  local(
    t: number,
    node: string,
    kind: string,
    extra: { step?: number; move?: string; data?: unknown } = {},
  ): void {
    this.push(t, { type: 'local', node, kind, ...extra });
  }
  state(t: number, node: string, patches: unknown[]): void {
    if (this.opts.state) this.push(t, { type: 'state', node, patches });
  }
  log(t: number, node: string, line: string): void {
    this.push(t, { type: 'log', node, line });
  }
  events(): TraceEvent[] {
    this.recs.sort((a, b) => a.t - b.t || a.order - b.order);
    return this.recs.map((r, seq) => ({ seq, ...r.e }) as unknown as TraceEvent);
  }
}

function guid(r: () => number): string {
  const h = (): string =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}`;
}

interface World {
  gen: Gen;
  cbs: string[];
  wb: string;
  home: Map<string, string>;
  guid: Map<string, string>;
  guest: Map<string, string>;
  load: Map<string, [number, number][]>;
  loadNow: Map<string, number>;
}

function addLoad(w: World, cb: string, t: number, delta: number): void {
  const v = (w.loadNow.get(cb) ?? 0) + delta;
  w.loadNow.set(cb, v);
  w.load.get(cb)?.push([t, v]);
}

/** A participant joins a space on a call bridge (the join flow, no step numbers). */
function join(w: World, p: string, name: string, cb: string, t0: number): number {
  const g = w.gen;
  const details = { browser: p, name, type: 'guest', webBridge: w.wb };
  let t = g.send(t0, p, w.wb, 'join.request', { data: { details, spaceId: 'space1' } });
  t = g.send(t, w.wb, cb, 'guest.login', { data: { details } });
  const user = `guest${Math.floor(g.rand() * 1e9)}`;
  const part = guid(g.rand);
  const jwt = guid(g.rand);
  w.home.set(p, cb);
  w.guid.set(p, part);
  w.guest.set(p, user);
  g.local(t, cb, 'guest-account.created', { data: { guest: user } });
  g.local(t, cb, 'jwt.issued', { data: { jwt, user, participant: part } });
  g.log(t, cb, `created guest account with user ID "${user}"`);
  const tOk = g.send(t, cb, w.wb, 'guest.login.ok', {
    data: { browser: p, jwt: { id: jwt, user, participant: part } },
  });
  g.state(t, cb, [{ op: 'add', path: ['participants', part], value: { user, browser: p } }]);
  t = g.send(tOk, w.wb, p, 'join.ok', { data: { jwt: { id: jwt } } });
  t = g.send(t, p, w.wb, 'ws.open', { data: { jwt: { id: jwt } } });
  t = g.send(t, w.wb, cb, 'ws.auth', { data: { browser: p, jwt: { id: jwt } } });
  t = g.send(t, cb, w.wb, 'ws.auth.ok', { data: { browser: p, participant: part } });
  t = g.send(t, w.wb, p, 'ws.ready', { data: { participant: part } });
  t = g.send(t, p, cb, 'media.connect', { data: { participant: part } });
  addLoad(w, cb, t, 104);
  const tm = g.send(t, cb, p, 'media.connected', {
    data: { participant: part, spaceId: 'space1' },
  });
  g.send(t, cb, 'cmm', 'cms.event', {
    data: { event: 'participantJoined', browser: p, participant: part },
  });
  g.local(tm, p, 'joined', { data: { space: 'space1', banner: `Now in Space 1` } });
  return tm;
}

/** A move of participant p to a space placed on `target`: the tech note's 11 steps. */
function move(
  w: World,
  p: string,
  moveId: string,
  target: string,
  t0: number,
  api: string,
): number {
  const g = w.gen;
  const home = w.home.get(p) as string;
  const part = w.guid.get(p) as string;
  const oldUser = w.guest.get(p) as string;
  const m = { move: moveId };
  let t = g.send(t0, 'cmm', api, 'api.move', {
    step: 1,
    ...m,
    data: { movedParticipant: part, needsActivation: false },
  });
  t = g.send(t, api, home, 'move.request', { step: 2, ...m, data: { participant: part } });
  if (Number.isNaN(t)) return t0;
  t = g.send(t, home, api, 'move.reply', {
    step: 3,
    ...m,
    data: { ok: true, participant: part, user: oldUser, details: { browser: p } },
  });
  if (Number.isNaN(t)) return t0;
  let tResp = t;
  for (const cb of w.cbs) {
    const tq = g.send(t, api, cb, 'replace.query', { step: 4, ...m, data: { spaceId: 'space2' } });
    if (Number.isNaN(tq)) continue;
    const tr = g.send(tq, cb, api, 'replace.response', {
      step: 4,
      ...m,
      data: { bridge: cb, priority: 0, loadBasisPoints: w.loadNow.get(cb) ?? 0 },
    });
    if (!Number.isNaN(tr)) tResp = Math.max(tResp, tr);
  }
  g.local(tResp, api, 'placement', { step: 4, ...m, data: { bridge: target, policy: 'cms' } });
  const newUser = `guest${Math.floor(g.rand() * 1e9)}`;
  const newPart = guid(g.rand);
  const newJwt = guid(g.rand);
  const tc = g.send(tResp, api, target, 'participant.create', {
    step: 5,
    ...m,
    data: { details: { browser: p }, user: newUser, oldParticipant: part },
  });
  if (Number.isNaN(tc)) return t0;
  g.local(tc, target, 'guest-account.created', { ...m, data: { guest: newUser } });
  g.local(tc, target, 'jwt.issued', {
    ...m,
    data: { jwt: newJwt, user: newUser, participant: newPart },
  });
  const tcd = g.send(tc, target, api, 'participant.created', {
    step: 5,
    ...m,
    data: { participant: newPart },
  });
  const tws = g.send(tc, target, w.wb, 'ws.move', {
    step: 6,
    ...m,
    data: { browser: p, jwt: { id: newJwt, user: newUser, participant: newPart }, callId: 4242 },
  });
  g.state(tc, target, [
    { op: 'add', path: ['participants', newPart], value: { user: newUser, browser: p } },
  ]);
  addLoad(w, target, tc, 104);
  if (!Number.isNaN(tcd))
    g.send(tcd, api, 'cmm', 'api.response', {
      step: 5,
      ...m,
      data: { status: 200, location: `/api/v1/participants/${newPart}` },
    });
  if (Number.isNaN(tws)) return t0;
  const tmv = g.send(tws, w.wb, p, 'move', { step: 7, ...m, data: { jwt: { id: newJwt } } });
  if (Number.isNaN(tmv)) return t0;
  const tend = g.send(tmv, p, w.wb, 'ws.end', { step: 8, ...m, data: { jwtId: 'old' } });
  let t11 = g.send(tmv, p, w.wb, 'ws.open', { step: 11, ...m, data: { jwt: { id: newJwt } } });
  if (!Number.isNaN(tend)) {
    const tse = g.send(tend, w.wb, home, 'session.end', {
      step: 9,
      ...m,
      data: { participant: part, reason: 'move' },
    });
    if (!Number.isNaN(tse)) {
      g.local(tse, home, 'teardown', {
        step: 10,
        ...m,
        data: { participant: part, user: oldUser },
      });
      g.local(tse, home, 'jwt.deleted', { ...m, data: { user: oldUser } });
      g.local(tse, home, 'guest-account.destroyed', { ...m, data: { guest: oldUser } });
      g.log(tse, home, `removing guest account '${oldUser}' on call drop`);
      g.state(tse, home, [{ op: 'remove', path: ['participants', part] }]);
      addLoad(w, home, tse, -104);
    }
  }
  if (Number.isNaN(t11)) return t0;
  t11 = g.send(t11, w.wb, target, 'ws.auth', {
    step: 11,
    ...m,
    data: { browser: p, jwt: { id: newJwt } },
  });
  t11 = g.send(t11, target, w.wb, 'ws.auth.ok', {
    step: 11,
    ...m,
    data: { browser: p, participant: newPart },
  });
  t11 = g.send(t11, w.wb, p, 'ws.ready', { step: 11, ...m, data: { participant: newPart } });
  t11 = g.send(t11, p, target, 'media.connect', { step: 11, ...m, data: { participant: newPart } });
  t11 = g.send(t11, target, p, 'media.connected', {
    step: 11,
    ...m,
    data: { participant: newPart, spaceId: 'space2' },
  });
  g.local(t11, p, 'joined', { step: 11, ...m, data: { space: 'space2' } });
  w.home.set(p, target);
  w.guid.set(p, newPart);
  w.guest.set(p, newUser);
  return t11;
}

function world(opts: GenOptions): { w: World; nodes: TraceNode[]; ids: string[]; names: string[] } {
  const n = opts.participants ?? 1;
  const cbCount = opts.callBridges ?? 3;
  const cbs = Array.from({ length: cbCount }, (_, i) => `cb${String.fromCharCode(65 + i)}`);
  const ids = Array.from(
    { length: n },
    (_, i) => opts.ids?.(i) ?? (n === 1 ? 'userX' : `user${String(i + 1).padStart(3, '0')}`),
  );
  const names = Array.from(
    { length: n },
    (_, i) => opts.names?.(i) ?? (n === 1 ? 'User X' : `User ${i + 1}`),
  );
  const nodes: TraceNode[] = [
    { id: 'cmm', kind: 'cmm', label: 'CMM' },
    ...cbs.map((id) => ({ id, kind: 'callbridge', label: `Callbridge ${id.slice(2)}` })),
    { id: 'wbA', kind: 'webbridge', label: 'Webbridge A' },
    ...ids.map((id, i) => ({ id, kind: 'browser', label: names[i] as string })),
  ];
  const w: World = {
    gen: new Gen(opts),
    cbs,
    wb: 'wbA',
    home: new Map(),
    guid: new Map(),
    guest: new Map(),
    load: new Map(cbs.map((c) => [c, [[0, 0]] as [number, number][]])),
    loadNow: new Map(),
  };
  return { w, nodes, ids, names };
}

function finish(
  opts: GenOptions,
  w: World,
  nodes: TraceNode[],
  outcomes: unknown[],
  violations: TraceFile['violations'],
): TraceFile {
  const meta: Record<string, unknown> = {
    loadSeries: Object.fromEntries(w.load),
    thresholds: {
      newConferenceLoadLimitBasisPoints: 5000,
      existingConferenceLoadLimitBasisPoints: 8000,
    },
  };
  if (opts.state)
    meta.initialStates = Object.fromEntries(
      nodes.map((n) => [n.id, n.kind === 'callbridge' ? { participants: {} } : { phase: 'idle' }]),
    );
  return {
    format: 'movesim-trace',
    version: 1,
    seed: opts.seed ?? 1,
    scenario: opts.scenario ?? 'synthetic',
    units: 'us',
    nodes,
    events: w.gen.events(),
    outcomes,
    violations,
    meta,
  };
}

/** One participant moved from cbA to cbC through cbB (like scenarios/move-across-bridges). */
export function moveAcrossBridges(opts: GenOptions = {}): TraceFile {
  const o = { scenario: 'move-across-bridges', ...opts };
  const { w, nodes, ids } = world(o);
  const p = ids[0] as string;
  join(w, p, 'User X', 'cbA', 0);
  const t0 = 5_000_000;
  const done = move(w, p, 'm1', 'cbC', t0, 'cbB');
  const violations: TraceFile['violations'] = [];
  if (o.violation) {
    violations.push({ invariant: 'single-call', t: done, detail: `browser ${p} is in two calls` });
    w.gen.push(done, {
      type: 'violation',
      invariant: 'single-call',
      detail: `browser ${p} is in two calls`,
    });
  }
  const outcomes = [
    {
      move: 'm1',
      participant: p,
      from: 'space1',
      to: 'space2',
      result: 'moved',
      reason: null,
      requestedAt: t0,
      completedAt: done,
      limboMs: (done - t0) / 1000,
    },
  ];
  return finish(o, w, nodes, outcomes, violations);
}

/** Many participants joined on cbA, then each moved to a breakout room on another bridge. */
export function breakout(participants = 120, opts: GenOptions = {}): TraceFile {
  const o = { scenario: `breakout-${participants}`, participants, seed: 7, ...opts };
  const { w, nodes, ids } = world(o);
  ids.forEach((p, i) => join(w, p, `User ${i + 1}`, 'cbA', i * 20_000));
  const outcomes: unknown[] = [];
  ids.forEach((p, i) => {
    const t0 = 5_000_000 + i * 1_000;
    const target = w.cbs[1 + (i % (w.cbs.length - 1))] as string;
    const done = move(w, p, `m${i + 1}`, target, t0, 'cbB');
    outcomes.push({
      move: `m${i + 1}`,
      participant: p,
      from: 'main',
      to: `breakout${(i % 12) + 1}`,
      result: 'moved',
      reason: null,
      requestedAt: t0,
      completedAt: done,
      limboMs: (done - t0) / 1000,
    });
  });
  return finish(o, w, nodes, outcomes, []);
}

/** A run of at least `messages` messages: 200 participants moving around over many minutes. */
export function bigRun(messages = 50_000, opts: GenOptions = {}): TraceFile {
  const o = { scenario: 'big-run', participants: 200, seed: 3, callBridges: 4, ...opts };
  const { w, nodes, ids } = world(o);
  ids.forEach((p, i) => join(w, p, `User ${i + 1}`, w.cbs[i % w.cbs.length] as string, i * 5_000));
  const outcomes: unknown[] = [];
  let k = 0;
  const busy = new Map<string, number>();
  while (w.gen.messages < messages) {
    const p = ids[k % ids.length] as string;
    const t0 = Math.max(2_000_000 + k * 250_000, (busy.get(p) ?? 0) + 10_000);
    const home = w.home.get(p) as string;
    const others = w.cbs.filter((c) => c !== home);
    const target = others[k % others.length] as string;
    const api = w.cbs[(k + 1) % w.cbs.length] as string;
    const done = move(w, p, `m${k + 1}`, target, t0, api);
    busy.set(p, done);
    outcomes.push({
      move: `m${k + 1}`,
      participant: p,
      from: home,
      to: target,
      result: 'moved',
      reason: null,
      requestedAt: t0,
      completedAt: done,
      limboMs: (done - t0) / 1000,
    });
    k++;
  }
  return finish(o, w, nodes, outcomes, [
    { invariant: 'load-threshold', t: 60_000_000, detail: 'example violation' },
  ]);
}

/** The string a hostile trace uses as a participant's name and id. */
export const XSS = '<img src=x onerror=alert(1)>';

/** A move whose participant's name, id and data are HTML, and whose kinds and reasons are too. */
export function xssTrace(): TraceFile {
  const t = moveAcrossBridges({
    ids: () => XSS,
    names: () => XSS,
    dropKind: { kind: 'ws.end', reason: '<script>alert(2)</script>' },
  });
  return { ...t, scenario: '<b>bold</b><script>alert(3)</script>' };
}

/** The streamed (NDJSON) form of a trace: header line, one event a line, then outcomes. */
export function toNdjson(t: TraceFile): string {
  const { events, outcomes, violations, meta, ...header } = t;
  const lines = [
    JSON.stringify(header),
    ...events.map((e) => JSON.stringify(e)),
    // One final line with all three, as the streaming sink writes it.
    JSON.stringify(meta ? { outcomes, violations, meta } : { outcomes, violations }),
  ];
  return `${lines.join('\n')}\n`;
}
