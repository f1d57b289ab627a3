/**
 * Calls are active calls: an API call id names a space's call only while it is active, it is
 * distinct from the space's other ids, and a move into an ended call is refused
 * `404 callDoesNotExist` by the API bridge; a space whose call is not active cannot be a target.
 */
import { describe, expect, it } from 'vitest';

import { apiCallId } from '../../sim/cms/callbridge/calls.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const ended = runScenario(loadShipped('move-into-ended-call'), { traceLevel: 'messages' });

/** The kinds of the messages a move sent. */
function kindsOf(move: string): string[] {
  return (ended.events ?? []).flatMap((e) =>
    e.type === 'send' && e.move === move ? [e.kind] : [],
  );
}

describe('active calls', () => {
  it('refuses a move into a call whose last participant left, and into an ended call', () => {
    const byMove = new Map(ended.outcomes.map((o) => [o.move, o]));
    expect(byMove.get('m1')).toMatchObject({ result: 'moved' });
    expect(byMove.get('m2')).toMatchObject({ result: 'rejected', reason: 'callDoesNotExist' });
    expect(byMove.get('m2')?.api).toBe(404);
    expect(byMove.get('m3')).toMatchObject({ result: 'rejected', reason: 'callDoesNotExist' });
    expect(ended.violations).toEqual([]);
  });

  it('answers the ended call at step 1 without asking the home bridge', () => {
    expect(kindsOf('m2')).toEqual(['api.move', 'api.response']);
    const line = ended.logs.find(([, , l]) => l.includes('callDoesNotExist'));
    expect(line?.[1]).toBe('cbB');
  });

  it('lets the CMM refuse a target without an active call, sending nothing to CMS', () => {
    const m4 = ended.outcomes.find((o) => o.move === 'm4');
    expect(m4).toMatchObject({ result: 'rejected', reason: 'noActiveCall', api: null });
    expect(kindsOf('m4')).toEqual([]);
  });

  it('gives a space a new API call id when its call starts again', () => {
    const first = '5f0c6a3e-1111-4222-8333-444455556666';
    const ids = [0, 1, 2].map((n) => apiCallId(first, n));
    expect(ids[0]).toBe(first);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(apiCallId(first, 2)).toBe(ids[2]);
  });

  it('keeps the API call id apart from the space, conference and numeric call ids', () => {
    const config = ended.built.config;
    for (const sp of config.spaces.values()) {
      const others = [sp.id, sp.spaceGuid, sp.conferenceId, sp.numericCallId];
      expect(others).not.toContain(sp.callId);
      expect(sp.numericCallId).toMatch(/^\d+$/);
    }
  });

  it('sends the numeric call id, not the API call id, in the websocket move (step 6)', () => {
    const out = runScenario(loadShipped('move-across-bridges'), { traceLevel: 'messages' });
    const config = out.built.config;
    const space2 = config.spaces.get('space2')!;
    const wsMove = (out.events ?? []).find((e) => e.type === 'send' && e.kind === 'ws.move');
    expect(wsMove?.type === 'send' && (wsMove.data as { callId: string }).callId).toBe(
      space2.numericCallId,
    );
    const post = out.logs.find(([, , l]) => l.includes('POST for'))?.[2] ?? '';
    expect(post).not.toContain(space2.numericCallId);
  });
});
