/**
 * Tests of the broken-scenario corpus in test/fixtures/bad-scenarios: each file gives exactly the
 * problems listed for it in expected.json, with the right path, line and message.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, test } from 'vitest';

import { formatProblem, loadScenarioText } from '../../sim/scenario/load.js';

interface ExpectedProblem {
  line?: number;
  path: string;
  contains: string;
}
type Expected = ExpectedProblem[] | { set: string[]; problems: ExpectedProblem[] };

const DIR = new URL('../fixtures/bad-scenarios/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<
  string,
  Expected
>;
const files = readdirSync(DIR)
  .filter((f) => f !== 'expected.json')
  .sort();

describe('the broken-scenario corpus', () => {
  test('has at least 25 files, YAML and JSON, each listed in expected.json and no more', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.yaml'))).toBe(true);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  test.each(files)('%s gives exactly the expected problems', (file) => {
    const entry = expected[file] ?? [];
    const { set, problems: wanted } = Array.isArray(entry) ? { set: [], problems: entry } : entry;
    const result = loadScenarioText(readFileSync(new URL(file, DIR), 'utf8'), file, { set });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const shown = problems.map(formatProblem).join('\n');
    for (const want of wanted) {
      const match = problems.find(
        (p) => p.path === want.path && p.message.includes(want.contains) && p.line === want.line,
      );
      expect(
        match,
        `no problem at ${want.path} (line ${String(want.line)}) containing ${JSON.stringify(want.contains)} among:\n${shown}`,
      ).toBeDefined();
    }
    expect(problems.length, `unexpected extra problems:\n${shown}`).toBe(wanted.length);
    for (const p of problems) expect(p.file).toBe(file);
  });
});
