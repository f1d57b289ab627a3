/**
 * The known-findings filters excuse exactly their finding's symptom: F17's filter, on its own
 * counterexample, excuses the duplicate of that participant in that space within the pending
 * timeout, and nothing else (another participant or space, or a time past the timeout).
 */
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { excuse, type Failure, judge, observe } from '../../sim/check/index.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { ROOT } from '../helpers/scenarios.js';

/** The observation of a counterexample file's run. */
function observed(file: string) {
  const r = loadScenarioFile(join(ROOT, 'test/counterexamples', file));
  if (!r.ok) throw new Error(`${file} does not load`);
  return observe(r.scenario);
}

const duplicate = (detail: string): Failure => ({
  property: 'invariant',
  invariant: 'no-duplicate-participant',
  detail,
});

describe('F17, a pending instance of a move its browser never joined', () => {
  const obs = observed('invariant-no-duplicate-participant-b45ad258.yaml');

  test('is excused for the duplicate its counterexample shows', () => {
    const failures = judge(obs);
    expect(failures.map((f) => f.detail)).toContain(
      'at 6167.392 ms: p1 in space2 has 2 participant instances',
    );
    const { kept, excused } = excuse(obs, failures);
    expect(kept).toEqual([]);
    expect(excused.map((e) => e.finding)).toContain('F17');
  });

  test('is not excused for another space, another participant, or after the pending timeout', () => {
    const others = [
      duplicate('at 6167.392 ms: p1 in space1 has 2 participant instances'),
      duplicate('at 6167.392 ms: p2 in space2 has 2 participant instances'),
      duplicate('at 60000.000 ms: p1 in space2 has 2 participant instances'),
      duplicate('at 100.000 ms: p1 in space2 has 2 participant instances'),
    ];
    expect(excuse(obs, others).kept).toEqual(others);
  });
});
