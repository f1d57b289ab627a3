/**
 * Optional parts of the command line that other modules provide when they are built: the
 * property checker (`check-command.js`), the viewer server (`../report/serve.js`) and the
 * self-contained HTML page (`../report/html.js`). A missing part is reported, not a crash.
 *
 * Paths are relative to this folder (sim/cli, or dist/sim/cli when compiled).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The module at `spec` (relative to sim/cli), or undefined when it is not built. */
export async function importOptional<T>(spec: string): Promise<T | undefined> {
  const url = new URL(spec, import.meta.url);
  const ts = fileURLToPath(url).replace(/\.js$/, '.ts');
  if (!existsSync(fileURLToPath(url)) && !existsSync(ts)) return undefined;
  return (await import(spec)) as T;
}
