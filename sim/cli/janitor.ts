/**
 * Cleaning up after an interrupted command. The long parts of a run are synchronous, and Node
 * runs signal handlers only between turns of its event loop, so a handler in this process could
 * not act until the run had finished. Instead SIGINT and SIGTERM keep their default action (the
 * process stops at once, and the shell sees status 130 or 143), and a small watcher process,
 * started once the output folders are known, waits for this process to go. If this process ends
 * normally it stops the watcher first (an 'exit' hook, which a signal skips); otherwise the
 * watcher removes every temporary file this process left in those folders (`NAME.<pid>.tmp`,
 * the names the atomic writers use), removes the folders the command created if they are still
 * empty, and prints one line saying the command was interrupted. Finished outputs are never
 * touched: they are renamed into place only when complete.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { packageRoot } from '../report/package-root.js';

/**
 * The watcher's module (janitor-watcher.ts): the compiled one beside this file, or, when this
 * file runs from the sources, the compiled one in `dist/` that `npm run build` makes.
 */
function watcherModule(): string {
  const beside = fileURLToPath(new URL('./janitor-watcher.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return join(packageRoot(), 'dist', 'sim', 'cli', 'janitor-watcher.js');
}

let watcher: ChildProcess | undefined;

/**
 * Starts the watcher for the folders `folders` (where this command writes; absolute) and the
 * folders `made` (created by this command, deepest first), once per process.
 */
export function watchForInterrupts(folders: readonly string[], made: readonly string[]): void {
  if (watcher !== undefined) return;
  const child = spawn(
    process.execPath,
    [watcherModule(), String(process.pid), ...folders, '--', ...made],
    {
      stdio: ['pipe', 'ignore', 'inherit'],
      detached: true,
    },
  );
  watcher = child;
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  process.on('exit', () => {
    child.kill('SIGKILL');
  });
}
