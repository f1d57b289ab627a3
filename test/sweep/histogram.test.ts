/**
 * Tests of the mergeable histogram: buckets are at most 1 % wide, merging is exact and
 * order-free, and percentiles are the exact nearest-rank value's bucket upper edge.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { bucketOf, Histogram } from '../../sim/sweep/histogram.js';

const values = fc.array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 200 });

/** The exact nearest-rank percentile. */
function exact(v: number[], p: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]!;
}

describe('bucketOf', () => {
  test.prop([fc.integer({ min: -1e12, max: 1e12 })])(
    'holds its value in a bucket no wider than 1 % of it (exact below 1000)',
    (v) => {
      const b = bucketOf(v);
      expect(b.lower).toBeLessThanOrEqual(v);
      expect(b.upper).toBeGreaterThanOrEqual(v);
      const width = b.upper - b.lower + 1;
      if (Math.abs(v) < 1000) expect(width).toBe(1);
      else expect(width).toBeLessThanOrEqual(Math.abs(v) / 100);
    },
  );

  it('gives every value of a bucket the same bucket', () => {
    expect(bucketOf(123_456)).toEqual({ lower: 123_000, upper: 123_999 });
    expect(bucketOf(123_999)).toEqual(bucketOf(123_000));
    expect(bucketOf(999)).toEqual({ lower: 999, upper: 999 });
    expect(bucketOf(1005)).toEqual({ lower: 1000, upper: 1009 });
  });
});

describe('Histogram', () => {
  test.prop([values, values])(
    'merged from two parts equals the histogram of all values, in either order',
    (a, b) => {
      const whole = new Histogram();
      for (const v of [...a, ...b]) whole.add(v);
      const ha = new Histogram();
      const hb = new Histogram();
      for (const v of a) ha.add(v);
      for (const v of b) hb.add(v);
      const ab = new Histogram();
      ab.addData(ha.data());
      ab.addData(hb.data());
      const ba = new Histogram();
      ba.addData(hb.data());
      ba.addData(ha.data());
      expect(ab.data()).toEqual(whole.data());
      expect(ba.data()).toEqual(whole.data());
      expect(JSON.stringify(ab.data())).toBe(JSON.stringify(whole.data()));
    },
  );

  const nonEmpty = values.filter((v) => v.length > 0);
  test.prop([nonEmpty, fc.constantFrom(50, 95, 99)])(
    "reports the exact percentile's bucket upper edge, within the exact min and max",
    (v, p) => {
      const h = new Histogram();
      for (const x of v) h.add(x);
      const want = exact(v, p);
      const got = h.percentileUs(p)!;
      expect(got).toBeGreaterThanOrEqual(want);
      expect(got).toBeLessThanOrEqual(Math.min(bucketOf(want).upper, Math.max(...v)));
      expect(h.data().count).toBe(v.length);
      expect(h.data().minUs).toBe(Math.min(...v));
      expect(h.data().maxUs).toBe(Math.max(...v));
    },
  );

  it('has no percentiles when empty', () => {
    expect(new Histogram().percentileUs(50)).toBeNull();
  });
});
