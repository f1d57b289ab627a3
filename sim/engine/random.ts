/**
 * Seeded, named random streams.
 *
 * Every stream is derived from the run's one seed and its own name (`seed + ":" + name`), so
 * adding a stream (a new node, a new link) never changes the draws of another. Streams use
 * seedrandom's Alea generator. Nothing else in the simulator may produce randomness.
 */
import seedrandom from 'seedrandom';
import { type Distribution, sampleMs } from './distributions.js';

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
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(16).toString(16);
    return s;
  }

  /** A version-4-shaped GUID such as CMS uses for calls and participants. */
  guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${'89ab'[this.int(4)]}${this.hex(3)}-${this.hex(12)}`;
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
