/**
 * How the engine records state at the `state` trace level: immer's `produceWithPatches` in
 * `immer` mode, the patch recorder in `mutable` mode. Both hand the data a handler sends, sets
 * as a timer payload or marks on as plain copies that later state changes do not reach, and
 * both record a restart's new state, so replaying a node's patches gives its state.
 */
import { isDraft } from 'immer';
import { describe, expect, it } from 'vitest';

import { ArraySink, type Handler, Simulation, type StateEvent } from '../../sim/engine/index.js';
import { isRecordingView } from '../../sim/engine/patch-recorder.js';
import { mapsAsJson } from '../../sim/report/trace-file.js';
import { applyPatches } from '../../viz/src/state.js';

type Mode = 'immer' | 'mutable';
interface Item {
  v: number;
  log: number[];
}
interface NodeState {
  items: Map<string, Item>;
  got: unknown[];
  restarts: number;
}

function json(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, mapsAsJson));
}

function initial(): NodeState {
  return { items: new Map([['a', { v: 1, log: [] }]]), got: [], restarts: 0 };
}

/**
 * Two nodes: `a` sends one of its state's items to `b`, as a timer payload and a mark, then changes
 * it.
 */
function build(
  mode: Mode,
  seen: { draft?: boolean; view?: boolean } = {},
): { sim: Simulation; sink: ArraySink } {
  const sink = new ArraySink();
  const sim = new Simulation({ traceLevel: 'state', trace: sink, stateMode: mode });
  const handler: Handler<NodeState> = (s, input, ctx) => {
    seen.draft ??= isDraft(s);
    seen.view ??= isRecordingView(s);
    if (input.type === 'action') {
      const item = s.items.get('a')!;
      ctx.send('b', 'item', { item, all: s.items });
      ctx.setTimer(10, { item });
      ctx.mark('sent', { item });
      item.v = 2;
      item.log.push(1);
      s.items.set('b', { v: 3, log: [] });
    } else if (input.type === 'timer') {
      s.got.push((input.payload as { item: Item }).item.v);
      s.items.get('a')!.v = 4;
    } else if (input.type === 'message') {
      const d = input.message.data as { item: Item };
      s.got.push(d.item.v);
      s.items.set('from-a', d.item);
    } else {
      s.restarts++;
    }
  };
  sim.addNode({
    id: 'a',
    kind: 'n',
    state: initial(),
    handler,
    restart: (_s, init) => ({ ...init, got: ['reset'] }),
  });
  sim.addNode({ id: 'b', kind: 'n', state: initial(), handler });
  sim.schedule(0, 'a', { go: true });
  return { sim, sink };
}

/** Each node's state replayed from its initial state through its state events, in JSON form. */
function replayed(sim: Simulation, sink: ArraySink): Record<string, unknown> {
  const states = json(sim.initialStates()) as Record<string, unknown>;
  for (const e of sink.events) {
    if (e.type !== 'state') continue;
    const ev = e as StateEvent;
    states[ev.node] = applyPatches(states[ev.node], json(ev.patches) as StateEvent['patches']);
  }
  return states;
}

describe.each(['immer', 'mutable'] as const)('the state trace level in %s mode', (mode) => {
  it('hands handlers the state form of its mode', () => {
    const seen: { draft?: boolean; view?: boolean } = {};
    build(mode, seen).sim.run();
    expect(seen).toEqual({ draft: mode === 'immer', view: mode === 'mutable' });
  });

  it('sends, sets timers with and marks copies of state objects that later changes do not reach', () => {
    const { sim, sink } = build(mode);
    sim.run();
    const send = sink.events.find((e) => e.type === 'send')!;
    const mark = sink.events.find((e) => e.type === 'local' && e.kind === 'sent')!;
    const data = (send as { data: { item: Item; all: Map<string, Item> } }).data;
    expect(isRecordingView(data.item)).toBe(false);
    expect(isRecordingView(data.all)).toBe(false);
    expect(data.item).toEqual({ v: 1, log: [] });
    expect([...data.all.keys()]).toEqual(['a']);
    expect((mark as { data: { item: Item } }).data.item).toEqual({ v: 1, log: [] });
    // The timer fired with the value at the time it was set, and b got the value at the send.
    expect(sim.stateOf<NodeState>('a').got).toEqual([1]);
    expect(sim.stateOf<NodeState>('b').got).toEqual([1]);
    expect(sim.stateOf<NodeState>('a').items.get('a')!.v).toBe(4);
  });

  it('records patches that replay each node to its final state', () => {
    const { sim, sink } = build(mode);
    sim.run();
    const states = replayed(sim, sink);
    for (const id of ['a', 'b']) expect(states[id]).toEqual(json(sim.stateOf(id)));
  });

  it('records the state a restart leaves, so the replay follows a crash', () => {
    const { sim, sink } = build(mode);
    sim.crash(100, 'a', 50);
    sim.run();
    const after = sink.events
      .filter((e): e is StateEvent => e.type === 'state' && e.node === 'a')
      .at(-1)!;
    expect(after.patches[0]).toMatchObject({ op: 'replace', path: [] });
    expect(sim.stateOf<NodeState>('a')).toMatchObject({ got: ['reset'], restarts: 1 });
    expect(replayed(sim, sink).a).toEqual(json(sim.stateOf('a')));
  });
});

describe('a handler that fails while the patch recorder records', () => {
  it('reports the error and leaves the recorder ready for the next call', () => {
    const sink = new ArraySink();
    const sim = new Simulation({ traceLevel: 'state', trace: sink, stateMode: 'mutable' });
    let calls = 0;
    sim.addNode<{ n: number }>({
      id: 'x',
      kind: 'n',
      state: { n: 0 },
      handler: (s) => {
        calls++;
        s.n++;
        if (calls === 1) throw new Error('boom');
      },
    });
    sim.schedule(0, 'x', {});
    sim.schedule(1, 'x', {});
    expect(() => sim.run()).toThrow(/handler of node "x".*boom/);
    expect(() => sim.run()).not.toThrow();
    expect(sim.stateOf<{ n: number }>('x').n).toBe(2);
  });
});
