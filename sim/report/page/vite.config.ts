/**
 * Vite build of the sweep report page: sim/report/page/index.html → sim/report/page/dist/, one
 * script and one stylesheet with fixed names, so sim/report/sweep-page.ts can inline them into a
 * self-contained report.html. Observable Plot and d3 are bundled; nothing is fetched at run time.
 */
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/report.js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
        inlineDynamicImports: true,
      },
    },
  },
});
