/**
 * State fingerprints: a short key for everything a run's future depends on (the engine's
 * `FingerprintInput`), so that a state reached by two orders of events is explored once.
 *
 * The input is written as one canonical text (Maps and Sets by their entries in order, objects by
 * their keys in order; insertion order is kept, because a handler may iterate in that order) in
 * which every GUID is renamed by its first appearance (`#0`, `#1`, ...): two states that differ
 * only in which random ids went where collapse. The text is hashed with SHA-1 (node's crypto), so
 * the visited set keeps 20 bytes per state, never a state.
 *
 * `Fingerprinter` gives the same partition of states at a fraction of the cost during a search:
 * only the node whose event just ran is written again (the others' texts are kept from the state
 * before), each node's text renames GUIDs locally and carries the list of GUIDs it holds, which
 * the state's text then maps to the global first-appearance numbering. Two states get equal
 * fingerprints exactly when their `canonicalText`s are equal (a test checks it on explored runs).
 */
import { createHash } from 'node:crypto';

import type { FingerprintInput } from '../engine/index.js';

/** A GUID as the engine's random streams write them: 8-4-4-4-12 lowercase hex digits. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Writes values as canonical text, renaming GUIDs by first appearance. */
class Writer {
  /** The text so far (string concatenation: V8 joins ropes faster than an array's `join`). */
  out = '';
  /** Each GUID met so far, by its number (the order of first appearance). */
  readonly guids = new Map<string, number>();

  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
      case 'boolean':
        this.out += String(v);
        return;
      case 'undefined':
        this.out += '~';
        return;
      case 'object':
        this.object(v);
        return;
      default:
        this.out += `?${typeof v}`;
    }
  }

  private string(v: string): void {
    if (v.length === 36 && GUID.test(v)) {
      let n = this.guids.get(v);
      if (n === undefined) {
        n = this.guids.size;
        this.guids.set(v, n);
      }
      this.out += `#${n}`;
    } else this.out += JSON.stringify(v);
  }

  private object(v: object | null): void {
    if (v === null) this.out += 'null';
    else if (Array.isArray(v)) {
      this.out += '[';
      for (const x of v) {
        this.value(x);
        this.out += ',';
      }
      this.out += ']';
    } else if (v instanceof Map) {
      this.out += 'M{';
      for (const [k, x] of v) {
        this.value(k);
        this.out += ':';
        this.value(x);
        this.out += ',';
      }
      this.out += '}';
    } else if (v instanceof Set) {
      this.out += 'S{';
      for (const x of v) {
        this.value(x);
        this.out += ',';
      }
      this.out += '}';
    } else {
      this.out += '{';
      for (const k of Object.keys(v)) {
        this.out += `${k}:`;
        this.value((v as Record<string, unknown>)[k]);
        this.out += ',';
      }
      this.out += '}';
    }
  }
}

/** The canonical text of a state (exported for tests: equal texts, equal fingerprints). */
export function canonicalText(input: FingerprintInput): string {
  const w = new Writer();
  w.value(input.now);
  w.value(input.nextMessageId);
  w.value(input.nodes);
  w.value(input.pending);
  w.value(input.links);
  return w.out;
}

/** The fingerprint of a state: the SHA-1 of its canonical text, as base64. */
export function fingerprint(input: FingerprintInput): string {
  return createHash('sha1').update(canonicalText(input)).digest('base64');
}

/** A value written once: the digest of its text with GUIDs renamed locally, and those GUIDs. */
interface Part {
  digest: string;
  guids: string[];
}

/** Writes `v` alone: its text's digest and the GUIDs it holds, in order of first appearance. */
function partOf(v: unknown): Part {
  const w = new Writer();
  w.value(v);
  return { digest: createHash('sha1').update(w.out).digest('base64'), guids: [...w.guids.keys()] };
}

/** Whether two rows of plain values (arrays of them one deep) hold the same values. */
function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || !sameRow(x, y)) return false;
  }
  return true;
}

/**
 * Fingerprints of the states of one execution, written incrementally: the caller says which
 * node an event may have changed (`touched`), and every other node's state text is kept; the
 * data of a message in flight and the payload of a timer are written once per object. Call
 * `reset` when a new execution starts.
 *
 * A node's state may change only in its own handler (or at its crash or restart), and a message's
 * data or a timer's payload not at all once sent or set: the engine's contract for handlers (in
 * `immer` mode it holds by construction, and a test shows `mutable` mode gives the same runs).
 */
export class Fingerprinter {
  /** The nodes whose state may have changed since it was last written. */
  private readonly dirty = new Set<string>();
  /** Node states, messages' data and timers' payloads, each written once. */
  private readonly parts = new WeakMap<object, Part>();
  /** Rows of plain values and their texts: each node's streams, each link's FIFO and streams. */
  private readonly rows = new Map<string, { row: unknown[]; text: string }>();

  /** A new execution (its node states are new objects, written when first met). */
  reset(): void {
    this.dirty.clear();
  }

  /** Node `id`'s state may have changed: write it again at the next fingerprint. */
  touched(id: string): void {
    this.dirty.add(id);
  }

  /** The fingerprint of a state, as `fingerprint` partitions states. */
  of(input: FingerprintInput): string {
    const w = new Writer();
    w.value(input.now);
    w.value(input.nextMessageId);
    for (const n of input.nodes) {
      const [id, up, epoch, factor, state, streams] = n as [string, ...unknown[]];
      w.value(id);
      w.value(up);
      w.value(epoch);
      w.value(factor);
      this.part(w, this.nodePart(id, state));
      w.out += this.plain(`s${id}`, streams as unknown[]);
    }
    w.out += '[';
    for (const e of input.pending) {
      w.out += '[';
      for (let i = 0; i < e.length; i++) {
        const v = e[i];
        if (typeof v === 'object' && v !== null) {
          let p = this.parts.get(v);
          if (p === undefined) {
            p = partOf(v);
            this.parts.set(v, p);
          }
          this.part(w, p);
        } else w.value(v);
        w.out += ',';
      }
      w.out += '],';
    }
    w.out += ']';
    for (const l of input.links) w.out += this.plain(`l${String(l[0])}>${String(l[1])}`, l);
    return createHash('sha1').update(w.out).digest('base64');
  }

  /**
   * The text of a row of plain values (numbers, strings, arrays of numbers: random stream
   * positions, a link's FIFO), kept under `key` and written again only when a value changed.
   */
  private plain(key: string, row: readonly unknown[]): string {
    const kept = this.rows.get(key);
    if (kept !== undefined && sameRow(kept.row, row)) return kept.text;
    const w = new Writer();
    w.value(row);
    this.rows.set(key, {
      row: row.map((v) => (Array.isArray(v) ? [...(v as unknown[])] : v)),
      text: w.out,
    });
    return w.out;
  }

  /** Writes a part: its digest, then its GUIDs by their numbers in the whole state. */
  private part(w: Writer, p: Part): void {
    w.out += `P${p.digest}G`;
    for (const g of p.guids) {
      let k = w.guids.get(g);
      if (k === undefined) {
        k = w.guids.size;
        w.guids.set(g, k);
      }
      w.out += `${k},`;
    }
  }

  /**
   * The part of node `id`'s state: written again when the node was touched, else kept per state
   * object (a state a snapshot holds is never changed again, so a restored one is not written
   * again).
   */
  private nodePart(id: string, state: unknown): Part {
    const obj = typeof state === 'object' && state !== null ? state : undefined;
    if (!this.dirty.has(id) && obj !== undefined) {
      const kept = this.parts.get(obj);
      if (kept !== undefined) return kept;
    }
    const part = partOf(state);
    if (obj !== undefined) this.parts.set(obj, part);
    this.dirty.delete(id);
    return part;
  }
}
