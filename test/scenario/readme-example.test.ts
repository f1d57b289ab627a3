/**
 * The scenario sketch in README.md is a real scenario: it validates, runs, and keeps its own
 * expectations, so the README cannot drift from the schema or the model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { formatProblem, loadScenarioText } from '../../sim/scenario/load.js';
import { runPassed, runScenario } from '../../sim/scenario/run.js';
import { ROOT } from '../helpers/scenarios.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('# yaml-language-server: $schema=./scenario.schema.json\n# Covers: …');
const sketch = readme.slice(start, readme.indexOf('```', start));

describe("the README's scenario sketch", () => {
  it('is found in the README', () => {
    expect(start).toBeGreaterThan(0);
    expect(sketch).toMatch(/^moves:/m);
  });

  it('validates and runs with every expectation held', () => {
    const loaded = loadScenarioText(sketch, 'README.md');
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatProblem).join('\n')).toBe(true);
    if (!loaded.ok) return;
    const out = runScenario(loaded.scenario, { traceLevel: 'off' });
    expect(out.expectations.filter((e) => !e.ok)).toEqual([]);
    expect(runPassed(out)).toBe(true);
  });
});
