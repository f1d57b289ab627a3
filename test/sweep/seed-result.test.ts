/**
 * Tests of one sweep seed: its result matches a plain run of the same seed, and a run that
 * throws becomes a failed seed with the error as its reason instead of stopping the sweep.
 */
import { describe, expect, it } from 'vitest';

import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runPassed, runScenario } from '../../sim/scenario/run.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { runSeed } from '../../sim/sweep/seed-result.js';

function load(set: string[] = []): Scenario {
  const r = loadScenarioFile('scenarios/move-across-bridges.yaml', { set });
  if (!r.ok) throw new Error('the reference scenario does not load');
  return r.scenario;
}

describe('runSeed', () => {
  it('reports what a plain run of the same seed reports', () => {
    const scenario = load(['network.loss=[{probability: 0.03}]']);
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = runSeed(scenario, seed);
      const out = runScenario(scenario, { seed, traceLevel: 'off' });
      expect(r.seed).toBe(seed);
      expect(r.passed).toBe(runPassed(out));
      expect(r.passed).toBe(r.reasons.length === 0);
      expect(r.stopReason).toBe(out.result.stopReason);
      expect(r.outcomes.map((o) => [o.result, o.reason])).toEqual(
        out.outcomes.map((o) => [o.result, o.reason]),
      );
      expect(Object.values(r.violations).reduce((a, b) => a + b, 0)).toBe(out.violations.length);
      expect(r.bridges).toEqual(
        out.bridges.map((b) => ({ id: b.id, peakLoadBasisPoints: b.peakLoadBasisPoints })),
      );
      for (const o of r.outcomes)
        if (o.moveTimeUs !== null) expect(Number.isInteger(o.moveTimeUs)).toBe(true);
    }
  });

  it('turns a run that throws into a failed seed whose reason is the error', () => {
    const broken = { ...load(), cluster: undefined } as unknown as Scenario;
    const r = runSeed(broken, 9);
    expect(r).toMatchObject({ seed: 9, passed: false, stopReason: 'error', outcomes: [] });
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatch(/^error: /);
  });
});
