/**
 * The explorer's exhaustiveness on tiny hand-made node sets, where the schedules within each
 * bound can be counted by hand: the distinct end states it reports must be exactly those.
 */
import { describe, expect, it } from 'vitest';

import { type Handler, Simulation } from '../../sim/engine/index.js';
import { explore, type ExploreSystem } from '../../sim/explore/search.js';

/** What the collector keeps: the senders whose messages arrived, in arrival order. */
interface Collected {
  got: string[];
}

const collect: Handler<Collected> = (s, input) => {
  if (input.type === 'message') s.got.push(input.message.from);
};

const sendOne: Handler<object> = (_s, input, ctx) => {
  if (input.type === 'action') ctx.send('c', 'note', {});
};

/**
 * Senders s1..sn each send one message to the collector `c` at time 0; the message of sender i
 * arrives at i ms (each on its own link). The end state's label is the arrival order.
 */
function senders(
  n: number,
  crashable: string[] = [],
  restartDelaysUs: (number | undefined)[] = [undefined],
): ExploreSystem {
  return {
    start() {
      const latency = (from: string) => ({ dist: 'constant' as const, ms: Number(from.slice(1)) });
      const sim = new Simulation({ network: { latency } });
      sim.addNode({
        id: 'c',
        kind: 'collector',
        state: { got: [] } as Collected,
        handler: collect,
      });
      for (let i = 1; i <= n; i++) {
        sim.addNode({ id: `s${i}`, kind: 'sender', state: {}, handler: sendOne });
        sim.schedule(0, `s${i}`, 'go');
      }
      return sim;
    },
    crashable,
    restartDelaysUs,
    labels: (sim) => [
      sim
        .stateOf<Collected>('c')
        .got.map((f) => f.slice(1))
        .join(''),
    ],
  };
}

/** The end states' labels, sorted. */
function endStates(system: ExploreSystem, delays: number, faults = 0): string[] {
  const r = explore(system, { delays, faults });
  expect(r.complete).toBe(true);
  return [...r.terminals.keys()].sort();
}

describe('explore on hand-made node sets', () => {
  it('with no delay follows only the scheduled order', () => {
    expect(endStates(senders(3), 0)).toEqual(['123']);
  });

  it('with one delay lets one message pass the one event after it', () => {
    // 1 past 2, or 2 past 3; the last message has nothing to pass.
    expect(endStates(senders(2), 1)).toEqual(['12', '21']);
    expect(endStates(senders(3), 1)).toEqual(['123', '132', '213']);
  });

  it('with more delays reaches the orders whose deferrals add up within the bound', () => {
    // A message only moves later, 1 µs past the last event it passes; each event passed is one
    // delay. 231: 1 passes 2 and 3 (2). 312: 1 passes 2 and 3 (2), then 2 passes 3 and lands
    // 1 µs after it, behind 1, which got there first (1). 321 needs 1 to pass 2 once more (4).
    expect(endStates(senders(3), 2)).toEqual(['123', '132', '213', '231']);
    expect(endStates(senders(3), 3)).toEqual(['123', '132', '213', '231', '312']);
    expect(endStates(senders(3), 4)).toEqual(['123', '132', '213', '231', '312', '321']);
  });

  it('with one fault loses any one message, and counts each distinct end state once', () => {
    const r = explore(senders(3), { delays: 0, faults: 1 });
    expect([...r.terminals.keys()].sort()).toEqual(['12', '123', '13', '23']);
    expect(r.complete).toBe(true);
  });

  it('crashes a node between two instants, never within one, as one of its faults', () => {
    // One fault: a lost message (12, 13, 23), or the collector crashing for good before 1 ms,
    // 2 ms or 3 ms, or after the last message: nothing more arrives after a crash.
    expect(endStates(senders(3, ['c']), 0, 1)).toEqual(['', '1', '12', '123', '13', '23']);
  });

  it('explores each restart delay of a crash as a fault of its own', () => {
    // A crash lands 1 µs after an event; restarting 1.5 ms later, the collector starts afresh
    // (nothing kept) and gets what arrives after: a crash after time 0 misses 1 (23), after 1
    // misses 2 and forgets 1 (3), after 2 or 3 ends with nothing (''). Without a restart it keeps
    // what it had: '', 1, 12, 123. A lost message gives 12, 13, 23.
    const restartOnly = endStates(senders(3, ['c'], [1500]), 0, 1);
    expect(restartOnly).toEqual(['', '12', '123', '13', '23', '3']);
    const both = endStates(senders(3, ['c'], [undefined, 1500]), 0, 1);
    expect(both).toEqual(['', '1', '12', '123', '13', '23', '3']);
  });

  it('explores the same states with snapshots as by re-executing each branch', () => {
    const counts = (system: ExploreSystem, stepping: 'snapshots' | 're-execution') => {
      const r = explore(system, { delays: 3, faults: 1, stepping });
      return {
        states: r.states,
        distinct: r.distinct,
        revisits: r.revisits,
        executions: r.executions,
        infeasible: r.infeasible,
        terminals: [...r.terminals],
        reached: [...r.reached],
      };
    };
    for (const system of [senders(3), senders(3, ['c'], [undefined, 1500])]) {
      const reExecuted = counts(system, 're-execution');
      expect(reExecuted.states).toBeGreaterThan(20);
      expect(counts(system, 'snapshots')).toEqual(reExecuted);
    }
  });

  it('stops at --max-states and says the bound was not reached', () => {
    const r = explore(senders(3), { delays: 4, maxStates: 5 });
    expect(r.complete).toBe(false);
    expect(r.states).toBe(5);
  });

  it('reports its progress every given number of states, with the same result as without', () => {
    const calls: number[] = [];
    const r = explore(senders(3), {
      delays: 3,
      faults: 1,
      progressEveryStates: 7,
      onProgress: (states, violations) => {
        expect(violations).toBe(0);
        calls.push(states);
      },
    });
    expect(calls.length).toBe(Math.floor(r.states / 7));
    expect(calls).toEqual(calls.map((_, i) => 7 * (i + 1)));
    expect(explore(senders(3), { delays: 3, faults: 1 }).states).toBe(r.states);
  });
});
