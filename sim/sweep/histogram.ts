/**
 * A mergeable histogram of integer microsecond values with fixed bucket edges, for sweep
 * percentiles that merge exactly: adding the counts of two histograms gives the histogram of
 * all their values, whatever the order, the worker count or the sharding.
 *
 * Buckets keep three significant digits: values below 1000 µs have a bucket each, 1000–9999 µs
 * buckets 10 µs wide, 10 000–99 999 µs buckets 100 µs wide, and so on, so a bucket is never
 * wider than 1 % of its values. Count, sum, minimum and maximum are kept exactly. A percentile
 * is the nearest-rank value's bucket upper edge, clamped to the exact minimum and maximum.
 * This file knows nothing of moves or sweeps.
 */

/** The significant digits each bucket keeps. */
export const SIGNIFICANT_DIGITS = 3;
const EXACT_BELOW = 10 ** SIGNIFICANT_DIGITS;

/** The width of the bucket holding the non-negative integer `v`. */
function widthOf(v: number): number {
  let width = 1;
  while (v >= EXACT_BELOW * width) width *= 10;
  return width;
}

/** The bucket of an integer value: its lower edge and its inclusive upper edge. */
export function bucketOf(value: number): { lower: number; upper: number } {
  const v = Math.round(value);
  if (v < 0) {
    const mirrored = bucketOf(-v);
    return { lower: -mirrored.upper, upper: -mirrored.lower };
  }
  const width = widthOf(v);
  const lower = Math.floor(v / width) * width;
  return { lower, upper: lower + width - 1 };
}

/** The upper edge of the bucket whose lower edge is `lower`. */
function upperOf(lower: number): number {
  return lower < 0 ? -bucketOf(-lower).lower : bucketOf(lower).upper;
}

/**
 * The serialised form: exact count, sum, min and max, and `[lowerEdge, count]` pairs in edge order.
 */
export interface HistogramData {
  count: number;
  sumUs: number;
  minUs: number | null;
  maxUs: number | null;
  buckets: [number, number][];
}

/** A histogram being filled. */
export class Histogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sumUs = 0;
  minUs: number | null = null;
  maxUs: number | null = null;

  /** Adds `n` copies of the integer microsecond value `us`. */
  add(us: number, n = 1): void {
    const v = Math.round(us);
    const { lower } = bucketOf(v);
    this.counts.set(lower, (this.counts.get(lower) ?? 0) + n);
    this.count += n;
    this.sumUs += v * n;
    this.minUs = this.minUs === null ? v : Math.min(this.minUs, v);
    this.maxUs = this.maxUs === null ? v : Math.max(this.maxUs, v);
  }

  /** Adds every value of a serialised histogram. */
  addData(d: HistogramData): void {
    for (const [lower, n] of d.buckets) this.counts.set(lower, (this.counts.get(lower) ?? 0) + n);
    this.count += d.count;
    this.sumUs += d.sumUs;
    if (d.minUs !== null)
      this.minUs = this.minUs === null ? d.minUs : Math.min(this.minUs, d.minUs);
    if (d.maxUs !== null)
      this.maxUs = this.maxUs === null ? d.maxUs : Math.max(this.maxUs, d.maxUs);
  }

  /** The serialised form, buckets in edge order. */
  data(): HistogramData {
    const buckets = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    return { count: this.count, sumUs: this.sumUs, minUs: this.minUs, maxUs: this.maxUs, buckets };
  }

  /**
   * The nearest-rank `p`-th percentile (0 < p ≤ 100) as a bucket upper edge in µs; null when empty.
   */
  percentileUs(p: number): number | null {
    if (this.count === 0 || this.minUs === null || this.maxUs === null) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const [lower, n] of this.data().buckets) {
      seen += n;
      if (seen >= rank) return Math.min(this.maxUs, Math.max(this.minUs, upperOf(lower)));
    }
    return this.maxUs;
  }
}
