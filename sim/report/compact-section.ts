/**
 * The pieces a section of the compact encoding (compact-trace.ts) is written with: a growable
 * column of numbers, written in the narrowest width that holds its values; a JSON list of
 * strings written a slice at a time; and the layout the main and the opening sections share (a
 * JSON head line, the name table's line, spaces up to a multiple of 8 bytes, then each column
 * padded to 8).
 */

/** One growable column of numbers: 32-bit integers until a value needs a double. */
export class Column {
  private ints = new Int32Array(1024);
  private doubles: Float64Array | null = null;
  private min = 0;
  private max = 0;
  n = 0;

  push(v: number): void {
    const cap = this.doubles?.length ?? this.ints.length;
    if (this.n === cap) this.grow(cap * 2);
    if (this.doubles === null && (v | 0) !== v) {
      this.doubles = Float64Array.from(this.ints);
    }
    if (this.doubles !== null) this.doubles[this.n] = v;
    else this.ints[this.n] = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.n++;
  }

  /** The value at `i` (0 ≤ i < n). */
  get(i: number): number {
    return this.doubles !== null ? this.doubles[i]! : this.ints[i]!;
  }

  private grow(cap: number): void {
    if (this.doubles !== null) {
      const d = new Float64Array(cap);
      d.set(this.doubles);
      this.doubles = d;
    } else {
      const i = new Int32Array(cap);
      i.set(this.ints);
      this.ints = i;
    }
  }

  /** The narrowest width that holds every value: 1, 2, 4 (integers) or 8 (doubles). */
  width(): number {
    if (this.doubles !== null) return 8;
    if (this.min >= -128 && this.max <= 127) return 1;
    if (this.min >= -32768 && this.max <= 32767) return 2;
    return 4;
  }

  /** The values as little-endian bytes of `width()`, padded to a multiple of 8. */
  bytes(): Buffer {
    const w = this.width();
    const out = Buffer.alloc(Math.ceil((this.n * w) / 8) * 8);
    for (let i = 0; i < this.n; i++) {
      if (w === 8) out.writeDoubleLE(this.doubles![i]!, i * 8);
      else if (w === 4) out.writeInt32LE(this.ints[i]!, i * 4);
      else if (w === 2) out.writeInt16LE(this.ints[i]!, i * 2);
      else out.writeInt8(this.ints[i]!, i);
    }
    return out;
  }
}

/** A JSON list of strings as buffers, a slice at a time, ending with a newline. */
export function* stringList(list: readonly string[]): Generator<Buffer> {
  yield Buffer.from('[');
  for (let i = 0; i < list.length; i += 65536) {
    const part = JSON.stringify(list.slice(i, i + 65536)).slice(1, -1);
    yield Buffer.from(i === 0 ? part : `,${part}`);
  }
  yield Buffer.from(']\n');
}

/**
 * A main or opening section's bytes, a part at a time: `head` as a JSON line, the name table,
 * spaces up to a multiple of 8 bytes, then each column's bytes (taken one at a time, so a
 * caller may let each go once it is written).
 */
export function* sectionParts(
  head: Record<string, unknown>,
  names: readonly string[],
  columns: Iterable<Column>,
): Generator<Buffer> {
  let at = 0;
  for (const b of [Buffer.from(`${JSON.stringify(head)}\n`), ...stringList(names)]) {
    at += b.length;
    yield b;
  }
  yield Buffer.alloc((8 - (at % 8)) % 8, 0x20);
  for (const c of columns) yield c.bytes();
}
