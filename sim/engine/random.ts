/**
 * Seeded, named random streams.
 *
 * Every stream is derived from the run's one seed and its own name (`seed + ":" + name`), so
 * adding a stream (a new node, a new link) never changes the draws of another. Streams use
 * seedrandom's Alea generator: a stream steps Alea's recurrence on four numbers it keeps itself
 * (the draws are seedrandom's, tested draw for draw). Every stream, named or a network's
 * per-link one (`unshared`, 60,000 in the large run), is seeded by `aleaSeed`, the same
 * arithmetic as seedrandom's seeding without its per-stream generator object and closures
 * (tested equal on arbitrary text; docs/performance.md). Nothing else in the simulator may
 * produce randomness.
 */
import { aleaSeed, type AleaState } from './alea-seed.js';
import { type Distribution, sampleMs } from './distributions.js';

/**
 * The char code of the hex digit of each value 0-15, as `Number.prototype.toString(16)` writes it.
 */
const HEX_CODES: readonly number[] = Array.from({ length: 16 }, (_, i) =>
  i.toString(16).charCodeAt(0),
);
/** The char codes of a GUID's variant digit: 8, 9, a, b. */
const VARIANT_CODES: readonly number[] = [...'89ab'].map((ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** The char codes of the GUID being built (`guid` fills every slot before reading it). */
const GUID_CODES: number[] = new Array<number>(36).fill(0);

export class RandomStream {
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;
  /**
   * How many numbers the stream has drawn: with its name (its seed), where it is, as one number
   * (for a state fingerprint).
   */
  draws = 0;

  /**
   * The seed text of a stream not seeded yet, else undefined. A stream given its seed text is
   * seeded (`aleaSeed`) when it first draws or tells its position: a generated case makes about
   * 84 streams (a link's latency and fault streams, a node's named ones) and draws from about
   * half of them (a constant latency draws nothing), so seeding the others was wasted work
   * (docs/performance.md). The draws are the same either way: a stream's state is a function of
   * its seed text alone.
   */
  private unseeded: string | undefined;

  /**
   * A stream that starts from Alea state `state`, or from the state `aleaSeed(state)` gives when
   * `state` is a seed text (seeded at first use; see `seeded`).
   */
  constructor(state: AleaState | string) {
    if (typeof state === 'string') {
      this.c = 1;
      this.s0 = 0;
      this.s1 = 0;
      this.s2 = 0;
      this.unseeded = state;
      return;
    }
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.unseeded = undefined;
  }

  /**
   * The stream seedrandom's `alea` makes for the seed text `<seed>:<name>`, seeded by `aleaSeed`
   * at its first draw (the same state, tested; seedrandom's own seeding built a generator object
   * and closures per stream, and a generated case makes dozens of streams).
   */
  static seeded(seed: string | number, name: string): RandomStream {
    return new RandomStream(`${seed}:${name}`);
  }

  /** Seeds a stream made with its seed text, before its first draw. */
  private seedNow(text: string): void {
    const state = aleaSeed(text);
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.unseeded = undefined;
  }

  /** Appends the stream's position (its four numbers, its draws) to `numbers` (a snapshot). */
  writePosition(numbers: number[]): void {
    if (this.unseeded !== undefined) this.seedNow(this.unseeded);
    numbers.push(this.c, this.s0, this.s1, this.s2, this.draws);
  }

  /**
   * Puts the stream back where a `position` written into `numbers` at `at` says it was (a
   * restored snapshot, snapshot.ts).
   */
  setPosition(numbers: readonly number[], at = 0): void {
    this.unseeded = undefined;
    this.c = numbers[at]!;
    this.s0 = numbers[at + 1]!;
    this.s1 = numbers[at + 2]!;
    this.s2 = numbers[at + 3]!;
    this.draws = numbers[at + 4]!;
  }

  /** A uniform number in [0, 1): one step of Alea, exactly as seedrandom's `alea` steps it. */
  next(): number {
    if (this.unseeded !== undefined) this.seedNow(this.unseeded);
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.draws++;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A draw from `d`, in milliseconds. */
  sampleMs(d: Distribution): number {
    return sampleMs(d, this);
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    const codes: number[] = [];
    this.pushHex(codes, n);
    return String.fromCharCode(...codes);
  }

  /** A version-4-shaped GUID such as CMS uses for calls and participants. */
  guid(): string {
    // The same draws in the same order as
    // `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`,
    // built as one flat string (36 characters, not a chain of concatenations kept in memory)
    // from one reused array of char codes, so a GUID allocates nothing but itself.
    const c = GUID_CODES;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) c[i] = DASH;
      else if (i === 14) c[i] = HEX_CODES[4]!;
      else if (i === 19) c[i] = VARIANT_CODES[this.int(4)]!;
      else c[i] = HEX_CODES[this.int(16)]!;
    }
    return String.fromCharCode.apply(null, c);
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

  /**
   * A new stream called `name`, not remembered here: for an owner that keeps its streams
   * itself (the network keeps each link's), so a stream lives only as long as its owner
   * needs it. Asking twice gives two streams with the same draws, and they are the draws of
   * `stream(name)`. Seeded by `aleaSeed`: a network seeds one per link, and seedrandom's seeding
   * allocated about 1 KB per stream.
   */
  unshared(name: string): RandomStream {
    return RandomStream.seeded(this.seed, name);
  }

  /** The named streams made so far, in order of creation (for a snapshot: snapshot.ts). */
  named(): [string, RandomStream][] {
    return [...this.streams];
  }

  /** Keeps only the named streams listed, in that order (a restored snapshot). */
  keepNamed(streams: readonly [string, RandomStream][]): void {
    if (streams.length === this.streams.size) return;
    this.streams.clear();
    for (const [name, s] of streams) this.streams.set(name, s);
  }

  /** The stream called `name`, the same object on every call. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = RandomStream.seeded(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
