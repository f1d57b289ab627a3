/**
 * README's "Model assumptions" table says what the model does: every `DEFAULT_*` of
 * sim/cms/defaults.ts has a row with its value, and every log line shape movesim invented
 * (`LOG_LINE_SOURCES`) is named in the behaviours.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import * as defaults from '../../sim/cms/defaults.js';
import { API_BODY_LINE_CHARS, LOG_LINE_SOURCES } from '../../sim/cms/loglines.js';
import type { Distribution } from '../../sim/engine/index.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = README.slice(
  README.indexOf('## Model assumptions'),
  README.indexOf('## Determinism'),
);

/** A default as the table writes it. */
function shown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  const d = v as Distribution & Record<string, unknown>;
  if (d.dist === 'constant') return `constant ${String(d.ms)} ms`;
  if (d.dist === 'lognormal')
    return `lognormal, median ${String(d.medianMs)} ms, p99 ${String(d.p99Ms)} ms`;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${shown(x)}`)
    .join('; ');
}

/** The table's rows, by their first cell. */
const rows = new Map(
  section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '')))
    .map((cells) => [cells[0]!.replace(/`/g, ''), cells] as const),
);

describe('the README model assumptions', () => {
  const named = Object.entries(defaults).filter(([k]) => k.startsWith('DEFAULT_'));

  it('list every default of sim/cms/defaults.ts with its value', () => {
    expect(named.length).toBeGreaterThan(15);
    for (const [name, value] of named) {
      const row = rows.get(name);
      expect(row, `README has no row for ${name}`).toBeDefined();
      expect(row![1], name).toBe(shown(value));
      expect(row![3], `${name} names its source`).toMatch(/\S/);
    }
  });

  it('name every log line shape movesim invented', () => {
    const invented = Object.entries(LOG_LINE_SOURCES).filter(([, s]) => s.includes('movesim'));
    expect(invented.length).toBeGreaterThan(3);
    for (const [name] of invented) expect(section).toContain(`\`logLine.${name}\``);
  });

  it('state the body line width the log uses', () => {
    expect(section).toContain(`at most ${API_BODY_LINE_CHARS} characters`);
  });
});
