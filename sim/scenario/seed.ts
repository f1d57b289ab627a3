/**
 * Seeds as scenarios and `--seed` give them: an integer is a number seed, anything else a string
 * seed. A number beyond 2^53 - 1 cannot be held exactly (JavaScript rounds it, so 2^53 + 1 would
 * silently run as 2^53), so it is refused with a hint to quote it, which keeps every digit.
 *
 * This file only reads and explains seeds; the random streams are seeded in the engine.
 */

/** Why `n` cannot be a number seed, or undefined when it can (a safe integer). */
export function seedProblem(n: unknown): string | undefined {
  if (typeof n !== 'number') return 'seed must be an integer or a string';
  if (Number.isSafeInteger(n)) return undefined;
  if (Number.isInteger(n) || !Number.isFinite(n)) {
    return `seed ${String(n)} is beyond ±(2^53 - 1), where numbers are rounded, so it would not be the seed written; put it in quotes to use its digits as a string seed`;
  }
  return `seed ${String(n)} is not an integer; write an integer, or a string in quotes`;
}

/** A `--seed` value read: the seed, or the one-line message of why it is refused. */
export type SeedOption = { ok: true; seed: number | string } | { ok: false; message: string };

/**
 * Reads a `--seed` value: digits (with an optional minus) are a number seed when they fit
 * exactly, and refused when they do not; any other text is a string seed.
 */
export function readSeedOption(text: string): SeedOption {
  if (!/^-?\d+$/.test(text)) return { ok: true, seed: text };
  const n = Number(text);
  if (Number.isSafeInteger(n)) return { ok: true, seed: n };
  return {
    ok: false,
    message: `--seed ${text} is beyond ±(2^53 - 1), where numbers are rounded (it would run as ${String(n)}); use a smaller seed, or a string seed such as --seed s${text}`,
  };
}
