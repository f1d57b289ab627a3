/**
 * The two engine hooks the streaming and sampling paths rely on: a trace sink's `begin` is
 * called once, before any event, with the seed and the nodes; `afterEvent` is told which node
 * an event may have changed, so a sampler can look at that node alone.
 */
import { describe, expect, it } from 'vitest';

import {
  Simulation,
  type TraceEvent,
  type TraceSink,
  type TraceStart,
} from '../../sim/engine/index.js';

/** A client that sends one message to a server that may be down. */
function pair(sink?: TraceSink, seen?: (string | undefined)[]) {
  const sim = new Simulation({
    seed: 'hooks',
    network: { latency: () => ({ dist: 'constant' as const, ms: 1 }) },
    ...(sink === undefined ? {} : { traceLevel: 'messages' as const, trace: sink }),
    ...(seen === undefined ? {} : { afterEvent: (_w, changed) => seen.push(changed?.id) }),
  });
  sim.addNode({
    id: 'cli',
    kind: 'test',
    state: { sent: 0 },
    handler: (s, input, ctx) => {
      if (input.type === 'action') {
        s.sent++;
        ctx.send('srv', 'hello', {});
      }
    },
  });
  sim.addNode({
    id: 'srv',
    kind: 'server',
    label: 'Server',
    state: { got: 0 },
    handler: (s, input) => {
      if (input.type === 'message') s.got++;
    },
  });
  return sim;
}

describe('a trace sink', () => {
  it('is told the seed and the nodes once, before the first event', () => {
    const calls: string[] = [];
    let start: TraceStart | undefined;
    const sink: TraceSink = {
      begin: (s) => {
        calls.push('begin');
        start = s;
      },
      write: (e: TraceEvent) => {
        calls.push(e.type);
      },
    };
    const sim = pair(sink);
    sim.schedule(0, 'cli', 'go');
    sim.advance(0);
    sim.run();
    expect(calls[0]).toBe('begin');
    expect(calls.filter((c) => c === 'begin')).toHaveLength(1);
    expect(calls.slice(1)).toEqual(['send', 'deliver']);
    expect(start).toEqual({
      seed: 'hooks',
      nodes: [
        { id: 'cli', kind: 'test', label: 'cli' },
        { id: 'srv', kind: 'server', label: 'Server' },
      ],
    });
  });

  it('is told the run began even when the run has no event', () => {
    let begun = 0;
    const sim = pair({
      begin: () => {
        begun++;
      },
      write: () => {},
    });
    expect(sim.run().stopReason).toBe('quiescent');
    expect(begun).toBe(1);
  });
});

describe('afterEvent', () => {
  it('names the node whose handler ran, and no node when a message is dropped at a down node', () => {
    const seen: (string | undefined)[] = [];
    const sim = pair(undefined, seen);
    sim.schedule(0, 'cli', 'go');
    sim.crash(1, 'srv');
    sim.run();
    // The action runs the client; the crash changes the server; the message arrives at a down
    // server.
    expect(seen).toEqual(['cli', 'srv', undefined]);
    expect(sim.stateOf<{ got: number }>('srv').got).toBe(0);
  });

  it("is told the changed node's kind and live state, and a world whose time is the event's", () => {
    const seen: string[] = [];
    const sim = new Simulation({
      seed: 'kinds',
      network: { latency: () => ({ dist: 'constant' as const, ms: 2 }) },
      afterEvent: (world, changed) =>
        seen.push(
          `${changed?.id}/${changed?.kind}@${world.now}: ${JSON.stringify(changed?.state)}`,
        ),
    });
    sim.addNode({
      id: 'cli',
      kind: 'client',
      state: { sent: 0 },
      handler: (s, input, ctx) => {
        if (input.type === 'action') {
          ctx.send('srv', 'hello', {});
          s.sent++;
        }
      },
    });
    sim.addNode({
      id: 'srv',
      kind: 'server',
      state: { got: 0 },
      handler: (s) => {
        s.got++;
      },
    });
    sim.schedule(1000, 'cli', 'go');
    sim.run();
    expect(seen).toEqual(['cli/client@1000: {"sent":1}', 'srv/server@3000: {"got":1}']);
  });
});

describe('a safety check that declares the node kinds it reads', () => {
  /** Counters tick and noise nodes chatter; the check flags every counter value divisible by 3. */
  function run(reads: readonly string[] | undefined, checkedOn: string[]) {
    const sim = new Simulation({
      seed: 3,
      network: { latency: () => ({ dist: 'uniform' as const, minMs: 1, maxMs: 9 }) },
      checkers: [
        {
          name: 'no-multiple-of-3',
          phase: 'safety',
          ...(reads === undefined ? {} : { reads }),
          check: (world) => {
            checkedOn.push(String(world.now));
            const violations = [...world.nodes.values()]
              .filter((n) => n.kind === 'counter' && (n.state as { n: number }).n % 3 === 0)
              .map((n) => ({
                key: `${n.id}=${(n.state as { n: number }).n}`,
                detail: `${n.id} is at ${(n.state as { n: number }).n}`,
              }));
            return { ok: violations.length === 0, violations };
          },
        },
      ],
    });
    for (const id of ['c1', 'c2']) {
      sim.addNode({
        id,
        kind: 'counter',
        state: { n: 0 },
        handler: (s, input, ctx) => {
          s.n++;
          if (s.n < 12) ctx.send(id === 'c1' ? 'x1' : 'x2', 'tick', {});
        },
      });
    }
    for (const id of ['x1', 'x2']) {
      sim.addNode({
        id,
        kind: 'noise',
        state: { k: 0 },
        handler: (s, input, ctx) => {
          s.k++;
          if (input.type === 'message') ctx.send(input.message.from, 'tock', {});
        },
      });
    }
    sim.schedule(0, 'c1', 'go');
    sim.schedule(5, 'c2', 'go');
    return sim.run();
  }

  it('records the same violations at the same times as a check run after every event, and runs less often', () => {
    const everyRan: string[] = [];
    const scopedRan: string[] = [];
    const every = run(undefined, everyRan);
    const scoped = run(['counter'], scopedRan);
    expect(every.violations.length).toBeGreaterThan(4);
    expect(scoped.violations).toEqual(every.violations);
    expect(scopedRan.length).toBeLessThan(everyRan.length);
  });

  it('runs once after the first event even when no event touches its kinds, then never again', () => {
    const ran: string[] = [];
    const r = run(['nothing-of-this-kind'], ran);
    // After the first event c1 is at 1 and c2 still at 0; the end-of-run checks then see c2 at 12.
    expect(r.violations).toEqual([
      { invariant: 'no-multiple-of-3', t: 0, detail: 'c2 is at 0' },
      { invariant: 'no-multiple-of-3', t: r.now, detail: 'c1 is at 12' },
      { invariant: 'no-multiple-of-3', t: r.now, detail: 'c2 is at 12' },
    ]);
    expect(ran).toHaveLength(2);
  });
});
