/**
 * Reorder faults in `explore`: on a link a reorder rule covers, a delay may let later messages of
 * the link overtake the deferred one (links without a rule stay FIFO), and every schedule found
 * that way replays as a scenario (`whatIf: msg=<id>:reorder=<duration>`) to the same end state.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { type Handler, Simulation } from '../../sim/engine/index.js';
import { counterexampleText } from '../../sim/explore/counterexample.js';
import { canonicalText } from '../../sim/explore/fingerprint.js';
import { scenarioSystem } from '../../sim/explore/scenario-system.js';
import { explore, type ExploreSystem, type Path } from '../../sim/explore/search.js';
import { buildSimulation } from '../../sim/scenario/build.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { formatWhatIf, parseWhatIf } from '../../sim/scenario/what-if.js';
import { loadShipped, scenarioPath } from '../helpers/scenarios.js';

/** What the collector keeps: the kinds of the messages that arrived, in order. */
const collect: Handler<{ got: string[] }> = (s, input) => {
  if (input.type === 'message') s.got.push(input.message.kind);
};

/** The sender sends `a` at 0 and `b` at 0.5 ms, both to `c` on its one link (1 ms latency). */
const sendOnAction: Handler<object> = (_s, input, ctx) => {
  if (input.type === 'action') ctx.send('c', input.action as string, {});
};

function oneLink(reorderRule: boolean): ExploreSystem {
  return {
    start() {
      const sim = new Simulation({
        network: {
          latency: () => ({ dist: 'constant', ms: 1 }),
          ...(reorderRule
            ? { faults: { reorder: [{ from: 's', to: 'c', probability: 0, maxExtraUs: 0 }] } }
            : {}),
        },
      });
      sim.addNode({ id: 'c', kind: 'collector', state: { got: [] as string[] }, handler: collect });
      sim.addNode({ id: 's', kind: 'sender', state: {}, handler: sendOnAction });
      sim.schedule(0, 's', 'a');
      sim.schedule(500, 's', 'b');
      return sim;
    },
    crashable: [],
    restartDelaysUs: [undefined],
    labels: (sim) => [sim.stateOf<{ got: string[] }>('c').got.join('')],
  };
}

describe('the reorder what-if', () => {
  it('reads and writes msg=<id>:reorder=<duration>, a delay that does not hold its link', () => {
    const w = parseWhatIf('msg=7:reorder=2ms');
    expect(w).toEqual({ msg: 7, fate: { delayUs: 2000, reorder: true } });
    expect(formatWhatIf(w)).toBe('msg=7:reorder=2000us');
    expect(formatWhatIf(parseWhatIf('msg=7:delay=2ms'))).toBe('msg=7:delay=2000us');
    expect(() => parseWhatIf('msg=7:reorder=0ms')).toThrow(/reorder must be at least 1us/);
  });
});

describe('explore with a reorder rule', () => {
  it('lets a later message of the link overtake a deferred one only where a rule covers it', () => {
    const ends = (rule: boolean) => [...explore(oneLink(rule), { delays: 1 }).terminals.keys()];
    expect(ends(false)).toEqual(['ab']);
    expect(ends(true).sort()).toEqual(['ab', 'ba']);
  });

  it('writes each overtaking as a what-if that replays to the same end state', () => {
    // A reorder rule (never drawn: probability 0) on the web bridge's websocket to userX.
    const set = ['network.reorder=[{probability: 0, maxExtra: 1ms, from: wbA, to: userX}]'];
    const scenario = loadShipped('move-across-bridges', set);
    const base = scenarioSystem(scenario);
    const ends: [Path, string][] = [];
    const endState = (sim: Simulation): string =>
      canonicalText({ ...sim.fingerprintInput(), nextMessageId: undefined, pending: [] });
    const system: ExploreSystem = {
      ...base,
      labels(sim, result, path) {
        if (path.deviations.some((d) => d.type === 'reorder'))
          ends.push([{ deviations: [...path.deviations], steps: path.steps }, endState(sim)]);
        return base.labels(sim, result, path);
      },
    };
    const r = explore(system, { delays: 1 });
    expect(r.complete).toBe(true);
    expect(ends.length).toBeGreaterThan(2);
    const text = readFileSync(scenarioPath('move-across-bridges'), 'utf8');
    for (const [path, expected] of ends.slice(0, 6)) {
      const replay = counterexampleText(
        { text, set, seed: scenario.seed, name: 'reorder-replay', header: [] },
        path,
      );
      expect(replay).toMatch(/msg=\d+:reorder=\d+us/);
      const loaded = loadScenarioText(replay, 'reorder-replay.yaml');
      if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
      const sim = buildSimulation(loaded.scenario, { traceLevel: 'off', stateMode: 'mutable' }).sim;
      sim.run();
      expect(endState(sim)).toBe(expected);
    }
  });
});
