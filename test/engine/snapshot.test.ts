/**
 * Snapshots of a simulation (snapshot.ts): a run restored to a snapshot goes on exactly as the
 * run that never left it, however far another way went in between (other events, a lost
 * message, a crash and restart of a call bridge, whose restart keeps part of the old state), in
 * both state modes; and a snapshot refuses a traced run.
 */
import { describe, expect, it } from 'vitest';

import { ArraySink, type Simulation, type StopReason } from '../../sim/engine/index.js';
import { canonicalText } from '../../sim/explore/fingerprint.js';
import { buildSimulation } from '../../sim/scenario/build.js';
import { loadShipped } from '../helpers/scenarios.js';

const scenario = loadShipped('move-across-bridges');

function build(stateMode: 'immer' | 'mutable'): Simulation {
  return buildSimulation(scenario, { traceLevel: 'off', stateMode, safetyChecks: 'every-event' })
    .sim;
}

/** Steps to the end; gives every state's canonical text and the run's result. */
function runOut(sim: Simulation): { states: string[]; result: string } {
  const states: string[] = [];
  let next = sim.nextEvent();
  while (typeof next !== 'string') {
    sim.stepNext();
    states.push(canonicalText(sim.fingerprintInput()));
    next = sim.nextEvent();
  }
  return { states, result: JSON.stringify(sim.finish(next as StopReason)) };
}

/** Steps `n` events. */
function step(sim: Simulation, n: number): void {
  for (let i = 0; i < n && typeof sim.nextEvent() !== 'string'; i++) sim.stepNext();
}

describe('simulation snapshots', () => {
  for (const mode of ['mutable', 'immer'] as const) {
    it(`resume exactly where they were taken after other ways were run (${mode})`, () => {
      const straight = build(mode);
      step(straight, 20);
      const expected = runOut(straight);

      const sim = build(mode);
      step(sim, 20);
      const snap = sim.snapshot();
      // Another way: the run to its end.
      runOut(sim);
      sim.restore(snap);
      expect(runOut(sim)).toEqual(expected);
      // Another way: the next message lost, then a call bridge crashed and restarted 1 s later.
      sim.restore(snap);
      let crashed = 0;
      for (let i = 0; i < 400 && typeof sim.nextEvent() !== 'string'; i++) {
        if (i === 0) expect(sim.dropNext()).toBe(true);
        else if (i === 5 && sim.crashNow('cbA', 1_000_000) !== undefined) crashed++;
        else sim.stepNext();
      }
      expect(crashed).toBe(1);
      sim.restore(snap);
      expect(runOut(sim)).toEqual(expected);
    });
  }

  it('taken after a crash and restart resume the restarted node as it was', () => {
    const straight = build('mutable');
    step(straight, 10);
    straight.crashNow('cbA', 1_000_000);
    step(straight, 15);
    const expected = runOut(straight);
    const sim = build('mutable');
    step(sim, 10);
    sim.crashNow('cbA', 1_000_000);
    step(sim, 15);
    const snap = sim.snapshot();
    runOut(sim);
    sim.restore(snap);
    expect(runOut(sim)).toEqual(expected);
  });

  it('are refused on a traced run', () => {
    const sim = buildSimulation(scenario, { traceLevel: 'messages', trace: new ArraySink() }).sim;
    expect(() => sim.snapshot()).toThrow(/trace level "off"/);
  });
});
