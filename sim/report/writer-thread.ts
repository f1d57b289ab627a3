/**
 * Writing text to an open file descriptor from a second thread: the caller joins text into
 * batches, each batch goes to a worker thread, and the worker encodes it as UTF-8 and writes it.
 * The bytes and their order are exactly those of `FdWriter` (tested); what moves off the
 * caller's thread is the encoding and the system calls, which for a 600 MB streamed trace
 * were a seventh of the run (docs/performance.md).
 *
 * The caller never waits for the worker except when too many batches are in flight (so memory
 * stays bounded) and in `flush`, which returns once every byte is written. The caller's thread
 * may be busy for seconds without turning its event loop, so the two sides share counters in a
 * SharedArrayBuffer and the caller blocks on them with `Atomics.wait`; nothing here needs the
 * event loop. A write error in the worker is reported by the next `write` or `flush`. It neither
 * opens nor closes files.
 */
import { Worker } from 'node:worker_threads';

/** The worker: writes each batch it is sent, then counts it done; `null` ends it. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, counters, errorText } = workerData;
parentPort.on('message', (text) => {
  if (text === null) {
    parentPort.close();
    return;
  }
  if (Atomics.load(counters, 1) === 0) {
    try {
      const bytes = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      const message = Buffer.from(String(e && e.message ? e.message : e)).subarray(0, errorText.length);
      errorText.set(message);
      Atomics.store(counters, 2, message.length);
      Atomics.store(counters, 1, 1);
    }
  }
  Atomics.sub(counters, 0, 1);
  Atomics.notify(counters, 0);
});
`;

/** Characters joined into one batch before it goes to the worker. */
const BATCH_CHARS = 1 << 18;

/** Batches sent and not yet written, at most; the caller waits when there are this many. */
const MAX_IN_FLIGHT = 8;

/** How long the caller waits for the worker to finish a batch before it gives up, in milliseconds. */
const STALL_LIMIT_MS = 120_000;

/** Index of each shared counter. */
const IN_FLIGHT = 0;
const FAILED = 1;
const ERROR_LENGTH = 2;

export class ThreadedFdWriter {
  private readonly worker: Worker;
  private readonly counters: Int32Array;
  private readonly errorText: Uint8Array;
  private batch = '';
  private closed = false;

  /** Starts the worker thread that will write to `fd`. */
  constructor(private readonly fd: number) {
    this.counters = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    this.errorText = new Uint8Array(new SharedArrayBuffer(1024));
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { fd, counters: this.counters, errorText: this.errorText } });
    // The process may exit without waiting for the worker once `close` has run.
    this.worker.unref();
  }

  /** Appends `text`. */
  write(text: string): void {
    const batch = this.batch + text;
    if (batch.length < BATCH_CHARS) {
      this.batch = batch;
      return;
    }
    this.batch = '';
    this.send(batch);
  }

  /** Appends `text` and a newline. */
  writeLine(text: string): void {
    this.write(text);
    this.write('\n');
  }

  /** Returns once everything written so far is in the file; throws if writing it failed. */
  flush(): void {
    if (this.batch.length > 0) {
      const batch = this.batch;
      this.batch = '';
      this.send(batch);
    }
    this.waitBelow(1);
    this.throwIfFailed();
  }

  /** Flushes and ends the worker thread; the file descriptor stays open. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.worker.postMessage(null);
  }

  /** Ends the worker thread without writing what is not written yet. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.batch = '';
    Atomics.store(this.counters, FAILED, 1);
    void this.worker.terminate();
  }

  private send(batch: string): void {
    if (this.closed) throw new Error(`the writer of file descriptor ${this.fd} was closed`);
    this.throwIfFailed();
    this.waitBelow(MAX_IN_FLIGHT);
    Atomics.add(this.counters, IN_FLIGHT, 1);
    this.worker.postMessage(batch);
  }

  /** Blocks until fewer than `limit` batches are in flight. */
  private waitBelow(limit: number): void {
    const c = this.counters;
    for (;;) {
      const n = Atomics.load(c, IN_FLIGHT);
      if (n < limit) return;
      if (Atomics.wait(c, IN_FLIGHT, n, STALL_LIMIT_MS) === 'timed-out' && Atomics.load(c, IN_FLIGHT) === n) {
        throw new Error(`the writer thread of file descriptor ${this.fd} wrote nothing for ${STALL_LIMIT_MS / 1000} s; the file is incomplete`);
      }
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.counters, FAILED) === 0) return;
    const length = Atomics.load(this.counters, ERROR_LENGTH);
    const reason = Buffer.from(this.errorText.subarray(0, length)).toString('utf8');
    throw new Error(`writing to file descriptor ${this.fd} failed: ${reason || 'the writer was aborted'}`);
  }
}
