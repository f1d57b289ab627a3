/**
 * The page's side of the in-page runner: starts the runner's Web Worker (built from
 * sim/browser-runner/ into assets/fork-worker.js) and asks it for forks. The worker comes from
 * the copy a self-contained page carries (`<script type="text/plain" id="movesim-fork-worker">`)
 * or, served, from the file beside the viewer's script; either way from a Blob of its text, so
 * the page runs the same from disk. The two sides share only `ForkRequest` and `ForkReply`.
 */
import type { ForkReply, ForkRequest } from '../../sim/engine/trace.js';

let worker: Promise<Worker> | undefined;

/** The runner's script text: inlined in the page, else fetched beside the viewer. */
async function workerText(): Promise<string> {
  const inline = document.getElementById('movesim-fork-worker')?.textContent ?? '';
  if (inline.trim() !== '') return inline;
  const url = new URL('assets/fork-worker.js', document.baseURI);
  const res = await fetch(url);
  if (!res.ok)
    throw new Error(
      `the in-page runner is missing (${url.pathname}: HTTP ${res.status}); rebuild the viewer with \`npm run build:viz\``,
    );
  return res.text();
}

/** The runner's worker, started once. */
function runner(): Promise<Worker> {
  worker ??= workerText().then((text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    return new Worker(url);
  });
  worker.catch(() => (worker = undefined));
  return worker;
}

/**
 * Runs one fork in the worker. Never rejects: a worker that cannot start or fails is an
 * `{ ok: false }` answer with the reason. One fork at a time (the page waits for each).
 */
export async function runForkInPage(request: ForkRequest): Promise<ForkReply> {
  let w: Worker;
  try {
    w = await runner();
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return new Promise((resolve) => {
    w.onmessage = (ev: MessageEvent<ForkReply>) => resolve(ev.data);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      worker = undefined;
      resolve({ ok: false, error: `the in-page runner failed: ${ev.message}` });
    };
    w.postMessage(request);
  });
}
