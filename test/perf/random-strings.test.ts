/**
 * `RandomStream.hex` and `guid` build flat strings from char codes (a GUID built by 36
 * concatenations stays in memory as a chain of string pieces); these tests pin that the
 * characters, and the draws behind them, are exactly those of the plain concatenating form.
 */
import { describe, expect, it } from 'vitest';

import { RandomStream } from '../../sim/engine/index.js';

/** The concatenating form, written against the stream's public draws. */
function referenceHex(r: RandomStream, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += r.int(16).toString(16);
  return s;
}

function referenceGuid(r: RandomStream): string {
  return `${referenceHex(r, 8)}-${referenceHex(r, 4)}-4${referenceHex(r, 3)}-${'89ab'[r.int(4)]}${referenceHex(r, 3)}-${referenceHex(r, 12)}`;
}

describe('random identifiers', () => {
  it('are the same GUIDs, drawn in the same order, as the concatenating form', () => {
    for (const seed of [1, 2, 'x', 12345]) {
      const a = RandomStream.seeded(seed, 'ids');
      const b = RandomStream.seeded(seed, 'ids');
      for (let i = 0; i < 200; i++) {
        expect(a.guid()).toBe(referenceGuid(b));
        expect(a.hex(i % 17)).toBe(referenceHex(b, i % 17));
      }
      expect(a.next()).toBe(b.next());
    }
  });

  it('look like version-4 GUIDs', () => {
    const r = RandomStream.seeded(7, 'ids');
    for (let i = 0; i < 100; i++)
      expect(r.guid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});
