/**
 * Delay distributions, in milliseconds, and how to draw from them.
 *
 * A distribution is plain data so scenario files can name one. Drawing needs a uniform source
 * in [0, 1); it comes from a named random stream, never from the global random function.
 */

export type Distribution =
  | { dist: 'constant'; ms: number }
  | { dist: 'uniform'; minMs: number; maxMs: number }
  /** Normal, truncated at 0 (a negative draw becomes 0). */
  | { dist: 'normal'; meanMs: number; sdMs: number }
  /** Lognormal given by its median and 99th percentile. */
  | { dist: 'lognormal'; medianMs: number; p99Ms: number }
  | { dist: 'exponential'; meanMs: number }
  /** Uniform choice among observed samples. */
  | { dist: 'empirical'; samplesMs: number[] };

/** The standard normal's 99th percentile. */
const Z99 = 2.3263478740408408;

/** A source of uniform numbers in [0, 1), such as a `RandomStream`. */
export interface Uniform {
  next(): number;
}

/** A standard normal draw (Box-Muller, one of the pair; 1 - u keeps the log finite). */
export function standardNormal(u: Uniform): number {
  const u1 = 1 - u.next();
  const u2 = u.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Draws one value in milliseconds from `d` (never negative). */
export function sampleMs(d: Distribution, u: Uniform): number {
  switch (d.dist) {
    case 'constant':
      return d.ms;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * u.next();
    case 'normal':
      return Math.max(0, d.meanMs + d.sdMs * standardNormal(u));
    case 'lognormal': {
      const mu = Math.log(d.medianMs);
      const sigma = d.p99Ms > d.medianMs ? (Math.log(d.p99Ms) - mu) / Z99 : 0;
      return Math.exp(mu + sigma * standardNormal(u));
    }
    case 'exponential':
      return -d.meanMs * Math.log(1 - u.next());
    case 'empirical': {
      const s = d.samplesMs;
      return s[Math.floor(u.next() * s.length)] ?? 0;
    }
  }
}

/** The median of `d` in milliseconds, for documentation and calibration. */
export function medianMs(d: Distribution): number {
  switch (d.dist) {
    case 'constant':
      return d.ms;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    case 'normal':
      return Math.max(0, d.meanMs);
    case 'lognormal':
      return d.medianMs;
    case 'exponential':
      return d.meanMs * Math.LN2;
    case 'empirical': {
      const s = [...d.samplesMs].sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)] ?? 0;
    }
  }
}
