/**
 * The engine's one ordering key, (time, seq): earlier time first, and at the same instant the
 * order of scheduling.
 */
import { describe, expect, it } from 'vitest';

import { EventQueue, type Queued, Simulation } from '../../sim/engine/index.js';

describe('event ordering', () => {
  it('runs events scheduled for the same instant in the order they were scheduled', () => {
    const seen: string[] = [];
    const sim = new Simulation();
    sim.addNode({
      id: 'n',
      kind: 'test',
      state: {},
      handler: (_s, input) => {
        if (input.type === 'action') seen.push(input.action as string);
      },
    });
    for (const name of ['first', 'second', 'third', 'fourth']) sim.schedule(1000, 'n', name);
    sim.schedule(500, 'n', 'earlier');
    sim.run();
    expect(seen).toEqual(['earlier', 'first', 'second', 'third', 'fourth']);
  });

  it('pops a heap of many random times in (at, seq) order', () => {
    const q = new EventQueue<Queued & { label: number }>();
    const times: number[] = [];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = x % 50;
      times.push(t);
      q.push({ at: 0, seq: 0, label: i }, t);
    }
    const out: { at: number; seq: number }[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push({ at: e.at, seq: e.seq });
    expect(out).toHaveLength(2000);
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1]!,
        b = out[i]!;
      expect(a.at < b.at || (a.at === b.at && a.seq < b.seq)).toBe(true);
    }
  });

  it('timers set by a handler fire after their delay, and a cancelled timer never fires', () => {
    const fired: unknown[] = [];
    const sim = new Simulation({ traceLevel: 'off' });
    sim.addNode({
      id: 'n',
      kind: 'test',
      state: {},
      handler: (_s, input, ctx) => {
        if (input.type === 'action') {
          ctx.setTimer(300, 'kept');
          const id = ctx.setTimer(200, 'cancelled');
          ctx.cancelTimer(id);
        } else if (input.type === 'timer') fired.push([ctx.now, input.payload]);
      },
    });
    sim.schedule(100, 'n', 'go');
    sim.run();
    expect(fired).toEqual([[400, 'kept']]);
  });
});
