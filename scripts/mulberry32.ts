/**
 * Mulberry32: a tiny seeded generator of numbers in [0, 1) for the generators of test data and
 * of the large scenario, so their output never depends on the machine. It is not the
 * simulator's randomness (that is `sim/engine/random.ts`, seeded per stream).
 */

/** A generator of numbers in [0, 1), the same sequence for the same `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
