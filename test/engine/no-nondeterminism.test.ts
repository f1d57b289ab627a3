/**
 * The simulator is a function of scenario and seed: no wall clock, no ambient randomness and
 * no timers anywhere under sim/ (progress display in the command line uses process.hrtime,
 * which cannot reach a result).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../helpers/scenarios.js';

const FORBIDDEN = /Math\.random|Date\.now|performance\.now|setTimeout|setInterval/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('determinism guard', () => {
  it('finds no Math.random, Date.now, performance.now, setTimeout or setInterval in the simulator', () => {
    const offenders: string[] = [];
    for (const f of files(join(ROOT, 'sim'))) {
      const rel = relative(ROOT, f);
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '').trim();
          if (code.startsWith('*') || code.startsWith('/*')) return;
          if (FORBIDDEN.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('would catch a forbidden call if one were written', () => {
    expect(FORBIDDEN.test('const t = Date.now();')).toBe(true);
    expect(FORBIDDEN.test('const x = Math.random() * 2;')).toBe(true);
    expect(FORBIDDEN.test('const x = rng.next();')).toBe(false);
  });
});
