/**
 * Every shipped scenario, run at its own seed, keeps the promises it makes: each `expect:`
 * entry holds and no invariant is violated except one the scenario itself expects (a scenario
 * that demonstrates a finding says so with a `violation:` expectation, which then holds).
 * The large scenario (tens of seconds a run on a loaded machine) is left to
 * `npm run golden:check`: its `summary.json`, whose digest is recorded, says `passed`.
 */
import { describe, expect, test } from 'vitest';

import { runScenario, unexpectedViolations } from '../../sim/scenario/run.js';
import { loadShipped, smallShippedScenarios } from '../helpers/scenarios.js';

const names = smallShippedScenarios();

describe('the shipped scenarios at their own seeds', () => {
  test.each(names)(
    '%s meets all its expectations',
    (name) => {
      const out = runScenario(loadShipped(name), { traceLevel: 'off', keepLogs: false });
      const failed = out.expectations.filter((e) => !e.ok).map((e) => `${e.text}: ${e.detail}`);
      expect(failed, `${name}: failed expectations`).toEqual([]);
      expect(unexpectedViolations(out).map((v) => v.invariant)).toEqual([]);
      expect(out.expectations.length, `${name} expects something`).toBeGreaterThan(0);
    },
    30_000,
  );
});
