/**
 * Who may be moved is decided where CMS decides it: the CMM detects Skype for Business and
 * Meeting App participants, warns and sends nothing; no API request, no CMS log line.
 */
import { describe, expect, it } from 'vitest';

import { isUnmovableType } from '../../sim/cms/messages.js';
import { STEP } from '../../sim/cms/protocol.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

describe('unmovable participants', () => {
  const out = runScenario(loadShipped('unmovable-participants'), { traceLevel: 'logs' });

  it('are refused by the CMM with unmovableType and no API status', () => {
    expect(out.outcomes.map((o) => [o.move, o.result, o.reason, o.api])).toEqual([
      ['m1', 'rejected', 'unmovableType', null],
      ['m2', 'rejected', 'unmovableType', null],
    ]);
  });

  it('leave no message to CMS and no CMS log line of a move', () => {
    const moveSends = (out.events ?? []).filter((e) => e.type === 'send' && e.move !== undefined);
    expect(moveSends).toEqual([]);
    expect(out.logs.filter(([, , l]) => /API trace|move participant/.test(l))).toEqual([]);
  });

  it('show the CMM warning in the trace', () => {
    const warnings = (out.events ?? []).filter(
      (e) => e.type === 'local' && e.node === 'cmm' && e.kind === 'move.refused',
    );
    expect(warnings).toHaveLength(2);
  });

  it('are Skype for Business, Meeting App and WB2 participants, not SIP or Web App ones', () => {
    expect(['sfb', 'meetingApp', 'wb2'].every((t) => isUnmovableType(t as never))).toBe(true);
    expect(['guest', 'member', 'sip'].some((t) => isUnmovableType(t as never))).toBe(false);
  });
});

describe('a SIP participant', () => {
  const out = runScenario(loadShipped('sip-move'), { traceLevel: 'logs' });
  const events = out.events ?? [];
  const ofMove = events.filter((e) => 'move' in e && e.move === 'm1');

  it('is moved into the target call with no violation', () => {
    expect(out.outcomes[0]).toMatchObject({ result: 'moved', api: 200 });
    expect(out.violations).toEqual([]);
  });

  it('gets no websocket move, no new JWT and no websocket steps', () => {
    const kinds = new Set(ofMove.map((e) => ('kind' in e ? e.kind : '')));
    for (const k of ['ws.move', 'move', 'ws.open', 'ws.auth', 'jwt.issued'])
      expect(kinds).not.toContain(k);
    const steps = new Set(
      ofMove.flatMap((e) => ('step' in e && e.step !== undefined ? [e.step] : [])),
    );
    const webAppOnly = [
      STEP.websocketMove,
      STEP.move,
      STEP.endWebsocket,
      STEP.endSession,
      STEP.newWebsocket,
    ];
    for (const s of webAppOnly) expect(steps.has(s)).toBe(false);
    expect(kinds).toContain('sip.move');
  });

  it('writes no "moving WC3 participant" line, only movesim\'s own SIP line', () => {
    const lines = out.logs.map(([, , l]) => l);
    expect(lines.filter((l) => l.includes('moving WC3 participant'))).toEqual([]);
    expect(
      lines.filter((l) => l.startsWith('movesim: move participant operation: moving SIP')),
    ).toHaveLength(1);
  });

  it('joins by a SIP call straight to its call bridge: no web bridge, websocket or JWT in the whole run', () => {
    const kinds = new Set(events.map((e) => ('kind' in e ? e.kind : '')));
    expect(kinds).toContain('sip.invite');
    expect(kinds).toContain('sip.invite.ok');
    for (const k of ['join.request', 'guest.login', 'ws.open', 'ws.auth', 'ws.end', 'jwt.issued'])
      expect(kinds, k).not.toContain(k);
    const viaWebBridge = events.filter((e) => /"(from|to|node)":"wbA"/.test(JSON.stringify(e)));
    expect(viaWebBridge).toEqual([]);
    const lines = out.logs.map(([, , l]) => l);
    expect(lines.filter((l) => /WebSocket|guest login|JWT/.test(l))).toEqual([]);
  });

  it('is told when its call bridge hangs up its leg (the call ended)', () => {
    const ended = runScenario(
      loadShipped('sip-move', ['moves=[]', 'expect=[]', 'faults=[{ endCall: space1, at: 2s }]']),
      { traceLevel: 'logs' },
    );
    const bye = (ended.events ?? []).filter((e) => 'kind' in e && e.kind === 'sip.bye');
    expect(bye.length).toBeGreaterThan(0);
    expect(ended.violations).toEqual([]);
  });

  it('has its old leg torn down on its home bridge', () => {
    const teardown = events.find(
      (e) => e.type === 'local' && e.kind === 'teardown' && e.move === 'm1',
    );
    expect(teardown?.type === 'local' && teardown.node).toBe('cbA');
  });
});
