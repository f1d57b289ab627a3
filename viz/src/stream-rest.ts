/**
 * Reading what is left of a response's stream into one buffer: the served page's later
 * sections (the text and data after its main section), read by the page's worker, or by the
 * page where no worker can be made.
 */

/** What is left of `stream` after the bytes `head` already read from it, as one buffer. */
export async function readRest(
  stream: ReadableStream<Uint8Array>,
  head: Uint8Array,
): Promise<Uint8Array> {
  const chunks = [head];
  let size = head.length;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.length;
  }
  return out;
}
