/**
 * The version of movesim, read from the project's package.json (the nearest one above this file
 * named `movesim`), for `movesim --version` and bug reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version, or "unknown" when no package.json of movesim is found. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'movesim' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // Not a readable package.json; keep looking above.
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
