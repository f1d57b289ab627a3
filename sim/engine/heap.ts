/**
 * The event queue: a binary min-heap ordered by `(at, seq)`.
 *
 * `seq` is an insertion counter the queue assigns itself, so two events at the same instant
 * come out in the order they were pushed. That one rule is the whole determinism story of the
 * engine. This is the hot path, written by hand; it knows nothing about what an event means.
 */

/** An entry of the queue. `at` and `seq` are set by the queue; the rest is the caller's. */
export interface Queued {
  at: number;
  seq: number;
}

export class EventQueue<T extends Queued> {
  private readonly items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Adds `item` at time `at`; returns its sequence number. */
  push(item: T, at: number): number {
    item.at = at;
    item.seq = this.nextSeq++;
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (p.at < at || (p.at === at && p.seq < item.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
    return item.seq;
  }

  /** The earliest entry, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = items[l]!;
      if (r < n) {
        const rc = items[r]!;
        if (rc.at < child.at || (rc.at === child.at && rc.seq < child.seq)) {
          c = r;
          child = rc;
        }
      }
      if (last.at < child.at || (last.at === child.at && last.seq < child.seq)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }
}
