/**
 * The regression examples: every scenario file in test/counterexamples/ was written by the
 * property search (or by hand in its format). Each runs here and must still show the failure
 * its header documents (`# Status: open`), or must now pass every property (`# Status: fixed`).
 * A file whose header names a test-only model switch (`# Model: skipTeardown`) is run with that
 * switch. When a fix makes an open file pass, this test says so: set its status to fixed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { checkScenario, failureName, readCounterexampleHeader } from '../../sim/check/index.js';
import { formatProblem, loadScenarioFile } from '../../sim/scenario/load.js';
import { runPassed, runScenario } from '../../sim/scenario/run.js';
import { COUNTEREXAMPLES } from './helpers.js';

const files = readdirSync(COUNTEREXAMPLES)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

describe('the counterexamples in test/counterexamples/', () => {
  test('exist, so the regression examples are exercised', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s still shows its documented failure, or passes if fixed', (file) => {
    const path = join(COUNTEREXAMPLES, file);
    const header = readCounterexampleHeader(readFileSync(path, 'utf8'), file);
    const loaded = loadScenarioFile(path);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatProblem).join('\n')).toBe(true);
    if (!loaded.ok) return;
    const breakModel = header.model === undefined ? undefined : { [header.model]: true };
    const verdict = checkScenario(loaded.scenario, {
      findings: [],
      determinism: header.property === 'deterministic',
      ...(breakModel !== undefined ? { breakModel } : {}),
    });
    const names = verdict.failures.map(failureName);
    const documented = failureName(header);
    if (header.status === 'open') {
      expect(
        names,
        `${file} no longer shows ${documented}; if the model was fixed, set "# Status: fixed" in its header`,
      ).toContain(documented);
      if (
        header.model === undefined &&
        (header.property === 'invariant' || header.property === 'no-fault-explained')
      ) {
        // `movesim run` on the file exits 1 while the failure is there.
        expect(runPassed(runScenario(loaded.scenario, { traceLevel: 'off' }))).toBe(false);
      }
      if (header.property === 'runs-without-error')
        expect(() => runScenario(loaded.scenario, { traceLevel: 'off' })).toThrow();
    } else {
      expect(
        verdict.failures.map((f) => `${failureName(f)}: ${f.detail}`),
        `${file} is marked fixed but fails`,
      ).toEqual([]);
    }
  });
});
