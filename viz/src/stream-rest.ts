/**
 * Reading a served compact trace's response as it arrives: its main section as soon as it is
 * in (its length is known from its first two lines, trace-compact.ts's compactMainEnd), then
 * the rest (the text and data sections) into one buffer. Used by the page's worker, which
 * fetches the served trace (later-worker.ts), and by the page where no worker can be made.
 */
import { compactMainEnd } from '../../sim/engine/trace-compact.js';

/** The bytes of `chunks` from `from` to `to`, copied into one buffer of their own. */
function joined(chunks: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  let at = 0;
  for (const ch of chunks) {
    const lo = Math.max(from - at, 0);
    const hi = Math.min(to - at, ch.length);
    if (hi > lo) out.set(ch.subarray(lo, hi), at + lo - from);
    at += ch.length;
  }
  return out;
}

/**
 * A compact trace's first part as read from `reader`: version 3's main section and the bytes
 * read after it (`head`), or the whole of a version 2 trace (`whole`, the reader then done).
 */
export async function readMain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ main: Uint8Array; head: Uint8Array } | { whole: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  let got = 0;
  let end: number | undefined;
  let newlines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { whole: joined(chunks, 0, got) };
    chunks.push(value);
    got += value.length;
    for (let p = value.indexOf(10); p >= 0 && newlines < 2; p = value.indexOf(10, p + 1))
      if (++newlines === 2) end = compactMainEnd(joined(chunks, 0, got - value.length + p + 1));
    if (end !== undefined && got >= end)
      return { main: joined(chunks, 0, end), head: joined(chunks, end, got) };
  }
}

/** What is left of `reader`'s stream after the bytes `head` already read from it, as one buffer. */
export async function readRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  head: Uint8Array,
): Promise<Uint8Array> {
  const chunks = [head];
  let size = head.length;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  return joined(chunks, 0, size);
}
