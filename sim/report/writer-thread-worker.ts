/**
 * The worker thread of `ThreadedFdWriter` (writer-thread.ts): writes the shared slots to the
 * file descriptor in turn as the caller fills them, until told to stop. A write error is kept
 * in the shared error text and flagged, for the caller to report; later slots are skipped.
 *
 * It runs as its own module (the compiled `dist/sim/report/writer-thread-worker.js`), started
 * by `new Worker(url)`; it shares nothing with the caller but `workerData`.
 */
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

/** What the caller hands the worker: the file, the shared control words, slots and error text. */
export interface WriterThreadData {
  fd: number;
  control: Int32Array;
  bytes: SharedArrayBuffer;
  errorText: Uint8Array;
  slots: number;
  slotBytes: number;
  /**
   * Where the control words are: each slot's byte length, the stop flag, the failed flag, the error
   * length.
   */
  lengthAt: number;
  stopAt: number;
  failedAt: number;
  errorLengthAt: number;
}

/** A slot that holds no text yet (the caller sets it to 1 when it is full). */
const EMPTY = 0;

/** Writes one full slot; on an error keeps its text and raises the failed flag. */
function writeSlot(d: WriterThreadData, slot: Uint8Array, length: number): void {
  try {
    let off = 0;
    while (off < length) off += writeSync(d.fd, slot, off, length - off);
  } catch (e) {
    const message = Buffer.from(e instanceof Error ? e.message : String(e)).subarray(
      0,
      d.errorText.length,
    );
    d.errorText.set(message);
    Atomics.store(d.control, d.errorLengthAt, message.length);
    Atomics.store(d.control, d.failedAt, 1);
  }
}

/** The worker's loop: wait for the next slot to fill, write it, hand it back. */
function run(d: WriterThreadData): void {
  const slots = Array.from(
    { length: d.slots },
    (_, i) => new Uint8Array(d.bytes, i * d.slotBytes, d.slotBytes),
  );
  for (let slot = 0; ; slot = (slot + 1) % d.slots) {
    while (Atomics.load(d.control, slot) === EMPTY) {
      if (Atomics.load(d.control, d.stopAt) === 1) return;
      Atomics.wait(d.control, slot, EMPTY, 1000);
    }
    if (Atomics.load(d.control, d.failedAt) === 0)
      writeSlot(d, slots[slot] as Uint8Array, Atomics.load(d.control, d.lengthAt + slot));
    Atomics.store(d.control, slot, EMPTY);
    Atomics.notify(d.control, slot);
  }
}

run(workerData as WriterThreadData);
