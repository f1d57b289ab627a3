/**
 * The fingerprints a search uses: a 64-bit hash of the same canonical form as `canonicalText`
 * (fingerprint.ts), computed without writing the text, and incrementally.
 *
 * Values are fed to two 32-bit MurmurHash3-style lanes as 32-bit words: numbers (small integers
 * as one word, any other number as its two IEEE words), strings by a number of their own (each
 * distinct string gets the next number when first met, so two strings never share one), GUIDs
 * by their first appearance in the state, and a tag word before every value saying its type, so
 * that an array, a Set, a string and a number never feed the same words. Two states with equal
 * canonical texts get equal fingerprints; two with different texts get different ones unless
 * the 64-bit hashes collide (about n² / 2^65 for n distinct states: under 10^-5 for ten
 * million). The string numbers are this fingerprinter's own, so fingerprints compare only within
 * one search.
 *
 * Incremental: a node's state, a message's data and a timer's payload are each hashed once per
 * object (a part: its hash with GUIDs numbered locally, and the GUIDs it holds in that order),
 * and the state's hash then maps each part's GUIDs to the state's first-appearance numbering; a
 * node's state is hashed again only when the caller says an event touched it. It relies on the
 * engine's contract that a node's state changes only in its own handler (or at its crash or
 * restart), a sent message's data and a timer's payload never, and a state a snapshot holds
 * never again (snapshot.ts).
 */
import type { FingerprintInput } from '../engine/index.js';
import { GUID } from './fingerprint.js';

/** The tag word before each value. */
const enum Tag {
  Int = 1,
  Float,
  Str,
  Guid,
  True,
  False,
  Undefined,
  Null,
  Array,
  Map,
  Set,
  Object,
  End,
  Part,
  Other,
}

/** A value hashed once: its two lanes with GUIDs numbered locally, and those GUIDs. */
interface Part {
  h1: number;
  h2: number;
  guids: string[];
}

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

/** Two hash lanes and the GUID numbering of the value being hashed. */
class Hasher {
  h1 = 0x9747b28c;
  h2 = 0x2545f491;
  readonly guids = new Map<string, number>();

  constructor(private readonly strings: Map<string, number>) {}

  /** Feeds one 32-bit word to both lanes. */
  word(x: number): void {
    let k = Math.imul(x, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    const a = this.h1 ^ k;
    this.h1 = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let j = Math.imul(x, 0x85ebca77);
    j = Math.imul((j << 13) | (j >>> 19), 0xc2b2ae3d);
    const b = this.h2 ^ j;
    this.h2 = (Math.imul((b << 17) | (b >>> 15), 9) + 0x52dce729) | 0;
  }

  /** Feeds a number: a small integer as one word, any other as its two IEEE words. */
  number(v: number): void {
    if ((v | 0) === v) {
      this.word(Tag.Int);
      this.word(v);
    } else {
      FLOAT[0] = v;
      this.word(Tag.Float);
      this.word(WORDS[0]!);
      this.word(WORDS[1]!);
    }
  }

  /** Feeds a string: a GUID by its first appearance, any other by its own number. */
  string(v: string): void {
    let n = this.strings.get(v);
    if (n === undefined) {
      n = v.length === 36 && GUID.test(v) ? -1 : this.strings.size;
      this.strings.set(v, n);
    }
    if (n >= 0) {
      this.word(Tag.Str);
      this.word(n);
      return;
    }
    this.guid(v);
  }

  /** Feeds a GUID by its number in order of first appearance. */
  guid(v: string): void {
    let g = this.guids.get(v);
    if (g === undefined) {
      g = this.guids.size;
      this.guids.set(v, g);
    }
    this.word(Tag.Guid);
    this.word(g);
  }

  /**
   * Feeds a flat row of strings, numbers and undefined (a node's streams, a link) as `value`
   * would feed it as an array, without its general case.
   */
  row(r: readonly unknown[]): void {
    this.word(Tag.Array);
    for (let i = 0; i < r.length; i++) {
      const v = r[i];
      if (typeof v === 'number') this.number(v);
      else if (v === undefined) this.word(Tag.Undefined);
      else this.value(v);
    }
    this.word(Tag.End);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.word(v ? Tag.True : Tag.False);
        return;
      case 'undefined':
        this.word(Tag.Undefined);
        return;
      case 'object':
        this.object(v);
        return;
      default:
        this.word(Tag.Other);
        this.string(typeof v);
    }
  }

  private object(v: object | null): void {
    if (v === null) this.word(Tag.Null);
    else if (Array.isArray(v)) {
      this.word(Tag.Array);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      this.word(Tag.End);
    } else if (v instanceof Map) {
      this.word(Tag.Map);
      for (const [k, x] of v) {
        this.value(k);
        this.value(x);
      }
      this.word(Tag.End);
    } else if (v instanceof Set) {
      this.word(Tag.Set);
      for (const x of v) this.value(x);
      this.word(Tag.End);
    } else {
      this.word(Tag.Object);
      for (const k of Object.keys(v)) {
        this.string(k);
        this.value((v as Record<string, unknown>)[k]);
      }
      this.word(Tag.End);
    }
  }

  /** Feeds a part: its lanes, then its GUIDs by their numbers in this value. */
  part(p: Part): void {
    this.word(Tag.Part);
    this.word(p.h1);
    this.word(p.h2);
    for (const g of p.guids) this.guid(g);
    this.word(Tag.End);
  }
}

/** MurmurHash3's finaliser: every bit of the lane affects every bit of the result. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Fingerprints of the states of a search, written incrementally (see the file comment). Call
 * `touched` with the node each event may have changed, and `reset` when a new simulation starts.
 */
export class Fingerprinter {
  /** Each distinct string met, by its number (GUIDs: -1). */
  private readonly strings = new Map<string, number>();
  /** The nodes whose state may have changed since it was last hashed. */
  private readonly dirty = new Set<string>();
  /** Node states, messages' data and timers' payloads, each hashed once. */
  private readonly parts = new WeakMap<object, Part>();
  /** The last fingerprint, two 32-bit halves (overwritten by the next `of`). */
  readonly key: [number, number] = [0, 0];

  /** A new simulation (its node states are new objects, hashed when first met). */
  reset(): void {
    this.dirty.clear();
  }

  /** Node `id`'s state may have changed: hash it again at the next fingerprint. */
  touched(id: string): void {
    this.dirty.add(id);
  }

  /** The fingerprint of a state, as two 32-bit halves (the array `key`, reused). */
  of(input: FingerprintInput): [number, number] {
    const h = new Hasher(this.strings);
    h.number(input.now);
    h.value(input.nextMessageId);
    for (const n of input.nodes) {
      const [id, up, epoch, factor, state, streams] = n as [string, ...unknown[]];
      h.string(id);
      h.value(up);
      h.value(epoch);
      h.value(factor);
      h.part(this.nodePart(id, state));
      h.row(streams as unknown[]);
    }
    h.word(Tag.Array);
    for (const e of input.pending) {
      h.word(Tag.Array);
      for (let i = 0; i < e.length; i++) {
        const v = e[i];
        if (typeof v === 'object' && v !== null) h.part(this.partOf(v));
        else h.value(v);
      }
      h.word(Tag.End);
    }
    h.word(Tag.End);
    for (const l of input.links) h.row(l);
    this.key[0] = fmix(h.h1);
    this.key[1] = fmix(h.h2 ^ h.h1);
    return this.key;
  }

  /** The part of an object: hashed once per object. */
  private partOf(v: object): Part {
    let p = this.parts.get(v);
    if (p === undefined) {
      p = this.hashPart(v);
      this.parts.set(v, p);
    }
    return p;
  }

  private hashPart(v: unknown): Part {
    const h = new Hasher(this.strings);
    h.value(v);
    return { h1: h.h1, h2: h.h2, guids: [...h.guids.keys()] };
  }

  /**
   * The part of node `id`'s state: hashed again when the node was touched, else kept per state
   * object (a state a snapshot holds is never changed again, so a restored one is not hashed
   * again).
   */
  private nodePart(id: string, state: unknown): Part {
    const obj = typeof state === 'object' && state !== null ? state : undefined;
    if (obj === undefined) return this.hashPart(state);
    if (!this.dirty.has(id)) {
      const kept = this.parts.get(obj);
      if (kept !== undefined) return kept;
    }
    const part = this.hashPart(obj);
    this.parts.set(obj, part);
    this.dirty.delete(id);
    return part;
  }
}
