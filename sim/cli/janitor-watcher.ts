/**
 * The janitor's watcher process (janitor.ts starts it as `node janitor-watcher.js PID FOLDER…
 * -- MADE…`): it ignores the signals that stop its parent, waits for its standard input to
 * close (the parent is gone), then removes the parent's unfinished `NAME.<pid>.tmp` files in
 * FOLDER…, the folders MADE… it created if they are still empty, and says so in one line.
 * A parent that ends normally kills the watcher first, so this runs only after an interrupt.
 */
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Removes the parent's unfinished files and empty new folders; returns the files removed. */
function cleanUp(pid: string, folders: readonly string[], made: readonly string[]): string[] {
  const removed: string[] = [];
  for (const dir of folders) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(`.${pid}.tmp`))) {
      try {
        rmSync(join(dir, name), { force: true });
        removed.push(join(dir, name));
      } catch {
        // A file that cannot be removed is not reported as removed.
      }
    }
  }
  for (const dir of made) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // A folder that is gone or not empty stays as it is.
    }
  }
  return removed;
}

for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => {});
const [pid = '', ...rest] = process.argv.slice(2);
const cut = rest.indexOf('--');
const folders = rest.slice(0, cut);
const made = rest.slice(cut + 1);
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  const removed = cleanUp(pid, folders, made);
  const files =
    removed.length === 0
      ? 'no unfinished file was left'
      : `removed ${removed.length} unfinished file(s): ${removed.join(', ')}`;
  process.stderr.write(
    `movesim: interrupted before it finished; ${files}; outputs written earlier are unchanged\n`,
  );
});
