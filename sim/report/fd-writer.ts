/**
 * Buffered, synchronous writing of text to an open file descriptor: short texts are joined
 * into a batch of about 64 Ki characters, each batch is encoded as UTF-8 into one reused byte
 * buffer, and the buffer goes to the file when full and on `flush`.
 *
 * The streamed trace and `cms.log` write millions of short lines; one encoding call per batch
 * instead of one per line, and no new buffer per batch, is what keeps that cheap. It neither
 * opens nor closes files.
 */
import { writeSync } from 'node:fs';

import { TextBatch } from './text-batch.js';

/** Writes `bytes[0, length)` to `fd`, however many calls it takes. */
function writeAll(fd: number, bytes: Uint8Array, length: number): void {
  let off = 0;
  while (off < length) off += writeSync(fd, bytes, off, length - off);
}

/** Characters joined before they are encoded into the byte buffer. */
const BATCH_CHARS = 1 << 16;

export class FdWriter {
  private readonly buffer: Buffer;
  private used = 0;
  /**
   * Text not yet encoded; a batch is at most 64 Ki characters, or the capacity when that is
   * smaller.
   */
  private readonly batch: TextBatch;

  /** Buffers about `capacityChars` characters of text (at most three bytes each) for `fd`. */
  constructor(
    private readonly fd: number,
    capacityChars: number,
  ) {
    this.buffer = Buffer.allocUnsafe(3 * capacityChars + 1);
    this.batch = new TextBatch(Math.min(BATCH_CHARS, capacityChars));
  }

  /** Appends `text`. */
  write(text: string): void {
    const batch = this.batch.add(text);
    if (batch !== undefined) this.encode(batch);
  }

  /** Appends `text` and a newline. */
  writeLine(text: string): void {
    this.write(text);
    this.write('\n');
  }

  /** Writes whatever is buffered to the file. */
  flush(): void {
    const rest = this.batch.take();
    if (rest.length > 0) this.encode(rest);
    writeAll(this.fd, this.buffer, this.used);
    this.used = 0;
  }

  /** Encodes `text` into the byte buffer, writing the buffer out first when it is too full. */
  private encode(text: string): void {
    const buffer = this.buffer;
    if (this.used + 3 * text.length > buffer.length) {
      this.flush();
      if (3 * text.length > buffer.length) {
        // Text longer than the buffer goes out on its own.
        const bytes = Buffer.from(text, 'utf8');
        writeAll(this.fd, bytes, bytes.length);
        return;
      }
    }
    this.used += buffer.write(text, this.used, 'utf8');
  }
}
