/**
 * The engine's steering seams (control.ts): message fates, and controlled stepping that makes
 * the same schedules a fate or a timed crash makes in a normal run.
 */
import { describe, expect, it } from 'vitest';

import {
  ArraySink,
  EventQueue,
  type Handler,
  type MessageFate,
  type Queued,
  Simulation,
  type TraceEvent,
} from '../../sim/engine/index.js';

/** `a` sends three messages to `b` at time 0 and one to `c`; everyone else records arrivals. */
const handler: Handler<{ got: string[] }> = (s, input, ctx) => {
  if (input.type === 'action') {
    for (const k of ['x1', 'x2', 'x3']) ctx.send('b', k, {});
    ctx.send('c', 'y', {});
  } else if (input.type === 'message') s.got.push(input.message.kind);
};

/** The little network: a→b 1 ms, a→c 2 ms (so c's message arrives between b's and later). */
function build(fates?: Map<number, MessageFate>) {
  const trace = new ArraySink();
  const latency = (_from: string, to: string) => ({
    dist: 'constant' as const,
    ms: to === 'b' ? 1 : 1.5,
  });
  const sim = new Simulation({
    traceLevel: 'messages',
    trace,
    network: { latency },
    ...(fates === undefined ? {} : { messageFates: fates }),
  });
  for (const id of ['a', 'b', 'c'])
    sim.addNode({ id, kind: 'n', state: { got: [] as string[] }, handler });
  sim.schedule(0, 'a', 'go');
  return { sim, trace };
}

/** The deliveries and drops of a trace: what arrived where and when. */
const arrivals = (events: TraceEvent[]) =>
  events
    .filter((e) => e.type === 'deliver' || e.type === 'drop')
    .map((e) => `${e.type} ${(e as { kind: string }).kind} ${e.t}`);

/** Steps a simulation to its end under control, making `choose` at each step. */
function steer(sim: Simulation, choose: (step: number) => void): void {
  for (let step = 0; typeof sim.nextEvent() !== 'string'; step++) choose(step);
  sim.finish('quiescent');
}

describe('controlled stepping', () => {
  it('takes the same steps as a normal run when it only steps', () => {
    const normal = build();
    normal.sim.run();
    const stepped = build();
    steer(stepped.sim, () => stepped.sim.stepNext());
    expect(stepped.trace.events).toEqual(normal.trace.events);
  });

  it('defers a message past the next event the way a delay fate does, FIFO kept', () => {
    const controlled = build();
    let delayUs: number | undefined;
    steer(controlled.sim, (step) => {
      if (step === 1) delayUs = controlled.sim.deferNext();
      else controlled.sim.stepNext();
    });
    // x1 (1 ms) passes y (1.5 ms); x2 and x3 stay behind x1 on their link.
    expect(delayUs).toBe(501);
    expect(arrivals(controlled.trace.events)).toEqual([
      'deliver y 1500',
      'deliver x1 1501',
      'deliver x2 1501',
      'deliver x3 1501',
    ]);
    const fated = build(new Map([[1, { delayUs: delayUs! }]]));
    fated.sim.run();
    expect(arrivals(fated.trace.events)).toEqual(arrivals(controlled.trace.events));
  });

  it('lets later messages of its link overtake it with reorder, as a reorder fate does', () => {
    const controlled = build();
    let delayUs: number | undefined;
    steer(controlled.sim, (step) => {
      if (step === 1) delayUs = controlled.sim.deferNext(1, true);
      else controlled.sim.stepNext();
    });
    // x1 passes x2 (1 ms, its own link), and x3 due at the same instant; y keeps its time.
    expect(delayUs).toBe(1);
    expect(arrivals(controlled.trace.events)).toEqual([
      'deliver x2 1000',
      'deliver x3 1000',
      'deliver x1 1001',
      'deliver y 1500',
    ]);
    const fated = build(new Map([[1, { delayUs: 1, reorder: true }]]));
    fated.sim.run();
    expect(arrivals(fated.trace.events)).toEqual(arrivals(controlled.trace.events));
    // The same delay without reorder keeps the link FIFO: x2 and x3 wait behind x1.
    const fifo = build(new Map([[1, { delayUs: 1 }]]));
    fifo.sim.run();
    expect(arrivals(fifo.trace.events).slice(0, 3)).toEqual([
      'deliver x1 1001',
      'deliver x2 1001',
      'deliver x3 1001',
    ]);
  });

  it('passes several events when asked, and refuses when fewer come after', () => {
    const { sim } = build();
    sim.stepNext();
    expect(sim.deferNext(2)).toBeUndefined();
    expect(sim.deferNext(1)).toBe(501);
  });

  it('loses a message the way a drop fate does, with the same trace', () => {
    const controlled = build();
    steer(controlled.sim, (step) => {
      if (step === 2) expect(controlled.sim.dropNext()).toBe(true);
      else controlled.sim.stepNext();
    });
    const fated = build(new Map([[2, { drop: true }]]));
    fated.sim.run();
    expect(fated.trace.events).toEqual(controlled.trace.events);
    expect(arrivals(fated.trace.events)).toContain('drop x2 1000');
  });

  it('crashes a node 1 µs from now the way a crash scheduled at that time does', () => {
    const controlled = build();
    steer(controlled.sim, (step) => {
      if (step === 1) expect(controlled.sim.crashNow('b', 200)).toBe(1);
      controlled.sim.stepNext();
    });
    const scheduled = build();
    scheduled.sim.crash(1, 'b', 200);
    scheduled.sim.run();
    expect(controlled.trace.events).toEqual(scheduled.trace.events);
  });

  it('refuses a crash within one instant: the next event must be later than 1 µs from now', () => {
    const { sim } = build();
    sim.stepNext();
    sim.stepNext();
    // Now 1 ms (x1 delivered); x2 is due at 1 ms too.
    expect(sim.crashNow('b')).toBeUndefined();
  });

  it('puts the message count in the fingerprint only when fates name messages by id', () => {
    const plain = build();
    plain.sim.stepNext();
    expect(plain.sim.fingerprintInput().nextMessageId).toBeUndefined();
    const fated = build(new Map([[9, { drop: true }]]));
    fated.sim.stepNext();
    expect(fated.sim.fingerprintInput().nextMessageId).toBe(5);
    // The pending deliveries, in order, with their receivers and kinds.
    expect(fated.sim.fingerprintInput().pending.map((p) => `${p[1]} ${p[4]}`)).toEqual([
      'b x1',
      'b x2',
      'b x3',
      'c y',
    ]);
  });

  it('doubles a message with a duplicate fate', () => {
    const fated = build(new Map([[4, { duplicate: true }]]));
    fated.sim.run();
    expect(fated.sim.stateOf<{ got: string[] }>('c').got).toEqual(['y', 'y']);
  });
});

describe('removing from the event queue', () => {
  it('keeps the (at, seq) order of what remains', () => {
    const q = new EventQueue<Queued & { label: number }>();
    const items = Array.from({ length: 300 }, (_, i) => ({ at: 0, seq: 0, label: i }));
    let x = 7;
    for (const it of items) {
      x = (x * 1103515245 + 12345) % 2147483648;
      q.push(it, x % 40);
    }
    const removed = new Set<number>();
    for (let i = 0; i < items.length; i += 3) {
      expect(q.remove(items[i]!)).toBe(true);
      removed.add(i);
    }
    expect(q.remove(items[0]!)).toBe(false);
    const out: (Queued & { label: number })[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e);
    expect(out).toHaveLength(items.length - removed.size);
    expect(out.some((e) => removed.has(e.label))).toBe(false);
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1]!;
      const b = out[i]!;
      expect(a.at < b.at || (a.at === b.at && a.seq < b.seq)).toBe(true);
    }
  });
});
