/**
 * Limits and crashes: a run past its limits stops with a reason; a crashed node loses its
 * messages with a reason and restarts with what its kind keeps.
 */
import { describe, expect, it } from 'vitest';

import { ArraySink, Simulation } from '../../sim/engine/index.js';

function forever(options: ConstructorParameters<typeof Simulation>[0]) {
  const sim = new Simulation(options);
  sim.addNode({
    id: 'n',
    kind: 'test',
    state: {},
    handler: (_s, _input, ctx) => {
      ctx.setTimer(1000, 'again');
    },
  });
  sim.schedule(0, 'n', 'start');
  return sim;
}

describe('limits', () => {
  it('stop a never-ending run after maxEvents with the reason max-events', () => {
    const r = forever({ maxEvents: 500 }).run();
    expect(r.stopReason).toBe('max-events');
    expect(r.events).toBe(500);
  });

  it('stop at the end time with the reason end-time and the clock at the end time', () => {
    const r = forever({ untilUs: 10_500 }).run();
    expect(r.stopReason).toBe('end-time');
    expect(r.now).toBe(10_500);
    expect(r.events).toBe(11);
  });

  it('stop with the reason quiescent when nothing is left to do', () => {
    const sim = new Simulation();
    sim.addNode({ id: 'n', kind: 'test', state: {}, handler: () => {} });
    sim.schedule(5, 'n', 'x');
    expect(sim.run().stopReason).toBe('quiescent');
  });

  it('name the node, the input and the time when a handler throws', () => {
    const sim = new Simulation();
    sim.addNode({
      id: 'boom',
      kind: 'test',
      state: {},
      handler: () => {
        throw new Error('bad state');
      },
    });
    sim.schedule(42, 'boom', 'x');
    expect(() => sim.run()).toThrow(/node "boom".*t=42us.*bad state/);
  });
});

describe('crash and restart', () => {
  it('drop messages to a down node with reason node-down and keep only what restart keeps', () => {
    const sink = new ArraySink();
    const sim = new Simulation({ traceLevel: 'messages', trace: sink });
    sim.addNode<{ got: number; durable: number }>({
      id: 'srv',
      kind: 'test',
      state: { got: 0, durable: 0 },
      handler: (s, input) => {
        if (input.type === 'message') {
          s.got++;
          s.durable++;
        }
      },
      restart: (at, initial) => ({ ...initial, durable: at.durable }),
    });
    sim.addNode({
      id: 'cli',
      kind: 'test',
      state: {},
      handler: (_s, input, ctx) => {
        if (input.type === 'action') ctx.send('srv', 'hello', {});
      },
    });
    sim.schedule(0, 'cli', 'x');
    sim.crash(10, 'srv', 100);
    sim.schedule(20, 'cli', 'x');
    sim.schedule(200, 'cli', 'x');
    sim.run();
    const drops = sink.events.filter((e) => e.type === 'drop');
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({ reason: 'node-down', to: 'srv', t: 20 });
    expect(
      sink.events.filter((e) => e.type === 'local').map((e) => (e.type === 'local' ? e.kind : '')),
    ).toEqual(['crash', 'restart']);
    expect(sim.stateOf<{ got: number; durable: number }>('srv')).toEqual({ got: 1, durable: 2 });
  });
});
