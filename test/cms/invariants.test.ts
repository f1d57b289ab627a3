/**
 * Each invariant, on a world where it holds (the end of a clean move) and on a world built to
 * break it, returning `{ ok, violations }` data.
 */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  carriedState,
  guestAccountLifecycle,
  loadAccounting,
  loadThreshold,
  moveOutcome,
  noDuplicateParticipant,
  noOrphans,
  oldJwtDeleted,
  singleCall,
} from '../../sim/cms/invariants.js';
import { judgeOutcomes } from '../../sim/cms/outcomes.js';
import type {
  BrowserState,
  CallBridgeState,
  CmmState,
  WebBridgeState,
} from '../../sim/cms/state.js';
import type { Checker, NodeView, World } from '../../sim/engine/index.js';
import { buildSummary, cutOffText } from '../../sim/report/summary.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { ScenarioSchema } from '../../sim/scenario/schema.js';
import { loadShipped, ROOT } from '../helpers/scenarios.js';

const clean = runScenario(loadShipped('move-across-bridges'), { traceLevel: 'off' });
const moves = clean.built.moves;

interface Editable {
  cb: (id: string) => CallBridgeState;
  wb: (id: string) => WebBridgeState;
  browser: (id: string) => BrowserState;
  cmm: () => CmmState;
  world: World;
}

/** A deep copy of the clean run's final world, at quiescence, that a test may change. */
function copyWorld(): Editable {
  const src = clean.built.sim.world();
  const nodes = new Map<string, NodeView>();
  for (const [id, n] of src.nodes)
    nodes.set(id, { id, kind: n.kind, up: n.up, state: structuredClone(n.state) });
  const world: World = { now: src.now, nodes, stopReason: 'quiescent' };
  const state = <S>(id: string) => nodes.get(id)!.state as S;
  return {
    cb: state<CallBridgeState>,
    wb: state<WebBridgeState>,
    browser: state<BrowserState>,
    cmm: () => state<CmmState>('cmm'),
    world,
  };
}

const cbC = (e: Editable) => e.cb('cbC');
const theInstance = (e: Editable) =>
  [...cbC(e).instances.values()].find((i) => i.browser === 'userX')!;

const CASES: [
  string,
  { check: (w: World) => { ok: boolean; violations: { detail: string }[] } },
  (e: Editable) => void,
  RegExp,
][] = [
  [
    'single-call',
    singleCall,
    (e) => {
      const copy = { ...theInstance(e), id: 'ghost', spaceId: 'space1' };
      e.cb('cbA').instances.set('ghost', copy);
    },
    /media-connected to 2 calls/,
  ],
  [
    'no-duplicate-participant',
    noDuplicateParticipant,
    (e) => {
      e.cb('cbB').instances.set('dup', { ...theInstance(e), id: 'dup', status: 'pending' });
    },
    /2 participant instances/,
  ],
  [
    'old-jwt-deleted',
    oldJwtDeleted,
    (e) => {
      cbC(e).deletedJwts.set(e.browser('userX').jwt!.id, 0);
    },
    /was authenticated with JWT .* after cbC had deleted it/,
  ],
  [
    'no-orphans',
    noOrphans,
    (e) => {
      cbC(e).guestAccounts.set('guest42', { id: 'guest42', name: 'Nobody', participant: 'gone' });
    },
    /guest account guest42 has no participant/,
  ],
  [
    'guest-account-lifecycle',
    guestAccountLifecycle,
    (e) => {
      cbC(e).destroyedGuestAccounts.push(theInstance(e).user);
    },
    /destroyed before and is in use again/,
  ],
  [
    'load-accounting',
    loadAccounting,
    (e) => {
      cbC(e).load += 500;
    },
    /reports load 2500 but its instances add up to 2000/,
  ],
  [
    'load-threshold',
    loadThreshold,
    (e) => {
      e.cb('cbB').lastPlacement = {
        key: 'move:m1',
        bridge: 'cbC',
        loadBasisPoints: 7990,
        addedBasisPoints: 105,
        limitBasisPoints: 8000,
        policy: 'cms',
      };
    },
    /past its limit 8000 bp/,
  ],
  [
    'move-outcome',
    moveOutcome(moves),
    (e) => {
      const h = e.browser('userX').history.get('m1')!;
      h.joinedSpace = undefined;
      h.error = undefined;
      e.browser('userX').move = undefined;
    },
    /ended dropped with no reason/,
  ],
  [
    'carried-state',
    carriedState(clean.built.config.spaces),
    (e) => {
      e.browser('userX').local.muted = false;
      e.browser('userX').local.chatMessages = 2;
    },
    /mute was true before move m1, is false[\s\S]*chat not cleared/,
  ],
];

describe('invariants', () => {
  it.each(CASES)('%s holds at the end of a clean move', (_name, checker) => {
    expect(checker.check(copyWorld().world)).toEqual({ ok: true, violations: [] });
  });

  it.each(CASES)('%s reports a world built to break it', (_name, checker, breakIt, detail) => {
    const e = copyWorld();
    breakIt(e);
    const r = checker.check(e.world);
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.detail).join('\n')).toMatch(detail);
  });

  it.each(CASES.filter(([, c]) => 'checkChanged' in c))(
    '%s asked about each node alone finds, together, exactly what the whole check finds',
    (_name, checker, breakIt) => {
      const e = copyWorld();
      breakIt(e);
      // During the run: the end-of-run part of a check is never asked about one node.
      const world = { ...e.world, stopReason: undefined };
      const all = checker.check(world).violations.map((v) => JSON.stringify(v));
      expect(all.length).toBeGreaterThan(0);
      const found = new Set<string>();
      for (const node of world.nodes.values()) {
        const part = (checker as Checker).checkChanged!(world, node).violations;
        for (const v of part.map((x) => JSON.stringify(x))) {
          expect(all).toContain(v);
          found.add(v);
        }
      }
      expect([...found].sort()).toEqual([...all].sort());
    },
  );

  it("carried-state reports a moved participant's leg that kept server-side state", () => {
    const e = copyWorld();
    const call = e.browser('userX').call!;
    const leg = e.cb(call.bridge).instances.get(call.participant)!;
    leg.serverMuted = true;
    leg.serverLayout = 'speakerOnly';
    leg.importance = 3;
    const r = carriedState(clean.built.config.spaces).check(e.world);
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.detail)).toEqual([
      "userX: server mute true, not false (the target's default) after move m1",
      "userX: layout speakerOnly, not automatic (the target's default) after move m1",
      "userX: importance 3, not 0 (the target's default) after move m1",
    ]);
  });

  it('old-jwt-deleted tolerates a deletion the web bridge has not heard of yet, but not at the end', () => {
    const e = copyWorld();
    cbC(e).deletedJwts.set(e.browser('userX').jwt!.id, e.world.now);
    expect(oldJwtDeleted.check({ ...e.world, stopReason: undefined }).ok).toBe(true);
    expect(
      oldJwtDeleted
        .check(e.world)
        .violations.map((v) => v.detail)
        .join(),
    ).toMatch(/still authenticated at the end/);
  });

  it.each([
    ['move-across-bridges', []],
    ['troubleshoot-a-canmove-false', []],
    [
      'breakout-120',
      ['network.loss=[{ probability: 0.05 }]', 'network.duplication=[{ probability: 0.2 }]'],
    ],
  ] as const)(
    "leaves the outcomes it judged for %s's report: those of judging the end state again",
    (name, sets) => {
      const out = runScenario(loadShipped(name, [...sets]), { traceLevel: 'off', seed: 4 });
      expect(out.built.judged.atUs).toBe(out.result.now);
      expect(out.outcomes).toBe(out.built.judged.outcomes);
      expect(out.outcomes).toEqual(judgeOutcomes(out.built.sim.world(), out.built.moves));
      expect(out.outcomes.length).toBe(out.built.moves.length);
    },
  );

  it('does not call a rejected move with a reason a violation', () => {
    const out = runScenario(loadShipped('troubleshoot-a-canmove-false'), { traceLevel: 'off' });
    expect(moveOutcome(out.built.moves).check(out.built.sim.world())).toEqual({
      ok: true,
      violations: [],
    });
  });

  it('skips a call bridge that is down, whose state is lost', () => {
    const e = copyWorld();
    e.cb('cbA').instances.set('ghost', { ...theInstance(e), id: 'ghost', spaceId: 'space1' });
    const n = e.world.nodes.get('cbA')!;
    (e.world.nodes as Map<string, NodeView>).set('cbA', { ...n, up: false });
    expect(singleCall.check(e.world).ok).toBe(true);
  });
});

/** One guest moved at 5 s whose browser crashes at 20 s and reloads a second later. */
function crashAfterMove(until: string, sessionCleanup = true) {
  return ScenarioSchema.parse({
    name: 'crash-after-move',
    seed: 1,
    until,
    cluster: {
      callBridges: [{ id: 'cb1' }],
      webBridges: [{ id: 'wb1' }],
      cmm: { apiBridge: 'cb1' },
      recovery: { sessionCleanup },
    },
    spaces: [
      { id: 'space1', name: 'Space 1' },
      { id: 'space2', name: 'Space 2' },
    ],
    participants: [{ id: 'p1', name: 'P1', join: { space: 'space1', at: '0ms' } }],
    moves: [{ id: 'm1', at: '5s', participant: 'p1', to: 'space2' }],
    faults: [{ at: '20s', crash: 'p1', restartAfter: '1s' }],
  });
}

describe('end-of-run checks', () => {
  it('are not run when until cuts the run off while a recovery timer is pending, and the run says what was pending', () => {
    const out = runScenario(crashAfterMove('30s'), { traceLevel: 'off' });
    expect(out.result.stopReason).toBe('end-time');
    expect(out.violations).toEqual([]);
    expect(out.result.cutOff?.pending.map((p) => `${p.node} ${p.what}`)).toContain(
      'wb1 timer idle',
    );
    const summary = buildSummary(out);
    expect(summary.cutOff?.pendingEvents).toBe(out.result.cutOff?.pendingEvents);
    expect(cutOffText(out)).toMatch(
      /^cut off before recovery finished \(pending: wb1 timer idle at [0-9.]+ ms\)/,
    );
  });

  it('run at quiescence, where the pending recovery has removed what the cut-off run still held', () => {
    const out = runScenario(crashAfterMove('300s'), { traceLevel: 'off' });
    expect(out.result.stopReason).toBe('quiescent');
    expect(out.result.cutOff).toBeUndefined();
    expect(buildSummary(out)).not.toHaveProperty('cutOff');
    expect(out.violations).toEqual([]);
  });

  it('still report a real leak at quiescence (no recovery to wait for)', () => {
    const out = runScenario(crashAfterMove('300s', false), { traceLevel: 'off' });
    expect(out.result.stopReason).toBe('quiescent');
    expect(out.result.cutOff).toBeUndefined();
    expect(out.violations.map((v) => v.invariant)).toContain('old-jwt-deleted');
  });

  it('still report safety violations that happened before the cut-off', () => {
    // F17's case: a duplicate at 6167 ms while the undelivered move's instance waits for its
    // pending timeout; cut off at 7 s, the per-event check still reports it.
    const r = loadScenarioFile(
      join(ROOT, 'test/counterexamples/invariant-no-duplicate-participant-b45ad258.yaml'),
      { set: ['until=7s'] },
    );
    if (!r.ok) throw new Error('the counterexample does not load');
    const cut = runScenario(r.scenario, { traceLevel: 'off' });
    expect(cut.result.cutOff).toBeDefined();
    expect(cut.violations.map((v) => `${v.invariant} ${v.detail}`)).toEqual([
      'no-duplicate-participant p1 in space2 has 2 participant instances',
    ]);
  });
});
