/**
 * Tests that every scenario shipped in scenarios/ (YAML or JSON) loads without problems.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, test } from 'vitest';

import { formatProblem, loadScenarioText } from '../../sim/scenario/load.js';

const DIR = new URL('../../scenarios/', import.meta.url);
const files = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/i.test(f) && !f.endsWith('.schema.json'))
  .sort();

describe('the shipped scenarios', () => {
  test('include the move across bridges from the tech note', () => {
    expect(files).toContain('move-across-bridges.yaml');
  });

  test.each(files)('%s validates', (file) => {
    const result = loadScenarioText(readFileSync(new URL(file, DIR), 'utf8'), `scenarios/${file}`);
    const shown = result.ok ? '' : result.problems.map(formatProblem).join('\n');
    expect(result.ok, shown).toBe(true);
  });

  test.each(files.filter((f) => /\.ya?ml$/i.test(f)))(
    '%s points editors at the JSON schema',
    (file) => {
      const first = readFileSync(new URL(file, DIR), 'utf8').split('\n')[0];
      expect(first).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    },
  );
});
