/**
 * Alea's seeding, as seedrandom's `alea` does it: Baagøe's Mash hash run over the seed text
 * three times, giving the generator's starting four numbers. It is the same arithmetic in the
 * same order, so a stream seeded here draws exactly what `seedrandom.alea(text)` draws (tested
 * for every stream name shape and for arbitrary text). It exists because seedrandom's seeding
 * builds a generator object, a hash closure and a state copy per stream, and a large run seeds
 * one stream per link (60,000 of them; docs/performance.md). It does not draw numbers;
 * `RandomStream` does.
 */

/** Alea's state: the carry and the three lagged values. */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/** Mash's running hash `n` after hashing `text`, and the value the hash gives for it. */
function mash(n: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    n += text.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

/** A hash's value as Mash returns it: its low 32 bits as a fraction of 2^32. */
const fraction = (n: number): number => (n >>> 0) * 2.3283064365386963e-10; // 2^-32

/**
 * The three values and the running hash after Alea's first step, `mash(' ')` three times,
 * which is the same for every seed.
 */
const BLANK = ((): { n: number; s0: number; s1: number; s2: number } => {
  let n = 0xefc8249d;
  n = mash(n, ' ');
  const s0 = fraction(n);
  n = mash(n, ' ');
  const s1 = fraction(n);
  n = mash(n, ' ');
  return { n, s0, s1, s2: fraction(n) };
})();

/** Alea's starting state for the seed text `text`, as `seedrandom.alea(text)` makes it. */
export function aleaSeed(text: string): AleaState {
  let n = mash(BLANK.n, text);
  let s0 = BLANK.s0 - fraction(n);
  if (s0 < 0) s0 += 1;
  n = mash(n, text);
  let s1 = BLANK.s1 - fraction(n);
  if (s1 < 0) s1 += 1;
  n = mash(n, text);
  let s2 = BLANK.s2 - fraction(n);
  if (s2 < 0) s2 += 1;
  return { c: 1, s0, s1, s2 };
}
