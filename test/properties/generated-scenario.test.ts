/**
 * The search's fast path (sim/check/generated-scenario.ts) builds a generated case's parsed
 * scenario without the schema (faults included); it must give exactly what the schema gives.
 * Checked on cases of every kind of the search's plan (aimed, mixed, fault-free; 400 cases,
 * every kind of fault among them) and of a fault-free search (200). That every generated case
 * passes the schema at all is generated-scenarios.test.ts.
 */
import { describe, expect, test } from 'vitest';

import {
  drawCases,
  generatedScenario,
  parseGenerated,
  sketchToScenario,
} from '../../sim/check/index.js';
import { FAULT_KINDS } from '../../sim/scenario/faults.js';

describe('the parsed scenario of a generated case, built without the schema', () => {
  test.each([
    [false, 31, 400],
    [true, 32, 200],
  ])('equals the schema’s parse (fault-free only: %s)', (faultFree, seed, cases) => {
    let faults = 0;
    const kinds = new Set<string>();
    for (const sketch of drawCases({ faultFree }, seed, 0, cases)) {
      const input = sketchToScenario(sketch);
      const built = generatedScenario(input);
      const parsed = parseGenerated(input);
      expect(built).toStrictEqual(parsed);
      // The faults' text too: the same keys in the same order (their descriptions show them).
      expect(JSON.stringify(built.faults)).toBe(JSON.stringify(parsed.faults));
      faults += built.faults.length;
      for (const f of built.faults) kinds.add(f.kind);
    }
    // The faults and the rest are both exercised, every kind of fault among them.
    if (faultFree) expect(faults).toBe(0);
    else {
      expect(faults).toBeGreaterThan(cases / 4);
      expect([...kinds].sort()).toStrictEqual([...FAULT_KINDS].sort());
    }
  });
});
