/**
 * A version 3 compact trace's later sections (text and data) worked on off the page's thread,
 * by later-worker.ts: inflated while the page builds its model from the main section, then the
 * data lines' JSON texts for the search made and handed to the model's CompactRest as they come
 * (the page makes any it needs before then itself). The served page hands the worker the rest
 * of its own response to read (one download). Where a worker cannot be made, the sections are
 * inflated or read on the page's thread and nothing more.
 */
import {
  type CompactRest,
  CompactTraceError,
  gunzipInBrowser,
  type LineJson,
  splitLater,
} from '../../sim/engine/trace-compact.js';
import LaterWorker from './later-worker.js?worker&inline';
import { readRest } from './stream-rest.js';

/** What the worker sends. */
interface Reply {
  sections?: Uint8Array[];
  why?: string;
  lines?: [number, LineJson][];
  done?: boolean;
}

/** The later sections being worked on. */
export interface Later {
  /** The text and data sections, inflated. Rejects with CompactTraceError. */
  sections: Promise<Uint8Array[]>;
  /**
   * Gives the worker the main section's counts, and `rest` the JSON texts it makes; `onDone`
   * is called once they are all in.
   */
  feed(rest: CompactRest, onDone: () => void): void;
}

/** A worker made from later-worker.ts, or undefined where the page cannot make one. */
function newWorker(): Worker | undefined {
  try {
    return new LaterWorker();
  } catch {
    return undefined;
  }
}

/**
 * Has the worker make the data lines' JSON texts of sections already inflated (a copy of them
 * is sent), and hands them to `rest` as they come. Does nothing where no worker can be made.
 */
export function jsonOffThread(
  rest: CompactRest,
  text: Uint8Array,
  data: Uint8Array,
  onDone: () => void,
): void {
  const worker = newWorker();
  if (worker === undefined) return;
  worker.onmessage = (ev: MessageEvent<Reply>) => {
    const r = ev.data;
    if (r.lines !== undefined) for (const [k, j] of r.lines) rest.supplyJson(k, j);
    else if (r.done === true) {
      worker.terminate();
      onDone();
    }
  };
  worker.onerror = () => worker.terminate();
  const inflated = [text.slice(), data.slice()];
  worker.postMessage(
    { inflated },
    inflated.map((u) => u.buffer),
  );
  worker.postMessage(rest.sizes);
}

/**
 * Starts the work on the rest of a served version 3 trace: `head`, the bytes already read
 * after its main section, then what is left of `stream` (its text and data sections, inflated
 * by the browser as they come). The stream is handed to the worker, which reads it while the
 * page builds its model; where it cannot be, the page reads it.
 */
export function laterFromStream(stream: ReadableStream<Uint8Array>, head: Uint8Array): Later {
  const worker = newWorker();
  if (worker !== undefined) {
    try {
      const later = listen(worker);
      worker.postMessage({ stream, head }, [stream as unknown as Transferable, head.buffer]);
      return later;
    } catch {
      worker.terminate();
    }
  }
  const sections = readRest(stream, head).then((all) => {
    const later = splitLater(all, 0);
    return [later.text, later.data];
  });
  return { sections, feed: () => undefined };
}

/**
 * Starts the work on the gzip sections `zipped` (handed to the worker: unusable afterwards).
 */
export function laterOffThread(zipped: Uint8Array<ArrayBuffer>[]): Later {
  const worker = newWorker();
  if (worker === undefined)
    return { sections: Promise.all(zipped.map(gunzipInBrowser)), feed: () => undefined };
  const later = listen(worker);
  worker.postMessage(
    { zipped },
    zipped.map((z) => z.buffer),
  );
  return later;
}

/** The later sections as `worker` sends them, and the JSON texts it makes once fed. */
function listen(worker: Worker): Later {
  let rest: CompactRest | undefined;
  let done = (): void => undefined;
  const sections = new Promise<Uint8Array[]>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<Reply>) => {
      const r = ev.data;
      if (r.sections !== undefined) resolve(r.sections);
      else if (r.why !== undefined) {
        reject(new CompactTraceError(r.why));
        worker.terminate();
      } else if (r.lines !== undefined) for (const [k, j] of r.lines) rest?.supplyJson(k, j);
      else if (r.done === true) {
        worker.terminate();
        done();
      }
    };
    worker.onerror = (ev) => {
      reject(new CompactTraceError(`the compact trace is damaged (${ev.message})`));
      worker.terminate();
    };
  });
  return {
    sections,
    feed: (r, onDone) => {
      rest = r;
      done = onDone;
      worker.postMessage(r.sizes);
    },
  };
}
