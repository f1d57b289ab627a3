/**
 * A version 3 compact trace's later sections (text and data) worked on off the page's thread,
 * by later-worker.ts: inflated while the page builds its model from the main section, then the
 * data lines' JSON texts for the search made and handed to the model's CompactRest as they come
 * (the page makes any it needs before then itself; the served page's worker fetches the trace
 * again for its own bytes). Where a worker cannot be made, the sections are inflated on the
 * page's thread (trace-compact.ts's gunzipInBrowser) and nothing more.
 */
import {
  type CompactRest,
  CompactTraceError,
  gunzipInBrowser,
  type LineJson,
} from '../../sim/engine/trace-compact.js';
import LaterWorker from './later-worker.js?worker&inline';

/** What the worker sends. */
interface Reply {
  sizes?: CompactRest['sizes'];
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

/** Whether two readers' counts (text table entries, values in each data line) are the same. */
function sameSizes(a: CompactRest['sizes'], b: CompactRest['sizes']): boolean {
  return a.texts === b.texts && a.chunks.join() === b.chunks.join();
}

/**
 * Has a worker fetch the served trace at `url` again (absolute; `accept` as the page asked) and
 * make its data lines' JSON texts from its own bytes, so the page's thread copies nothing; they
 * are kept until `feed` names the page's model's reader, and handed to it only if the worker's
 * trace has the same counts. Returns undefined where no worker can be made.
 */
export function jsonFetchedOffThread(
  url: string,
  accept: string,
): { feed(rest: CompactRest, onDone: () => void): void } | undefined {
  const worker = newWorker();
  if (worker === undefined) return undefined;
  let rest: CompactRest | undefined;
  let done: (() => void) | undefined;
  let sizes: CompactRest['sizes'] | undefined;
  let finished = false;
  const held: [number, LineJson][][] = [];
  const hand = (): void => {
    if (rest === undefined || sizes === undefined || !sameSizes(sizes, rest.sizes)) return;
    for (const lines of held.splice(0)) for (const [k, j] of lines) rest.supplyJson(k, j);
  };
  const end = (): void => {
    if (!finished || done === undefined) return;
    hand();
    held.length = 0;
    done();
  };
  worker.onmessage = (ev: MessageEvent<Reply>) => {
    const r = ev.data;
    if (r.sizes !== undefined) sizes = r.sizes;
    else if (r.lines !== undefined) {
      held.push(r.lines);
      hand();
    } else if (r.done === true) {
      worker.terminate();
      finished = true;
      end();
    }
  };
  worker.onerror = () => worker.terminate();
  worker.postMessage({ url, accept });
  return {
    feed: (r, onDone) => {
      rest = r;
      done = onDone;
      hand();
      end();
    },
  };
}

/**
 * Starts the work on the gzip sections `zipped` (handed to the worker: unusable afterwards).
 */
export function laterOffThread(zipped: Uint8Array<ArrayBuffer>[]): Later {
  const worker = newWorker();
  if (worker === undefined)
    return { sections: Promise.all(zipped.map(gunzipInBrowser)), feed: () => undefined };
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
  worker.postMessage(
    { zipped },
    zipped.map((z) => z.buffer),
  );
  return {
    sections,
    feed: (r, onDone) => {
      rest = r;
      done = onDone;
      worker.postMessage(r.sizes);
    },
  };
}
