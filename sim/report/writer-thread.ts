/**
 * Writing text to an open file descriptor with the system calls on a second thread: the caller
 * joins texts into batches and encodes each batch as UTF-8 into a ring of shared byte slots; a
 * worker thread writes each full slot to the file and hands it back. The bytes and their order
 * are exactly those of `FdWriter` (tested); what leaves the caller's thread is the writing,
 * which for a 600 MB streamed trace was a second of the run (docs/performance.md).
 *
 * The caller's thread may be busy for seconds without turning its event loop, so the two sides
 * share the slots' states in a SharedArrayBuffer and block on them with `Atomics.wait`; no
 * message is posted per batch and nothing here needs the event loop. The caller waits only when
 * every slot is still being written (so memory stays bounded) and in `flush`, which returns once
 * every byte is in the file. A write error in the worker is reported by the next slot handed
 * over or `flush`. It neither opens nor closes files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { packageRoot } from './package-root.js';
import { TextBatch } from './text-batch.js';
import type { WriterThreadData } from './writer-thread-worker.js';

/** Slot states, and the control words after them. */
const EMPTY = 0;
const FULL = 1;

/** How many slots, and the bytes each holds. */
const SLOTS = 4;
const SLOT_BYTES = 1 << 20;

/** Characters joined into one batch before it is encoded. */
const BATCH_CHARS = 1 << 16;

/** How long the caller waits for a slot to be written before it gives up, in milliseconds. */
const STALL_LIMIT_MS = 120_000;

/**
 * The shared control words: `SLOTS` slot states, then the byte length of each slot's text, then
 * whether the writer must stop, whether a write failed, and the length of the error text.
 */
const LENGTH_AT = SLOTS;
const STOP_AT = 2 * SLOTS;
const FAILED_AT = STOP_AT + 1;
const ERROR_LENGTH_AT = STOP_AT + 2;
const CONTROL_WORDS = STOP_AT + 3;

/**
 * The worker's module: the compiled one beside this file, or, when this file runs from the
 * sources (the tests), the compiled one in `dist/` that `npm run build` makes.
 */
function workerModule(): URL {
  const beside = new URL('./writer-thread-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(join(packageRoot(), 'dist', 'sim', 'report', 'writer-thread-worker.js'));
}

export class ThreadedFdWriter {
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly slots: Buffer[];
  private readonly errorText: Uint8Array;
  /** The slot being filled, and the bytes in it. */
  private slot = 0;
  private used = 0;
  /** Text not yet encoded. */
  private readonly batch = new TextBatch(BATCH_CHARS);
  private closed = false;

  /** Starts the worker thread that will write to `fd`. */
  constructor(private readonly fd: number) {
    this.control = new Int32Array(
      new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    );
    const bytes = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    this.slots = Array.from({ length: SLOTS }, (_, i) =>
      Buffer.from(bytes, i * SLOT_BYTES, SLOT_BYTES),
    );
    this.errorText = new Uint8Array(new SharedArrayBuffer(1024));
    const workerData: WriterThreadData = {
      fd,
      control: this.control,
      bytes,
      errorText: this.errorText,
      slots: SLOTS,
      slotBytes: SLOT_BYTES,
      lengthAt: LENGTH_AT,
      stopAt: STOP_AT,
      failedAt: FAILED_AT,
      errorLengthAt: ERROR_LENGTH_AT,
    };
    this.worker = new Worker(workerModule(), { workerData });
    // The process may exit without waiting for the worker once `close` has run.
    this.worker.unref();
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

  /** Returns once everything written so far is in the file; throws if writing it failed. */
  flush(): void {
    const rest = this.batch.take();
    if (rest.length > 0) this.encode(rest);
    if (this.used > 0) this.handOver();
    for (let i = 0; i < SLOTS; i++) this.waitEmpty(i);
    this.throwIfFailed();
  }

  /** Flushes and ends the worker thread; the file descriptor stays open. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.stopWorker();
  }

  /** Ends the worker thread without writing what is not written yet. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.batch.take();
    Atomics.store(this.control, FAILED_AT, 1);
    this.stopWorker();
  }

  /** Encodes `text` into the current slot, handing slots over as they fill. */
  private encode(text: string): void {
    if (this.closed) throw new Error(`the writer of file descriptor ${this.fd} was closed`);
    if (this.used + 3 * text.length <= SLOT_BYTES) {
      this.used += this.slots[this.slot]!.write(text, this.used, 'utf8');
      return;
    }
    // Too long for what is left of the slot: encode it on its own and copy it in slot-sized pieces.
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) {
      if (this.used === SLOT_BYTES) this.handOver();
      const n = Math.min(SLOT_BYTES - this.used, bytes.length - off);
      bytes.copy(this.slots[this.slot]!, this.used, off, off + n);
      this.used += n;
      off += n;
    }
  }

  /**
   * Hands the current slot to the worker and moves to the next one, once the worker is done with
   * it.
   */
  private handOver(): void {
    this.throwIfFailed();
    Atomics.store(this.control, LENGTH_AT + this.slot, this.used);
    Atomics.store(this.control, this.slot, FULL);
    Atomics.notify(this.control, this.slot);
    this.slot = (this.slot + 1) % SLOTS;
    this.used = 0;
    this.waitEmpty(this.slot);
  }

  /** Blocks until the worker has written slot `i`. */
  private waitEmpty(i: number): void {
    const c = this.control;
    while (Atomics.load(c, i) !== EMPTY) {
      if (Atomics.wait(c, i, FULL, STALL_LIMIT_MS) === 'timed-out') {
        throw new Error(
          `the writer thread of file descriptor ${this.fd} wrote nothing for ${STALL_LIMIT_MS / 1000} s; the file is incomplete`,
        );
      }
    }
  }

  private stopWorker(): void {
    Atomics.store(this.control, STOP_AT, 1);
    for (let i = 0; i < SLOTS; i++) Atomics.notify(this.control, i);
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED_AT) === 0) return;
    const length = Atomics.load(this.control, ERROR_LENGTH_AT);
    const reason = Buffer.from(this.errorText.subarray(0, length)).toString('utf8');
    throw new Error(
      `writing to file descriptor ${this.fd} failed: ${reason || 'the writer was aborted'}`,
    );
  }
}
