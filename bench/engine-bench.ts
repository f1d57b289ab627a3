/**
 * The engine benchmark: events per second of the movesim engine on a no-op ping-pong
 * workload, against a bare hand-written heap loop doing the same scheduling (the baseline).
 *
 * The workload: `pairs` pairs of nodes, one message in flight per pair; each delivery makes
 * the receiver send one message back to its partner with a constant latency (1 to 7 ms by
 * pair), so the queue holds `pairs` events throughout. The baseline pops and pushes the same
 * times in the same order with none of the engine's bookkeeping. It does not measure the CMS
 * model (see model-bench.ts).
 */
import { type NodeSpec, Simulation } from '../sim/engine/index.js';
import { median, nowMs } from './stats.js';

/** The workload's shape. */
export interface PingPongOptions {
  /** Node pairs, each with one message in flight. Default 64. */
  pairs?: number;
  /** Events per measured run. Default 2,000,000. */
  events?: number;
}

/** The latency of pair `i`, in milliseconds: 1 to 7, so pairs interleave in the queue. */
const latencyMsOf = (i: number): number => (i % 7) + 1;

interface BareEvent {
  at: number;
  seq: number;
  to: number;
}

/**
 * The baseline: a binary heap ordered by `(at, seq)`, popping an event and pushing the
 * partner's reply, `events` times. Returns the events run (always `events`).
 */
export function bareLoop(pairs: number, events: number): number {
  const heap: BareEvent[] = [];
  let seq = 0;
  const push = (e: BareEvent): void => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = heap[p]!;
      if (pe.at < e.at || (pe.at === e.at && pe.seq < e.seq)) break;
      heap[i] = pe;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): BareEvent => {
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        let c = l;
        let ce = heap[l]!;
        const r = l + 1;
        if (r < n) {
          const re = heap[r]!;
          if (re.at < ce.at || (re.at === ce.at && re.seq < ce.seq)) {
            c = r;
            ce = re;
          }
        }
        if (last.at < ce.at || (last.at === ce.at && last.seq < ce.seq)) break;
        heap[i] = ce;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i < pairs; i++) push({ at: 0, seq: seq++, to: 2 * i + 1 });
  for (let done = 0; done < events; done++) {
    const e = pop();
    const partner = e.to ^ 1;
    push({ at: e.at + latencyMsOf(e.to >> 1) * 1000, seq: seq++, to: partner });
  }
  return events;
}

/** The same workload on the engine; returns the events it ran. */
export function engineLoop(pairs: number, events: number, stateMode: 'immer' | 'mutable'): number {
  const sim = new Simulation({
    seed: 1,
    maxEvents: events,
    stateMode,
    network: {
      latency: (from) => ({ dist: 'constant', ms: latencyMsOf(Number(from.slice(1)) >> 1) }),
    },
  });
  const ids = Array.from({ length: 2 * pairs }, (_, i) => `n${i}`);
  const handler: NodeSpec<{ n: number }>['handler'] = (_s, input, ctx) => {
    if (input.type === 'message') ctx.send(input.message.from, 'ping', undefined);
    else if (input.type === 'action') ctx.send(input.action as string, 'ping', undefined);
  };
  for (const id of ids) sim.addNode({ id, kind: 'pinger', state: { n: 0 }, handler });
  // Each pair's even node starts its rally by sending to the odd one at time 0.
  for (let i = 0; i < pairs; i++) sim.schedule(0, ids[2 * i]!, ids[2 * i + 1]!);
  return sim.run().events;
}

/** One row of results: medians of `runs` interleaved runs. */
export interface EngineBenchResult {
  pairs: number;
  events: number;
  runs: number;
  baselineEventsPerSec: number;
  mutableEventsPerSec: number;
  immerEventsPerSec: number;
}

/** Runs the baseline and the engine (mutable and immer modes), interleaved, `runs` times each. */
export function benchEngine(options: PingPongOptions & { runs?: number } = {}): EngineBenchResult {
  const pairs = options.pairs ?? 64;
  const events = options.events ?? 2_000_000;
  const runs = options.runs ?? 5;
  const immerEvents = Math.max(1, Math.floor(events / 10));
  const rate = (fn: () => number): number => {
    const start = nowMs();
    const n = fn();
    return n / ((nowMs() - start) / 1000);
  };
  // Warm-up, so the first measured run is not the one that compiles the code.
  bareLoop(pairs, events / 10);
  engineLoop(pairs, events / 10, 'mutable');
  engineLoop(pairs, immerEvents / 10, 'immer');
  const base: number[] = [];
  const mutable: number[] = [];
  const immer: number[] = [];
  for (let r = 0; r < runs; r++) {
    base.push(rate(() => bareLoop(pairs, events)));
    mutable.push(rate(() => engineLoop(pairs, events, 'mutable')));
    immer.push(rate(() => engineLoop(pairs, immerEvents, 'immer')));
  }
  return {
    pairs,
    events,
    runs,
    baselineEventsPerSec: median(base),
    mutableEventsPerSec: median(mutable),
    immerEventsPerSec: median(immer),
  };
}
