/**
 * Buffered, synchronous writing of text to an open file descriptor: text is encoded as UTF-8
 * straight into one reused byte buffer, which goes to the file when full and on `flush`.
 *
 * The streamed trace and `cms.log` write millions of short lines; this keeps them from
 * building a joined string or a new buffer per batch. It neither opens nor closes files.
 */
import { writeSync } from 'node:fs';

/** Writes `bytes[0, length)` to `fd`, however many calls it takes. */
function writeAll(fd: number, bytes: Uint8Array, length: number): void {
  let off = 0;
  while (off < length) off += writeSync(fd, bytes, off, length - off);
}

export class FdWriter {
  private readonly buffer: Buffer;
  private used = 0;

  /** Buffers about `capacityChars` characters of text (at most three bytes each) for `fd`. */
  constructor(
    private readonly fd: number,
    capacityChars: number,
  ) {
    this.buffer = Buffer.allocUnsafe(3 * capacityChars + 1);
  }

  /** Appends `text`. */
  write(text: string): void {
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

  /** Appends `text` and a newline. */
  writeLine(text: string): void {
    this.write(text);
    if (this.used === this.buffer.length) this.flush();
    this.buffer[this.used++] = 0x0a;
  }

  /** Writes whatever is buffered to the file. */
  flush(): void {
    writeAll(this.fd, this.buffer, this.used);
    this.used = 0;
  }
}
