/**
 * The search catches a model broken on purpose: with step 10 skipped (the home bridge never
 * destroys the old instance, JWT and guest account), the explorer must find a failure, shrink
 * it to a case of a handful of participants and faults, and write it as a scenario file that
 * replays the violation. A file cannot carry the test-only switch, so the replay runs the file
 * with the same switch (its header says so), and the same file on the intact model passes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import {
  checkScenario,
  explore,
  type ExploreResult,
  readCounterexampleHeader,
  writeCounterexample,
} from '../../sim/check/index.js';
import { formatProblem, loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

const BROKEN = { skipTeardown: true } as const;

describe('a deliberately broken model (step 10 skipped)', () => {
  let result: ExploreResult;
  let file: string;

  test('is caught by the search and shrunk to a handful of participants and faults', () => {
    result = explore({
      seed: 4242,
      runs: 200,
      breakModel: BROKEN,
      findings: [],
      onlyWhatBreakCauses: true,
    });
    const cx = result.counterexample;
    expect(cx, 'the search did not notice that step 10 is skipped').toBeDefined();
    expect(cx!.scenario.participants.length).toBeLessThanOrEqual(3);
    expect(cx!.scenario.faults.length).toBeLessThanOrEqual(2);
    expect(cx!.scenario.moves.length).toBeLessThanOrEqual(5);
    expect(cx!.numShrinks).toBeGreaterThan(0);
  }, 120_000);

  test('is written as a scenario file whose header names the violation and the switch', () => {
    const cx = result.counterexample!;
    const dir = mkdtempSync(join(tmpdir(), 'movesim-broken-'));
    file = writeCounterexample(dir, {
      input: cx.input,
      scenario: cx.scenario,
      failures: cx.failures,
      foundBy: { seed: result.seed, path: cx.path, numShrinks: cx.numShrinks, reduced: cx.reduced },
      model: 'skipTeardown',
    });
    const text = readFileSync(file, 'utf8');
    const header = readCounterexampleHeader(text, file);
    expect(header.model).toBe('skipTeardown');
    expect(header.status).toBe('open');
    expect(header.property).toBe(cx.failures[0]!.property);
    expect(text).toContain(`fast-check seed ${result.seed}, path "${cx.path}"`);
    expect(text).toMatch(/# Covers: .*\n# Scenario: .*\n# Expect: /);
  });

  test('replays the same violation from the file with the same switch, and passes without it', () => {
    const loaded = loadScenarioFile(file);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatProblem).join('\n')).toBe(true);
    if (!loaded.ok) return;
    const header = readCounterexampleHeader(readFileSync(file, 'utf8'), file);
    const broken = checkScenario(loaded.scenario, { breakModel: BROKEN, findings: [] });
    const names = broken.failures.map((f) => `${f.property}:${f.invariant ?? ''}`);
    expect(names).toContain(`${header.property}:${header.invariant ?? ''}`);
    const out = runScenario(loaded.scenario, { traceLevel: 'off', breakModel: BROKEN });
    if (header.invariant !== undefined)
      expect(out.violations.map((v) => v.invariant)).toContain(header.invariant);
    const intact = checkScenario(loaded.scenario, { findings: [] });
    expect(intact.failures.map((f) => `${f.property}:${f.invariant ?? ''}`)).not.toContain(
      `${header.property}:${header.invariant ?? ''}`,
    );
  });
});
