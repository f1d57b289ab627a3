/**
 * A buffered, synchronous writer of a text file that grows as a run goes (`cms.log`), written
 * under a temporary name and renamed into place when closed (or removed when aborted), so a
 * killed run never leaves a half file under the real name.
 */
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

import { FdWriter } from './fd-writer.js';

export class TextFileWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private readonly out: FdWriter;
  /** Set once the file is closed (renamed into place) or aborted. */
  private done = false;

  /** Opens a temporary file beside `path`; `limitChars` is the buffer size (default 1 Mi). */
  constructor(
    private readonly path: string,
    limitChars = 1 << 20,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    this.out = new FdWriter(this.fd, limitChars);
  }

  write(text: string): void {
    this.out.write(text);
  }

  /** Flushes, closes and renames the file into place. */
  close(): void {
    this.out.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
    this.done = true;
  }

  /**
   * Closes and removes the temporary file: nothing is written under the real name. Does nothing
   * once the file is closed or aborted.
   */
  abort(): void {
    if (this.done) return;
    this.done = true;
    closeSync(this.fd);
    unlinkSync(this.tmp);
  }
}
