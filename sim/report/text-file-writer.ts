/**
 * A buffered, synchronous writer of a text file that grows as a run goes (the streamed
 * `cms.log`), written under a temporary name and renamed into place when closed, so a killed
 * run never leaves a half file under the real name.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class TextFileWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private chunks: string[] = [];
  private pending = 0;

  /** Opens a temporary file beside `path`; `limitChars` is the buffer size (default 1 Mi). */
  constructor(private readonly path: string, private readonly limitChars = 1 << 20) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= this.limitChars) this.flush();
  }

  /** Flushes, closes and renames the file into place. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }
}
