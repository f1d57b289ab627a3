/**
 * How the simulation keeps a node's initial state without a structured clone per node: a spec
 * may give `makeState`, which makes it anew for a restart and for `initialStates` (the spec's
 * state is then the live state from the start); without it,
 * the spec's state is kept as given and, in `mutable` mode, the node's first handler works on a
 * copy. In every case handlers never change the initial state, and a restart starts from it.
 */
import { describe, expect, it } from 'vitest';

import { Simulation } from '../../sim/engine/index.js';

interface Counter {
  count: number;
  seen: string[];
  byName: Map<string, number>;
}

const fresh = (): Counter => ({ count: 0, seen: [], byName: new Map() });

/** A node that counts its actions, crashed and restarted after two of them. */
function run(stateMode: 'immer' | 'mutable', withMake: boolean) {
  const spec = fresh();
  let made = 0;
  const sim = new Simulation({ seed: 1, stateMode });
  sim.addNode<Counter>({
    id: 'n',
    kind: 'test',
    state: spec,
    ...(withMake ? { makeState: () => (made++, fresh()) } : {}),
    handler: (s, input) => {
      if (input.type !== 'action') return;
      s.count++;
      s.seen.push(String(input.action));
      s.byName.set(String(input.action), s.count);
    },
  });
  sim.schedule(1, 'n', 'a');
  sim.schedule(2, 'n', 'b');
  sim.crash(3, 'n', 1);
  sim.schedule(5, 'n', 'c');
  sim.run();
  return { sim, spec, made };
}

describe("a node's initial state", () => {
  for (const stateMode of ['immer', 'mutable'] as const) {
    for (const withMake of [true, false]) {
      const how = `${stateMode} mode, ${withMake ? 'with' : 'without'} makeState`;

      it(`is never changed by handlers, and a restart starts from it (${how})`, () => {
        const { sim, spec } = run(stateMode, withMake);
        // With makeState in mutable mode the spec's object is the live state from the start
        // (no copy is made); otherwise it is the initial state and stays as it was.
        if (stateMode === 'mutable' && withMake) expect(spec.seen).toEqual(['a', 'b']);
        else expect(spec).toEqual(fresh());
        expect(sim.initialStates()).toEqual({ n: fresh() });
        // Only the action after the restart counts.
        const now = sim.stateOf<Counter>('n');
        expect(now.count).toBe(1);
        expect(now.seen).toEqual(['c']);
        expect([...now.byName]).toEqual([['c', 1]]);
      });
    }
  }

  it('is made anew by makeState for the restart and for initialStates, not copied', () => {
    const { sim, made } = run('mutable', true);
    expect(made).toBe(1);
    sim.initialStates();
    expect(sim.initialStates()).toEqual({ n: fresh() });
  });
});
