/**
 * The same-bridge move reproduces all 31 lines of the tech note's log sample
 * (test/fixtures/technote-sample/), in order: each line's shape, and each id chain (the same
 * id where the sample repeats one, a different one where it does not), with ids, numbers and
 * times abstracted. The sample is one call bridge's log, so the comparison reads cbcms2's lines.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { MOVESIM_PREFIX } from '../../sim/cms/loglines.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const SAMPLE = readFileSync(
  new URL('../fixtures/technote-sample/move-same-bridge.log', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} Info /, ''));

/**
 * The lines with ids and numbers replaced by placeholders numbered in order of first
 * appearance, so two logs compare equal when their shapes and id chains agree.
 */
function abstract(lines: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const name = (kind: string, value: string) => {
    const key = `${kind}:${value}`;
    if (!seen.has(key))
      seen.set(
        key,
        `<${kind}${[...seen.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}>`,
      );
    return seen.get(key)!;
  };
  return lines.map((l) =>
    l
      .replace(/\b\d+\.\d+\.\d+\.\d+\b/g, '<ip>')
      .replace(/API trace \d+/g, 'API trace <trace>')
      .replace(/load level: \d+/g, 'load level: <n>')
      .replace(/\bguest\d+\b/g, (g) => name('guest', g))
      .replace(/\bcall (\d+):/g, (_m, n: string) => `call ${name('call', n)}:`)
      .replace(/\b[0-9a-f]{5,}(?:-[0-9a-f]+)*\b/g, (id) => name('id', id)),
  );
}

const out = runScenario(loadShipped('move-same-bridge'));
const bridgeLines = out.logs
  .filter(([t, node]) => t >= 5_000_000 && node === 'cbcms2')
  .map(([, , line]) => line);

describe("the tech note's log sample", () => {
  it('has 31 lines', () => {
    expect(SAMPLE).toHaveLength(31);
  });

  it('is reproduced line by line, with the same id chains, by the same-bridge move', () => {
    expect(abstract(bridgeLines)).toEqual(abstract(SAMPLE));
  });

  it('has no line movesim invented, and the web bridge line is on the web bridge', () => {
    expect(bridgeLines.filter((l) => l.startsWith(MOVESIM_PREFIX))).toEqual([]);
    const jwtLine = out.logs.find(([, , l]) => l.startsWith('WebSocket : Got authenticated JWT'));
    expect(jwtLine?.[1]).toBe('wb3');
  });
});
