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

/**
 * The watcher's program: argv holds the parent's pid, the folders to clean, `--`, and the folders
 * it may remove.
 */
const WATCHER = String.raw`
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const fs = require('node:fs');
const path = require('node:path');
const [pid, ...rest] = process.argv.slice(1);
const cut = rest.indexOf('--');
const folders = rest.slice(0, cut);
const made = rest.slice(cut + 1);
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  const removed = [];
  for (const dir of folders) {
    let names = [];
    try { names = fs.readdirSync(dir); } catch { continue; }
    for (const name of names) {
      if (!name.endsWith('.' + pid + '.tmp')) continue;
      try { fs.rmSync(path.join(dir, name), { force: true }); removed.push(path.join(dir, name)); } catch {}
    }
  }
  for (const dir of made) {
    try { if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir); } catch {}
  }
  const files = removed.length === 0 ? 'no unfinished file was left' : 'removed ' + removed.length + ' unfinished file(s): ' + removed.join(', ');
  process.stderr.write('movesim: interrupted before it finished; ' + files + '; outputs written earlier are unchanged\n');
});
`;

let watcher: ChildProcess | undefined;

/**
 * Starts the watcher for the folders `folders` (where this command writes; absolute) and the
 * folders `made` (created by this command, deepest first), once per process.
 */
export function watchForInterrupts(folders: readonly string[], made: readonly string[]): void {
  if (watcher !== undefined) return;
  const child = spawn(
    process.execPath,
    ['-e', WATCHER, String(process.pid), ...folders, '--', ...made],
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
