/**
 * State fingerprints: a short key for everything a run's future depends on (the engine's
 * `FingerprintInput`), so that a state reached by two orders of events is explored once.
 *
 * The input is written as one canonical text (Maps and Sets by their entries in order, objects by
 * their keys in order; insertion order is kept, because a handler may iterate in that order) in
 * which every GUID is renamed by its first appearance (`#0`, `#1`, ...): two states that differ
 * only in which random ids went where collapse. The text is hashed with SHA-1 (node's crypto), so
 * no state is kept, only its key.
 *
 * This is the reference definition of when two states are the same; a search uses
 * `Fingerprinter` (state-hash.ts), which partitions states the same way at a fraction of the cost
 * (a test checks it on explored runs).
 */
import { createHash } from 'node:crypto';

import type { FingerprintInput } from '../engine/index.js';

/** A GUID as the engine's random streams write them: 8-4-4-4-12 lowercase hex digits. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
