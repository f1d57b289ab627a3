/**
 * Reading a served compact trace's response as it arrives: version 4's opening section as soon
 * as it is in, then its main section as soon as that is in (a section's length is known from its
 * first two lines, trace-compact.ts's compactFirstSection), then the rest (the text and data
 * sections) into one buffer. Used by the page's worker, which
 * fetches the served trace (later-worker.ts), and by the page where no worker can be made.
 */
import { compactFirstSection } from '../../sim/engine/trace-compact.js';

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
 * A compact trace's first part as read from `reader`: version 3's or 4's main section and the
 * bytes read after it (`head`), or the whole of a version 2 trace (`whole`, the reader then
 * done). Version 4's opening section, when the trace has one, is given to `onOpening` as soon
 * as it is in.
 */
export async function readMain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onOpening: (opening: Uint8Array) => void = () => undefined,
): Promise<{ main: Uint8Array; head: Uint8Array } | { whole: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  let got = 0;
  // Where the section being read starts, the newlines seen in it, and where it ends once known.
  let from = 0;
  let lines = 0;
  let first: { end: number; opening: boolean } | undefined;
  /** Counts the newlines of the bytes held from `at` on, until the section's end is known. */
  const scan = (at: number): void => {
    const bytes = joined(chunks, at, got);
    for (let p = bytes.indexOf(10); p >= 0 && first === undefined; p = bytes.indexOf(10, p + 1))
      if (++lines === 2) first = compactFirstSection(joined(chunks, from, at + p + 1));
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { whole: joined(chunks, from, got) };
    chunks.push(value);
    got += value.length;
    if (first === undefined) scan(got - value.length);
    while (first !== undefined && got >= from + first.end) {
      const end = from + first.end;
      if (!first.opening)
        return { main: joined(chunks, from, end), head: joined(chunks, end, got) };
      onOpening(joined(chunks, from, end));
      // The main section follows the opening section: read it as the first.
      from = end;
      lines = 0;
      first = undefined;
      scan(from);
    }
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
