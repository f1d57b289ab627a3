/**
 * The visited set of a search: per state fingerprint (64 bits, state-hash.ts), the budgets it was
 * explored with, in an open-addressing table of 32-bit words (three per state: the two halves
 * of the fingerprint and a mask of budgets), so its memory is about 24 bytes per distinct state
 * at most half full, never a state.
 *
 * A state explored with d delays and f faults left covers every budget (d', f') with d' ≤ d and
 * f' ≤ f: its futures include theirs. The mask has one bit per budget (bit d × (F + 1) + f), set
 * for every budget covered, so "explored with at least this budget" is one bit. Bounds with more
 * than 32 budgets ((K + 1) × (F + 1) > 32) keep a list of budgets per state in a Map instead.
 */

/** What `visit` found. */
export const enum Visit {
  /** Not seen before: now recorded. */
  New,
  /** Seen, but only with less budget: now recorded with this one too. */
  MoreBudget,
  /** Seen with at least this budget: not to be explored again. */
  Covered,
}

export class VisitedSet {
  /** Slots of three words: fingerprint high, low, budget mask (0: empty slot). */
  private table = new Uint32Array(3 << 16);
  private used = 0;
  /** The number of distinct states recorded. */
  size = 0;
  /** When the budgets do not fit a mask: the budget lists (delays left, faults left, ...). */
  private readonly wide: Map<string, number[]> | undefined;

  constructor(
    /** K, the most delays. */
    private readonly k: number,
    /** F, the most faults. */
    private readonly f: number,
  ) {
    this.wide = (k + 1) * (f + 1) > 32 ? new Map() : undefined;
  }

  /**
   * Looks up the state `key` with `delays` and `faults` left, and records it unless covered.
   * With `peek`, records nothing (the state bound is reached).
   */
  visit(key: readonly [number, number], delays: number, faults: number, peek = false): Visit {
    if (this.wide !== undefined) return this.visitWide(key, delays, faults, peek);
    const bit = delays * (this.f + 1) + faults;
    const t = this.table;
    const slots = t.length / 3;
    let i = (key[0] ^ Math.imul(key[1], 0x9e3779b1)) >>> 0;
    for (;;) {
      i &= slots - 1;
      const at = i * 3;
      const mask = t[at + 2]!;
      if (mask === 0) {
        if (peek) return Visit.New;
        t[at] = key[0];
        t[at + 1] = key[1];
        t[at + 2] = this.covered(delays, faults);
        this.size++;
        if (++this.used * 2 > slots) this.grow();
        return Visit.New;
      }
      if (t[at] === key[0] && t[at + 1] === key[1]) {
        if ((mask >>> bit) & 1) return Visit.Covered;
        if (!peek) t[at + 2] = mask | this.covered(delays, faults);
        return Visit.MoreBudget;
      }
      i++;
    }
  }

  /** The mask of the budgets that `delays` and `faults` left cover. */
  private covered(delays: number, faults: number): number {
    let m = 0;
    for (let d = 0; d <= delays; d++)
      for (let f = 0; f <= faults; f++) m |= 1 << (d * (this.f + 1) + f);
    return m;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    const slots = this.table.length / 3;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      let i = (old[at]! ^ Math.imul(old[at + 1]!, 0x9e3779b1)) >>> 0;
      for (;;) {
        i &= slots - 1;
        if (this.table[i * 3 + 2] === 0) break;
        i++;
      }
      this.table.set(old.subarray(at, at + 3), i * 3);
    }
  }

  private visitWide(
    key: readonly [number, number],
    delays: number,
    faults: number,
    peek: boolean,
  ): Visit {
    const id = `${key[0]}:${key[1]}`;
    const budgets = this.wide!.get(id);
    if (budgets === undefined) {
      if (!peek) {
        this.wide!.set(id, [delays, faults]);
        this.size++;
      }
      return Visit.New;
    }
    for (let i = 0; i < budgets.length; i += 2)
      if (budgets[i]! >= delays && budgets[i + 1]! >= faults) return Visit.Covered;
    if (!peek) budgets.push(delays, faults);
    return Visit.MoreBudget;
  }

  /** The bytes the table takes (for reports). */
  get bytes(): number {
    return this.table.byteLength;
  }
}
