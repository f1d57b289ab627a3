/**
 * The network: FIFO links, latency from the link's stream, and every fault leaving a trace.
 */
import { describe, expect, it } from 'vitest';

import {
  ArraySink,
  type NetworkOptions,
  Simulation,
  type TraceEvent,
} from '../../sim/engine/index.js';

/** Two nodes: `a` sends `count` numbered messages to `b` when poked; `b` records arrivals. */
function pingRun(network: NetworkOptions, count = 50, seed = 1) {
  const sink = new ArraySink();
  const received: number[] = [];
  const sim = new Simulation({ seed, traceLevel: 'messages', trace: sink, network });
  sim.addNode({
    id: 'a',
    kind: 'test',
    state: {},
    handler: (_s, input, ctx) => {
      if (input.type === 'action') for (let i = 0; i < count; i++) ctx.send('b', 'ping', { i });
      else if (input.type === 'timer') ctx.send('b', 'ping', { i: input.payload as number });
    },
  });
  sim.addNode({
    id: 'b',
    kind: 'test',
    state: {},
    handler: (_s, input) => {
      if (input.type === 'message') received.push((input.message.data as { i: number }).i);
    },
  });
  sim.schedule(0, 'a', 'go');
  const result = sim.run();
  return { events: sink.events, received, result };
}

const wide: NetworkOptions = { latency: () => ({ dist: 'uniform', minMs: 1, maxMs: 50 }) };

describe('links', () => {
  it('deliver in sending order even when later messages draw shorter latencies', () => {
    const { received, events } = pingRun(wide);
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const sends = events.filter((e) => e.type === 'send') as Extract<
      TraceEvent,
      { type: 'send' }
    >[];
    const distinct = new Set(sends.map((e) => e.deliverAt));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('let messages overtake each other only under a reorder fault', () => {
    const { received } = pingRun({
      ...wide,
      faults: { reorder: [{ probability: 0.5, maxExtraUs: 100_000 }] },
    });
    expect([...received].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(received).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('network faults', () => {
  it('lose messages under a loss probability, each drop traced with reason "loss"', () => {
    const { received, events } = pingRun(
      { ...wide, faults: { loss: [{ probability: 0.3 }] } },
      200,
    );
    const drops = events.filter((e) => e.type === 'drop');
    expect(drops.length).toBeGreaterThan(20);
    expect(drops.every((e) => e.type === 'drop' && e.reason === 'loss')).toBe(true);
    expect(received.length + drops.length).toBe(200);
  });

  it('duplicate messages, marking the extra copy', () => {
    const { received, events } = pingRun(
      { ...wide, faults: { duplication: [{ probability: 0.2 }] } },
      100,
    );
    const dups = events.filter((e) => e.type === 'deliver' && e.duplicate === true);
    expect(dups.length).toBeGreaterThan(5);
    expect(received.length).toBe(100 + dups.length);
  });

  it('drop everything across a partition in its time window, and nothing outside it', () => {
    const { events } = pingRun(
      { faults: { partitions: [{ fromUs: 0, untilUs: 1, sideA: ['a'], sideB: ['b'] }] } },
      5,
    );
    expect(events.filter((e) => e.type === 'drop' && e.reason === 'partition')).toHaveLength(5);
    const later = pingRun(
      { faults: { partitions: [{ fromUs: 10, untilUs: 20, sideA: ['a'], sideB: ['b'] }] } },
      5,
    );
    expect(later.events.filter((e) => e.type === 'drop')).toHaveLength(0);
  });

  it('cut only one direction of a one-way partition', () => {
    const { events } = pingRun(
      {
        faults: {
          partitions: [{ fromUs: 0, untilUs: 1e9, sideA: ['b'], sideB: ['a'], oneWay: true }],
        },
      },
      3,
    );
    expect(events.filter((e) => e.type === 'drop')).toHaveLength(0);
  });

  it('drop exactly the first matching message after the targeted time', () => {
    const { received, events } = pingRun(
      { faults: { drops: [{ atUs: 0, kind: 'ping', count: 2 }] } },
      5,
    );
    expect(received).toEqual([2, 3, 4]);
    expect(
      events.filter((e) => e.type === 'drop').map((e) => (e.type === 'drop' ? e.reason : '')),
    ).toEqual(['targeted-drop', 'targeted-drop']);
  });

  it('reproduce the same faults from the same seed', () => {
    const f: NetworkOptions = {
      ...wide,
      faults: { loss: [{ probability: 0.3 }], duplication: [{ probability: 0.2 }] },
    };
    expect(JSON.stringify(pingRun(f, 100, 9).events)).toBe(
      JSON.stringify(pingRun(f, 100, 9).events),
    );
    expect(JSON.stringify(pingRun(f, 100, 9).events)).not.toBe(
      JSON.stringify(pingRun(f, 100, 10).events),
    );
  });

  it('do not change any latency when a fault that never fires is switched on', () => {
    const plain = pingRun(wide, 30).events.filter((e) => e.type === 'send');
    const withRule = pingRun({ ...wide, faults: { loss: [{ probability: 0 }] } }, 30).events.filter(
      (e) => e.type === 'send',
    );
    expect(withRule).toEqual(plain);
  });
});
