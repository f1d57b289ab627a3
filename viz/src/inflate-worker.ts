/**
 * A version 3 compact trace's later sections (text and data) worked on off the page's thread,
 * by later-worker.ts: inflated while the page builds its model from the main section, then the
 * data lines' JSON texts for the search made and handed to the model's CompactRest as they come
 * (the page makes any it needs before then itself). The served page's worker fetches the
 * trace (its only download) and hands the page the main section as soon as it is in. Where a
 * worker cannot be made, the sections are inflated or read on the page's thread and nothing
 * more.
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
  opening?: Uint8Array;
  main?: Uint8Array;
  whole?: Uint8Array;
  plain?: Uint8Array<ArrayBuffer>;
  notCompact?: boolean;
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
 * The first part of a served trace as the worker fetched it (stream-rest.ts's readMain), the
 * whole response of another form (`plain`), or that the page must fetch it itself.
 */
export type ServedFirst =
  | { main: Uint8Array }
  | { whole: Uint8Array }
  | { plain: Uint8Array<ArrayBuffer> }
  | { notCompact: true };

/**
 * Has a worker fetch the served trace at `url` (absolute; `accept` as the page asks):
 * `onOpening` is given its opening section (version 4, when it has one) as soon as it is in,
 * `first` its main section as soon as that is in (or a version 2 trace whole, or another
 * form's bytes whole, or says the fetch failed: the page then fetches it itself and says why),
 * and `later` the text and data
 * sections, which the worker reads while the page builds its model. The page's thread neither
 * downloads nor copies them. Undefined where no worker can be made.
 */
export function fetchedOffThread(
  url: string,
  accept: string,
  onOpening: (opening: Uint8Array) => void,
): { first: Promise<ServedFirst>; later: Later } | undefined {
  const worker = newWorker();
  if (worker === undefined) return undefined;
  let settle: (f: ServedFirst | Error) => void = () => undefined;
  const first = new Promise<ServedFirst>((resolve, reject) => {
    settle = (f) => (f instanceof Error ? reject(f) : resolve(f));
  });
  const later = listen(
    worker,
    (f) => {
      if (!(f instanceof Error) && !('main' in f)) worker.terminate();
      settle(f);
    },
    onOpening,
  );
  worker.postMessage({ url, accept });
  return { first, later };
}

/** The later sections of a served trace read on the page's thread (where no worker can be made). */
export function laterOnPage(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  head: Uint8Array,
): Later {
  const sections = readRest(reader, head).then((all) => {
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

/**
 * The later sections as `worker` sends them, and the JSON texts it makes once fed; `onFirst`
 * is given what a worker fetching a served trace sends first (its main section, or the error it
 * met), `onOpening` its opening section.
 */
function listen(
  worker: Worker,
  onFirst?: (f: ServedFirst | Error) => void,
  onOpening?: (opening: Uint8Array) => void,
): Later {
  let rest: CompactRest | undefined;
  let done = (): void => undefined;
  const sections = new Promise<Uint8Array[]>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<Reply>) => {
      const r = ev.data;
      if (r.opening !== undefined) onOpening?.(r.opening);
      else if (r.main !== undefined) onFirst?.({ main: r.main });
      else if (r.whole !== undefined) onFirst?.({ whole: r.whole });
      else if (r.plain !== undefined) onFirst?.({ plain: r.plain });
      else if (r.notCompact === true) onFirst?.({ notCompact: true });
      else if (r.sections !== undefined) resolve(r.sections);
      else if (r.why !== undefined) {
        const err = new CompactTraceError(r.why);
        onFirst?.(err);
        reject(err);
        worker.terminate();
      } else if (r.lines !== undefined) for (const [k, j] of r.lines) rest?.supplyJson(k, j);
      else if (r.done === true) {
        worker.terminate();
        done();
      }
    };
    worker.onerror = (ev) => {
      const err = new CompactTraceError(`the compact trace is damaged (${ev.message})`);
      onFirst?.(err);
      reject(err);
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
