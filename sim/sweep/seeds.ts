/**
 * Seed ranges and shards of a sweep: `--seeds A..B` (both ends included) and `--shard i/n`,
 * where seed s belongs to shard (s - A) mod n, so every machine of a batch job can compute its
 * own slice from its index alone and the slices never overlap.
 *
 * Parsing returns a message for bad input instead of throwing; the CLI turns it into exit 2.
 * This file does not run seeds.
 */

/** The seeds of a sweep, both ends included. */
export interface SeedRange {
  from: number;
  to: number;
}

/** One slice of a sweep: shard `index` (from 0) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** A parsed value or the reason it cannot be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const INT = /^-?\d+$/;

/** Reads `A..B`, such as `1..1000`: integers, A not above B. */
export function parseSeedRange(text: string): Parsed<SeedRange> {
  const m = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(text);
  const example =
    'write two integers joined by "..", such as --seeds 1..100 (both ends are included)';
  if (m === null) return { ok: false, message: `--seeds "${text}" is not a range; ${example}` };
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    return {
      ok: false,
      message: `--seeds "${text}": the seeds must be integers between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
    };
  }
  if (from > to)
    return {
      ok: false,
      message: `--seeds "${text}": the first seed is above the last; write it as ${to}..${from}`,
    };
  return { ok: true, value: { from, to } };
}

/** Reads `i/n`, such as `0/4`: shard i of n, counted from 0. */
export function parseShard(text: string): Parsed<Shard> {
  const m = /^\s*(\S+)\s*\/\s*(\S+)\s*$/.exec(text);
  const example = 'write INDEX/COUNT with INDEX counted from 0, such as --shard 0/4 … --shard 3/4';
  if (m === null || !INT.test(m[1]!) || !INT.test(m[2]!))
    return { ok: false, message: `--shard "${text}" is not a shard; ${example}` };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1)
    return { ok: false, message: `--shard "${text}": the shard count must be at least 1` };
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    return {
      ok: false,
      message: `--shard "${text}": the index must be between 0 and ${count - 1} (shards are counted from 0)`,
    };
  }
  return { ok: true, value: { index, count } };
}

/** The shard a seed belongs to: (seed - from) mod count. */
export function shardOfSeed(seed: number, range: SeedRange, count: number): number {
  return (((seed - range.from) % count) + count) % count;
}

/** How many seeds of `range` shard `shard` holds. */
export function shardSize(range: SeedRange, shard: Shard): number {
  const total = range.to - range.from + 1;
  return total <= shard.index ? 0 : Math.floor((total - shard.index - 1) / shard.count) + 1;
}

/** The seeds of `range` in shard `shard`, in increasing order. */
export function* seedsOfShard(range: SeedRange, shard: Shard): Generator<number> {
  for (let s = range.from + shard.index; s <= range.to; s += shard.count) yield s;
}
