/**
 * The in-page runner's Web Worker: each message is a `ForkRequest`, each answer a `ForkReply`
 * (sim/engine/trace.ts declares both, so the viewer needs nothing else from `sim/`). Built into
 * viz/dist/assets/fork-worker.js by this folder's vite config; the viewer starts it from that
 * file, or from the copy a self-contained page carries.
 */
import type { ForkReply, ForkRequest } from '../engine/index.js';
import { runFork } from './fork.js';

/** The part of a dedicated worker's global scope this worker uses. */
interface WorkerScope {
  onmessage: ((event: { data: ForkRequest }) => void) | null;
  postMessage: (reply: ForkReply) => void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => scope.postMessage(runFork(event.data));
