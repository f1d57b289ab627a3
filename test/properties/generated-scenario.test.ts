/**
 * The search's fast path (sim/check/generated-scenario.ts) builds a generated case's parsed
 * scenario without the schema; it must give exactly what the schema gives. Checked on cases of
 * every kind of the search's plan (aimed, mixed, fault-free; 400 cases) and of a fault-free
 * search (200). That every generated case passes the schema at all is
 * generated-scenarios.test.ts.
 */
import { describe, expect, test } from 'vitest';

import {
  drawCases,
  generatedScenario,
  parseGenerated,
  sketchToScenario,
} from '../../sim/check/index.js';

describe('the parsed scenario of a generated case, built without the schema', () => {
  test.each([
    [false, 31, 400],
    [true, 32, 200],
  ])('equals the schema’s parse (fault-free only: %s)', (faultFree, seed, cases) => {
    let faults = 0;
    for (const sketch of drawCases({ faultFree }, seed, 0, cases)) {
      const input = sketchToScenario(sketch);
      const built = generatedScenario(input);
      expect(built).toStrictEqual(parseGenerated(input));
      faults += built.faults.length;
    }
    // The faults (the one part still parsed) and the rest are both exercised.
    if (faultFree) expect(faults).toBe(0);
    else expect(faults).toBeGreaterThan(cases / 4);
  });
});
