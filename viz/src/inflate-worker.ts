/**
 * Inflating gzip sections off the page's thread: a compact trace's text and data sections are
 * inflated in a Web Worker (made from a Blob, so the self-contained page needs no other file)
 * while the page builds its model from the main section. The worker reads the browser's
 * `DecompressionStream` chunk by chunk into one buffer of the size the gzip trailer gives, as
 * trace-compact.ts's gunzipInBrowser does on the page's thread; where a worker cannot be made,
 * that is what is used.
 */
import { CompactTraceError, gunzipInBrowser } from '../../sim/engine/trace-compact.js';

/** The worker's code: inflates each section it is sent and sends the bytes back (transferred). */
const WORKER_CODE = `
async function inflate(z) {
  const n = z.length;
  const guess = n >= 18 ? (z[n - 4] | (z[n - 3] << 8) | (z[n - 2] << 16) | (z[n - 1] << 24)) >>> 0 : 0;
  let out = new Uint8Array(Math.max(guess, 1024));
  let size = 0;
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const written = writer.write(z).then(() => writer.close());
  written.catch(() => undefined);
  const reader = ds.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > out.length) {
      const grown = new Uint8Array(Math.max(out.length * 2, size + value.length));
      grown.set(out.subarray(0, size));
      out = grown;
    }
    out.set(value, size);
    size += value.length;
  }
  await written;
  return out.subarray(0, size);
}
onmessage = async (e) => {
  try {
    const out = [];
    for (const z of e.data) out.push(await inflate(z));
    postMessage({ out }, out.map((u) => u.buffer));
  } catch (err) {
    postMessage({ why: String((err && err.message) || err) });
  }
};
`;

/** The worker's reply: the inflated sections, or why it failed. */
interface Reply {
  out?: Uint8Array[];
  why?: string;
}

/**
 * Each gzip section inflated, in a worker where the page can make one (the sections' buffers
 * are handed to it and are unusable afterwards). Throws CompactTraceError when one does not
 * decompress.
 */
export async function inflateOffThread(zipped: Uint8Array<ArrayBuffer>[]): Promise<Uint8Array[]> {
  let worker: Worker;
  let url: string;
  try {
    url = URL.createObjectURL(new Blob([WORKER_CODE], { type: 'text/javascript' }));
    worker = new Worker(url);
  } catch {
    return Promise.all(zipped.map(gunzipInBrowser));
  }
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.onmessage = (ev: MessageEvent<Reply>) => resolve(ev.data);
      worker.onerror = (ev) => reject(new Error(ev.message));
      worker.postMessage(
        zipped,
        zipped.map((z) => z.buffer),
      );
    });
    if (reply.out === undefined)
      throw new CompactTraceError(
        `the compact trace is damaged (it does not decompress: ${reply.why ?? 'no reason given'})`,
      );
    return reply.out;
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}
