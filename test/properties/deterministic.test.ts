/**
 * The determinism property compares two runs field by field instead of through their JSON
 * texts (sim/check/deterministic.ts); it must still see every difference the texts show, and
 * only those, and still name the first differing event with both texts.
 */
import { describe, expect, test } from 'vitest';

import {
  compareRuns,
  drawCases,
  generatedScenario,
  type Observation,
  observe,
  sameJson,
  sketchToScenario,
} from '../../sim/check/index.js';

/** A generated case with faults, run once. */
function runOfCase(): Observation {
  const [sketch] = drawCases({}, 5, 2, 1);
  return observe(generatedScenario(sketchToScenario(sketch!)));
}

describe('the determinism property', () => {
  test('two runs of the same case are equal', () => {
    const scenario = runOfCase().scenario;
    expect(compareRuns(observe(scenario), observe(scenario))).toBeUndefined();
  });

  test('a mutated trace event is found and both its texts are shown', () => {
    const a = runOfCase();
    const b = runOfCase();
    const events = b.out!.events!;
    expect(events.length).toBeGreaterThan(10);
    const i = Math.floor(events.length / 2);
    const before = JSON.stringify(a.out!.events![i]);
    events[i] = { ...events[i]!, t: events[i]!.t + 1 };
    const diff = compareRuns(a, b);
    expect(diff?.property).toBe('deterministic');
    expect(diff?.detail).toBe(
      `trace event ${i} differs: ${before} then ${JSON.stringify(events[i])}`,
    );
  });

  test('a missing last event and a changed outcome are found', () => {
    const a = runOfCase();
    const b = runOfCase();
    b.out!.events!.pop();
    expect(compareRuns(a, b)?.detail).toMatch(/ then nothing$/);
    const c = runOfCase();
    (c.out!.outcomes[0] as { result: string }).result = 'dropped';
    expect(compareRuns(a, c)?.detail).toMatch(/^outcomes differ: /);
  });

  test('sameJson agrees with the JSON texts', () => {
    const values: unknown[] = [
      null,
      undefined,
      0,
      1,
      -0,
      NaN,
      Infinity,
      'a',
      '1',
      true,
      [],
      [1, 2],
      [1, undefined],
      [1, null],
      {},
      { a: 1 },
      { a: 1, b: undefined },
      { b: undefined, a: 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: [1, { c: 'x' }] },
      { a: [1, { c: 'y' }] },
      { a: null },
      { a: NaN },
    ];
    let equalPairs = 0;
    for (const x of values) {
      for (const y of values) {
        const same = JSON.stringify(x) === JSON.stringify(y);
        if (same && x !== y) equalPairs++;
        expect(sameJson(x, y), `${JSON.stringify(x)} against ${JSON.stringify(y)}`).toBe(same);
      }
    }
    // Pairs that differ as values but not as texts (NaN and null, a dropped undefined field).
    expect(equalPairs).toBeGreaterThan(4);
  });
});
