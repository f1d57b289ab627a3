/**
 * The measured power of the property search: every deliberate model bug of sim/cms/mutants.ts
 * has, in test/mutants/, the shrunk case that killed it (written by `movesim check --mutants
 * --out test/mutants`). Each file must still fail with its mutant switched on, with the
 * failure its header names, and must pass that property on the intact model; so a change that
 * blinds a property to a bug fails here. A quick search also kills one mutant end to end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import {
  checkScenario,
  failureName,
  killMutants,
  readCounterexampleHeader,
} from '../../sim/check/index.js';
import { MUTANT_NAMES } from '../../sim/cms/mutants.js';
import { formatProblem, loadScenarioFile } from '../../sim/scenario/load.js';

const DIR = join(import.meta.dirname, '..', 'mutants');

const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** The mutant each file names in its header. */
const modelOf = (file: string) =>
  readCounterexampleHeader(readFileSync(join(DIR, file), 'utf8'), file).model;

describe('the mutants killing cases in test/mutants/', () => {
  test('cover every mutant of the model', () => {
    const covered = new Set(files.map(modelOf));
    expect(MUTANT_NAMES.filter((m) => !covered.has(m))).toEqual([]);
  });

  test.each(files)('%s fails with its mutant and passes without it', (file) => {
    const path = join(DIR, file);
    const header = readCounterexampleHeader(readFileSync(path, 'utf8'), file);
    expect(header.model, `${file} names no mutant in its "# Model:" line`).toBeDefined();
    const loaded = loadScenarioFile(path);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatProblem).join('\n')).toBe(true);
    if (!loaded.ok || header.model === undefined) return;
    const documented = failureName(header);
    const broken = checkScenario(loaded.scenario, {
      findings: [],
      breakModel: { [header.model]: true },
    });
    expect(broken.failures.map(failureName), `${file} no longer kills ${header.model}`).toContain(
      documented,
    );
    const intact = checkScenario(loaded.scenario, { findings: [] });
    expect(intact.failures.map(failureName)).not.toContain(documented);
  });
});

describe('the search against a mutant', () => {
  test('kills the mutant that keeps the load of a torn-down instance within a few cases', () => {
    const [row] = killMutants({ seed: 2, runs: 50, mutants: ['keepLoadOnTeardown'] });
    expect(row!.killed).toBe(true);
    expect(row!.cases).toBeLessThanOrEqual(10);
    expect(row!.failure).toBe('invariant:load-accounting');
  }, 60_000);
});
