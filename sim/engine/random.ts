/**
 * Seeded, named random streams.
 *
 * Every stream is derived from the run's one seed and its own name (`seed + ":" + name`), so
 * adding a stream (a new node, a new link) never changes the draws of another. Streams use
 * seedrandom's Alea generator. Nothing else in the simulator may produce randomness.
 */
import seedrandom from 'seedrandom';
import { type Distribution, sampleMs } from './distributions.js';

/** The char code of the hex digit of each value 0-15, as `Number.prototype.toString(16)` writes it. */
const HEX_CODES: readonly number[] = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
/** The char codes of a GUID's variant digit: 8, 9, a, b. */
const VARIANT_CODES: readonly number[] = [...'89ab'].map((ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);

export class RandomStream {
  private readonly prng: () => number;

  constructor(readonly seed: string | number, readonly name: string) {
    this.prng = seedrandom.alea(`${seed}:${name}`);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A draw from `d`, in milliseconds. */
  sampleMs(d: Distribution): number {
    return sampleMs(d, this.prng);
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    const codes: number[] = [];
    this.pushHex(codes, n);
    return String.fromCharCode(...codes);
  }

  /** A version-4-shaped GUID such as CMS uses for calls and participants. */
  guid(): string {
    // The same draws in the same order as `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`,
    // built as one flat string: 36 characters, not a chain of concatenations kept in memory.
    const c: number[] = [];
    this.pushHex(c, 8);
    c.push(DASH);
    this.pushHex(c, 4);
    c.push(DASH, HEX_CODES[4]!);
    this.pushHex(c, 3);
    c.push(DASH, VARIANT_CODES[this.int(4)]!);
    this.pushHex(c, 3);
    c.push(DASH);
    this.pushHex(c, 12);
    return String.fromCharCode(...c);
  }

  /** Appends the char codes of `n` random lowercase hex digits to `codes`. */
  private pushHex(codes: number[], n: number): void {
    for (let i = 0; i < n; i++) codes.push(HEX_CODES[this.int(16)]!);
  }
}

/** The streams of one run, created on first use. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: string | number) {}

  /** The stream called `name`, the same object on every call. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
