/**
 * The tech note's move, end to end on the default scenario: User X moved from Space 1 on
 * Callbridge A to Space 2, placed by Callbridge B on Callbridge C.
 */
import { describe, expect, it } from 'vitest';

import { cmsView } from '../../sim/cms/world.js';
import type { LocalEvent, SendEvent, TraceEvent } from '../../sim/engine/index.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const out = runScenario(loadShipped('move-across-bridges'));
const events = out.events as TraceEvent[];
const view = cmsView(out.built.sim.world());
const cb = (id: string) => view.callBridges.find((c) => c.id === id)!.state;
const userX = view.browsers.find((b) => b.id === 'userX')!.state;
const record = userX.history.get('m1')!;

/** The first event of each step of move m1: a send, or the local mark of steps 4 and 10. */
function firstOfEachStep(): Map<number, SendEvent | LocalEvent> {
  const first = new Map<number, SendEvent | LocalEvent>();
  for (const e of events) {
    if (
      (e.type === 'send' || e.type === 'local') &&
      e.move === 'm1' &&
      e.step !== undefined &&
      !first.has(e.step)
    ) {
      const local = e.step === 4 || e.step === 10;
      if ((e.type === 'local') !== local) continue;
      first.set(e.step, e);
    }
  }
  return first;
}

describe('the move across bridges', () => {
  it('ends moved, in Space 2, with no violation', () => {
    expect(out.outcomes).toHaveLength(1);
    expect(out.outcomes[0]).toMatchObject({
      move: 'm1',
      participant: 'userX',
      from: 'space1',
      to: 'space2',
      result: 'moved',
      reason: null,
    });
    expect(out.violations).toEqual([]);
    expect(userX.call?.spaceId).toBe('space2');
    expect(userX.call?.bridge).toBe('cbC');
    expect(userX.banner).toBe('Now in Space 2 (webapp.com)');
  });

  it('goes through steps 1 to 11 in order with the senders and receivers of the tech note', () => {
    const first = firstOfEachStep();
    // Step 11's new websocket is opened right after step 8, before the web bridge's step 9.
    expect([...first.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 11, 9, 10]);
    const expected: Record<number, [string, string] | string> = {
      1: ['cmm', 'cbB'],
      2: ['cbB', 'cbA'],
      3: ['cbA', 'cbB'],
      5: ['cbB', 'cbC'],
      6: ['cbC', 'wbA'],
      7: ['wbA', 'userX'],
      8: ['userX', 'wbA'],
      9: ['wbA', 'cbA'],
      11: ['userX', 'wbA'],
      4: 'cbB',
      10: 'cbA',
    };
    for (let step = 1; step <= 11; step++) {
      const e = first.get(step);
      expect(e, `step ${step} is in the trace`).toBeDefined();
      const want = expected[step]!;
      if (typeof want === 'string') expect(e).toMatchObject({ type: 'local', node: want });
      else expect(e).toMatchObject({ type: 'send', from: want[0], to: want[1] });
    }
    const seqOf = (s: number) => first.get(s)!.seq;
    for (const [a, b] of [
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 7],
      [7, 8],
      [8, 9],
      [9, 10],
    ] as const) {
      expect(seqOf(a), `step ${a} before step ${b}`).toBeLessThan(seqOf(b));
    }
    expect(seqOf(8)).toBeLessThan(seqOf(11));
  });

  it('places the new participant on Callbridge C by the replace query', () => {
    const placement = events.find(
      (e) => e.type === 'local' && e.kind === 'placement' && e.move === 'm1',
    );
    expect(placement).toMatchObject({
      node: 'cbB',
      step: 4,
      data: { bridge: 'cbC', policy: 'cms' },
    });
    const queries = events.filter(
      (e) => e.type === 'send' && e.kind === 'replace.query' && e.move === 'm1',
    );
    expect(queries.map((e) => (e as SendEvent).to).sort()).toEqual(['cbA', 'cbB', 'cbC']);
  });

  it('creates the new instance before destroying the old one', () => {
    const created = events.find((e) => e.type === 'deliver' && e.kind === 'participant.create')!;
    const teardown = events.find((e) => e.type === 'local' && e.kind === 'teardown')!;
    expect(created.t).toBeLessThan(teardown.t);
  });

  it('deletes the old JWT and guest account and removes the old instance from Callbridge A', () => {
    expect(record.oldJwt).toBeDefined();
    expect(record.oldUser).toMatch(/^guest\d+$/);
    for (const c of view.callBridges) {
      expect(c.state.jwts.has(record.oldJwt!)).toBe(false);
      expect(c.state.guestAccounts.has(record.oldUser!)).toBe(false);
    }
    expect(cb('cbA').instances.size).toBe(0);
    expect(cb('cbA').load).toBe(0);
    expect(cb('cbA').destroyedGuestAccounts).toContain(record.oldUser);
    const deleted = events.find(
      (e) => e.type === 'local' && e.kind === 'jwt.deleted' && e.node === 'cbA',
    );
    expect(deleted).toMatchObject({ data: { jwt: record.oldJwt } });
  });

  it('gives the participant a new guest account and a new JWT on Callbridge C', () => {
    expect(record.newUser).not.toBe(record.oldUser);
    expect(record.newJwt).not.toBe(record.oldJwt);
    expect(cb('cbC').jwts.has(record.newJwt)).toBe(true);
    expect(cb('cbC').guestAccounts.has(record.newUser)).toBe(true);
    // User Y is in Space 2 on Callbridge C too: its conference was running there.
    const inst = [...cb('cbC').instances.values()].filter((i) => i.browser === 'userX');
    expect(inst).toHaveLength(1);
    expect(inst[0]).toMatchObject({
      browser: 'userX',
      user: record.newUser,
      status: 'connected',
      spaceId: 'space2',
    });
  });

  it('carries mute and layout over, stops presenting and clears chat', () => {
    expect(record.before).toEqual({
      muted: true,
      layout: 'speaker',
      presenting: true,
      chatMessages: 3,
    });
    expect(userX.local).toEqual({
      muted: true,
      layout: 'speaker',
      presenting: false,
      chatMessages: 0,
    });
  });

  it('answers the API request with 200 and the Location of the new participant', () => {
    const newId = [...cb('cbC').instances.values()].find((i) => i.browser === 'userX')!.id;
    const rec = view.cmm!.state.moves.get('m1')!;
    expect(rec.response).toEqual({ status: 200, location: `/api/v1/participants/${newId}` });
    const sent = events.find((e) => e.type === 'send' && e.kind === 'api.response') as SendEvent;
    expect(sent).toMatchObject({ from: 'cbB', to: 'cmm', step: 5 });
  });
});
