/**
 * The tech note's troubleshooting cases, each a shipped scenario, end with the outcome and
 * reason they pin, and the printed explanation names the step and the evidence.
 */
import { describe, expect, it } from 'vitest';

import { explain } from '../../sim/report/explain.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const CASES: [string, string, string | null, number | null, RegExp][] = [
  [
    'troubleshoot-a-api-unreachable',
    'rejected',
    'timeout',
    1,
    /api\.move from cmm to cbB was dropped .*\(partition\)/,
  ],
  ['troubleshoot-a-canmove-false', 'rejected', 'canMoveFalse', 3, /refused the move: canMoveFalse/],
  [
    'troubleshoot-b-jwt-expired',
    'dropped',
    'jwtExpired',
    11,
    /JWT for guest\d+ rejected \(jwtExpired\)/,
  ],
  [
    'troubleshoot-b-no-permission',
    'dropped',
    'noPermission',
    11,
    /ws\.auth\.fail .*\(noPermission\)/,
  ],
  ['troubleshoot-b-target-bridge-crash', 'dropped', 'bridgeDown', 11, /cbC crashed/],
  [
    'troubleshoot-c-wrong-meeting',
    'wrong-meeting',
    'joined space3',
    6,
    /move message from cbC named call .*; the browser joined that call/,
  ],
];

describe('troubleshooting scenarios', () => {
  it.each(CASES)('%s ends %s (%s) and explains step %s', (name, result, reason, step, evidence) => {
    const out = runScenario(loadShipped(name), { traceLevel: 'logs' });
    expect(out.outcomes[0]).toMatchObject({ result, reason });
    expect(out.expectations.filter((e) => !e.ok)).toEqual([]);
    expect(out.violations).toEqual([]);
    const why = explain(out.outcomes[0]!, out.events ?? []);
    expect(why?.step).toBe(step);
    expect(why?.evidence.join('\n')).toMatch(evidence);
  });

  it('leaves a rejected participant untouched in its original call', () => {
    for (const name of ['troubleshoot-a-api-unreachable', 'troubleshoot-a-canmove-false']) {
      const out = runScenario(loadShipped(name));
      const userX = out.built.sim.stateOf<{
        call?: { spaceId: string };
        history: Map<string, unknown>;
        local: { presenting: boolean };
      }>('userX');
      expect(userX.call?.spaceId).toBe('space1');
      expect(userX.history.size).toBe(0);
      expect(userX.local.presenting).toBe(true);
    }
  });

  it('runs concurrent moves: a second move in flight is refused, a chain completes', () => {
    const out = runScenario(loadShipped('concurrent-moves'));
    expect(Object.fromEntries(out.outcomes.map((o) => [o.move, o.result]))).toEqual({
      'x-to-2': 'moved',
      'y-to-2': 'moved',
      'z-to-2': 'moved',
      'x-again': 'rejected',
      'y-to-3': 'moved',
    });
    expect(out.outcomes.find((o) => o.move === 'x-again')?.reason).toBe('moveInProgress');
    expect(out.violations).toEqual([]);
  });
});

describe('recovery', () => {
  it('cleans up after a lost "end websocket" so no invariant breaks', () => {
    const out = runScenario(loadShipped('lost-end-websocket'));
    expect(out.outcomes[0]?.result).toBe('moved');
    expect(out.violations).toEqual([]);
    expect(
      (out.events ?? []).some(
        (e) => e.type === 'drop' && e.kind === 'ws.end' && e.reason === 'targeted-drop',
      ),
    ).toBe(true);
  });

  it('leaves the old JWT and instance behind when recovery is switched off', () => {
    const out = runScenario(
      loadShipped('lost-end-websocket', ['cluster.recovery.sessionCleanup=false']),
    );
    const broken = new Set(out.violations.map((v) => v.invariant));
    expect(broken.has('old-jwt-deleted')).toBe(true);
    expect(broken.has('no-orphans')).toBe(true);
  });

  it('tears down an instance whose media stopped when step 9 is lost, unless recovery is off', () => {
    const drop = ['faults=[{"at":"5s","drop":{"kind":"session.end"}}]'];
    const on = runScenario(loadShipped('move-across-bridges', drop));
    expect(on.outcomes[0]?.result).toBe('moved');
    expect(on.violations).toEqual([]);
    expect(on.logs.some(([, node, line]) => node === 'cbA' && /tearing down/.test(line))).toBe(
      true,
    );
    const off = runScenario(
      loadShipped('move-across-bridges', [...drop, 'cluster.recovery.sessionCleanup=false']),
    );
    expect(off.violations.map((v) => v.invariant)).toContain('no-orphans');
  });
});
