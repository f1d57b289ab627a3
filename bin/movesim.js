#!/usr/bin/env node
// The movesim command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/sim/cli/entry.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('movesim: dist/ is missing; run `npm install` (or `npm run build`) in the movesim folder first.');
  process.exit(2);
}
await import(entry.href);
