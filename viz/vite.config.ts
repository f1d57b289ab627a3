/**
 * Vite build of the viewer: viz/index.html → viz/dist/, one script and one stylesheet with
 * fixed names and relative paths, so sim/report/html.ts can inline them into a self-contained
 * page and sim/report/serve.ts can serve them from any path. It is not a dev-server setup.
 *
 * After it, the in-page runner (sim/browser-runner/, its own config) is built into the same
 * folder as assets/fork-worker.js: the viewer imports nothing from it, it starts it as a worker.
 */
import { fileURLToPath } from 'node:url';

import { build, defineConfig, type Plugin } from 'vite';

/** Builds the in-page runner once the viewer's files are written. */
const forkWorker: Plugin = {
  name: 'movesim-fork-worker',
  apply: 'build',
  async closeBundle() {
    const configFile = fileURLToPath(
      new URL('../sim/browser-runner/vite.config.ts', import.meta.url),
    );
    await build({ configFile, logLevel: 'error' });
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [forkWorker],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/viewer.js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
        inlineDynamicImports: true,
      },
    },
  },
});
