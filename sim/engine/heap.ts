/**
 * The event queue: a binary min-heap ordered by `(at, seq)`.
 *
 * `seq` is an insertion counter the queue assigns itself, so two events at the same instant
 * come out in the order they were pushed. That one rule is the whole determinism story of the
 * engine. This is the hot path, written by hand; it knows nothing about what an event means.
 *
 * The keys live in two typed arrays beside the items, so sifting compares numbers in
 * contiguous memory instead of reading `at` and `seq` from objects scattered over the heap
 * (a measured hot spot: docs/performance.md). Each item also gets its `at` and `seq`.
 */

/** An entry of the queue. `at` and `seq` are set by the queue; the rest is the caller's. */
export interface Queued {
  at: number;
  seq: number;
}

/** A queue as `save` found it. */
export interface QueueImage<T> {
  items: readonly T[];
  ats: Float64Array;
  seqs: Float64Array;
  nextSeq: number;
}

export class EventQueue<T extends Queued> {
  private items: (T | undefined)[] = [];
  private ats = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private n = 0;
  private nextSeq = 0;

  get size(): number {
    return this.n;
  }

  /** Adds `item` at time `at`; returns its sequence number. */
  push(item: T, at: number): number {
    const seq = this.nextSeq++;
    item.at = at;
    item.seq = seq;
    if (this.n === this.ats.length) this.grow();
    const items = this.items;
    const ats = this.ats;
    const seqs = this.seqs;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pa = ats[parent]!;
      if (pa < at || (pa === at && seqs[parent]! < seq)) break;
      items[i] = items[parent];
      ats[i] = pa;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    items[i] = item;
    ats[i] = at;
    seqs[i] = seq;
    return seq;
  }

  /** Every entry, in no particular order (for reports; not for the hot path). */
  entries(): T[] {
    return this.items.slice(0, this.n) as T[];
  }

  /** The earliest entry, without removing it. */
  peek(): T | undefined {
    return this.n === 0 ? undefined : this.items[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const items = this.items;
    const ats = this.ats;
    const seqs = this.seqs;
    const top = items[0];
    const n = --this.n;
    const last = items[n];
    items[n] = undefined;
    if (n === 0) return top;
    const lastAt = ats[n]!;
    const lastSeq = seqs[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let cAt = ats[l]!;
      let cSeq = seqs[l]!;
      if (r < n) {
        const rAt = ats[r]!;
        if (rAt < cAt || (rAt === cAt && seqs[r]! < cSeq)) {
          c = r;
          cAt = rAt;
          cSeq = seqs[r]!;
        }
      }
      if (lastAt < cAt || (lastAt === cAt && lastSeq < cSeq)) break;
      items[i] = items[c];
      ats[i] = cAt;
      seqs[i] = cSeq;
      i = c;
    }
    items[i] = last;
    ats[i] = lastAt;
    seqs[i] = lastSeq;
    return top;
  }

  /**
   * Removes `item` if it is queued (found by a linear search: for a controlling scheduler such as
   * `movesim explore`, never for the hot path); returns whether it was there.
   */
  remove(item: T): boolean {
    const i = this.items.indexOf(item);
    if (i < 0 || i >= this.n) return false;
    const n = --this.n;
    const last = this.items[n]!;
    const lastAt = this.ats[n]!;
    const lastSeq = this.seqs[n]!;
    this.items[n] = undefined;
    if (i === n) return true;
    this.place(last, lastAt, lastSeq, this.siftUp(i, lastAt, lastSeq));
    return true;
  }

  /** Where a key lands when it moves up from slot `i` (the slots on the way shift down). */
  private siftUp(i: number, at: number, seq: number): number {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pa = this.ats[parent]!;
      if (pa < at || (pa === at && this.seqs[parent]! < seq)) break;
      this.items[i] = this.items[parent];
      this.ats[i] = pa;
      this.seqs[i] = this.seqs[parent]!;
      i = parent;
    }
    return i;
  }

  /** Puts `item` with its key at slot `i`, then moves it down as far as it belongs. */
  private place(item: T, at: number, seq: number, i: number): void {
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (
        r < n &&
        (this.ats[r]! < this.ats[l]! ||
          (this.ats[r] === this.ats[l] && this.seqs[r]! < this.seqs[l]!))
      )
        c = r;
      const cAt = this.ats[c]!;
      if (at < cAt || (at === cAt && seq < this.seqs[c]!)) break;
      this.items[i] = this.items[c];
      this.ats[i] = cAt;
      this.seqs[i] = this.seqs[c]!;
      i = c;
    }
    this.items[i] = item;
    this.ats[i] = at;
    this.seqs[i] = seq;
  }

  /**
   * The queue as it is now, to put back with `load` (a simulation snapshot): its entries and
   * their keys. The entries themselves are shared, not copied.
   */
  save(): QueueImage<T> {
    return {
      items: this.items.slice(0, this.n) as T[],
      ats: this.ats.slice(0, this.n),
      seqs: this.seqs.slice(0, this.n),
      nextSeq: this.nextSeq,
    };
  }

  /** Puts the queue back as `save` found it, each entry's `at` and `seq` with it. */
  load(image: QueueImage<T>): void {
    const n = image.items.length;
    while (this.ats.length < n) this.grow();
    this.items = image.items.slice();
    this.ats.set(image.ats);
    this.seqs.set(image.seqs);
    for (let i = 0; i < n; i++) {
      const e = image.items[i]!;
      e.at = image.ats[i]!;
      e.seq = image.seqs[i]!;
    }
    this.n = n;
    this.nextSeq = image.nextSeq;
  }

  /** Doubles the key arrays' capacity. */
  private grow(): void {
    const ats = new Float64Array(this.ats.length * 2);
    ats.set(this.ats);
    this.ats = ats;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
