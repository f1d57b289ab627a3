/**
 * Alea's seeding done by hand (`aleaSeed`, for the per-link streams) gives exactly the state
 * seedrandom's `alea` gives for the same seed text: for the stream names the simulator uses and
 * for arbitrary text, including characters outside the Basic Multilingual Plane.
 */
import { fc, test } from '@fast-check/vitest';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';

import { aleaSeed, type AleaState } from '../../sim/engine/alea-seed.js';

const seedrandomState = (text: string): AleaState =>
  (seedrandom.alea(text, { state: true }) as unknown as { state(): AleaState }).state();

describe('aleaSeed', () => {
  it("gives seedrandom's state for the simulator's stream names", () => {
    const names: string[] = [];
    for (const seed of [1, 2, 'x', 0, -7, 123456789]) {
      for (let i = 0; i < 400; i++) {
        names.push(
          `${seed}:link:p${String(i).padStart(5, '0')}>cb${String(i % 24).padStart(2, '0')}`,
          `${seed}:fault:wb${i % 3}>cb0${i % 9}`,
          `${seed}:p${i}:media-setup`,
          `${seed}:proc:cb${i}`,
        );
      }
    }
    names.push('', ':', '1:', 'é', '😀', '\u0000', 'x'.repeat(5000));
    for (const name of names) expect(aleaSeed(name), name).toEqual(seedrandomState(name));
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 200 })], { numRuns: 2000 })(
    "gives seedrandom's state for any text",
    (text) => {
      expect(aleaSeed(text)).toEqual(seedrandomState(text));
    },
  );
});
