/**
 * Determinism: the same scenario and seed give byte-identical trace.json, in this process and
 * in another one; another seed gives another trace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { traceFileText } from '../../sim/report/trace-file.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped, ROOT, scenarioPath } from '../helpers/scenarios.js';

const traceOf = (seed?: number) => {
  const out = runScenario(loadShipped('move-across-bridges'), seed === undefined ? {} : { seed });
  return traceFileText(out, out.events ?? []);
};

describe('determinism', () => {
  it('gives byte-identical traces for two runs in one process', () => {
    expect(traceOf()).toBe(traceOf());
  });

  it('gives a different trace for a different seed', () => {
    expect(traceOf(2)).not.toBe(traceOf(1));
  });

  it('gives the same trace.json in a child process running the real command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-det-'));
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin', 'movesim.js'), 'run', scenarioPath('move-across-bridges'), '--out', dir],
      { stdio: 'pipe' },
    );
    expect(readFileSync(join(dir, 'trace.json'), 'utf8')).toBe(traceOf());
  });

  it('gives the identical trace with handlers on live state as with immer drafts', () => {
    const s = loadShipped('move-across-bridges');
    const a = runScenario(s, { stateMode: 'immer' });
    const b = runScenario(s, { stateMode: 'mutable' });
    expect(traceFileText(b, b.events ?? [])).toBe(traceFileText(a, a.events ?? []));
  });
});
