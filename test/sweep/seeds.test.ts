/**
 * Tests of seed ranges and shards: `--seeds A..B` and `--shard i/n` parse or say how to fix them,
 * and the shards of a range are disjoint, cover it, and follow (s - A) mod n.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import {
  parseSeedRange,
  parseShard,
  seedsOfShard,
  shardOfSeed,
  shardSize,
} from '../../sim/sweep/seeds.js';

describe('parseSeedRange', () => {
  it('reads A..B with both ends included, negative seeds too', () => {
    expect(parseSeedRange('1..100')).toEqual({ ok: true, value: { from: 1, to: 100 } });
    expect(parseSeedRange(' -5..5 ')).toEqual({ ok: true, value: { from: -5, to: 5 } });
    expect(parseSeedRange('7..7')).toEqual({ ok: true, value: { from: 7, to: 7 } });
  });

  it('refuses other shapes and reversed ranges with a message saying how to write them', () => {
    for (const bad of ['1-100', '100', '1..x', '', '1...5', '1.5..3']) {
      const r = parseSeedRange(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain('--seeds 1..100');
    }
    const reversed = parseSeedRange('9..2');
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.message).toContain('2..9');
    expect(parseSeedRange('1..99999999999999999999').ok).toBe(false);
  });
});

describe('parseShard', () => {
  it('reads i/n counted from 0', () => {
    expect(parseShard('0/4')).toEqual({ ok: true, value: { index: 0, count: 4 } });
    expect(parseShard('3/4')).toEqual({ ok: true, value: { index: 3, count: 4 } });
  });

  it('refuses an index outside 0..n-1, a zero count and other shapes', () => {
    for (const bad of ['4/4', '-1/4', '0/0', '1', 'a/b', '1/2/3', ''])
      expect(parseShard(bad).ok, bad).toBe(false);
    const r = parseShard('4/4');
    if (!r.ok) expect(r.message).toContain('between 0 and 3');
  });
});

describe('shards', () => {
  test.prop([
    fc.integer({ min: -1000, max: 1000 }),
    fc.integer({ min: 0, max: 300 }),
    fc.integer({ min: 1, max: 40 }),
  ])(
    'are disjoint, cover the range, have the sizes shardSize says, and hold the seeds with (s - A) mod n = i',
    (from, length, count) => {
      const range = { from, to: from + length };
      const seen: number[] = [];
      for (let index = 0; index < count; index++) {
        const seeds = [...seedsOfShard(range, { index, count })];
        expect(seeds.length).toBe(shardSize(range, { index, count }));
        for (const s of seeds) expect(shardOfSeed(s, range, count)).toBe(index);
        seen.push(...seeds);
      }
      seen.sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: length + 1 }, (_, i) => from + i));
    },
  );
});
