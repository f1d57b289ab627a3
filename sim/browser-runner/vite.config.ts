/**
 * Vite build of the in-page runner: sim/browser-runner/worker.ts and the simulator it imports
 * → viz/dist/assets/fork-worker.js, one classic script (no imports) that a Worker can start
 * from a URL or from a Blob of its text. The viewer's vite config runs this build after its
 * own, so the served viewer and the self-contained page (sim/report/html.ts) both have it.
 */
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  // immer reads NODE_ENV; the command line runs it with NODE_ENV unset, in its development
  // mode (its checks and messages), so the page does too.
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  build: {
    outDir: fileURLToPath(new URL('../../viz/dist/assets', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    lib: {
      entry: fileURLToPath(new URL('./worker.ts', import.meta.url)),
      formats: ['iife'],
      name: 'movesimForkWorker',
      fileName: () => 'fork-worker.js',
    },
  },
});
