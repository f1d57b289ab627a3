/**
 * The version of movesim, read from the project's package.json, for `movesim --version` and
 * bug reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../report/package-root.js';

/** The package version, or "unknown" when no package.json of movesim is found. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
