/**
 * Shared pieces of the command-line tests: runs the real `movesim` binary (node bin/movesim.js,
 * which needs `npm run build` first) in a child process and collects its exit code and output,
 * and makes scratch folders. This is not a test file; it holds no assertions.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The command's binary. */
export const BIN = join(ROOT, 'bin', 'movesim.js');

/** Whether the compiled CLI exists (it does after `npm run build`, which `npm test` runs first). */
export const BUILT = existsSync(join(ROOT, 'dist', 'sim', 'cli', 'entry.js'));

/** What a run of the binary gave. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `movesim ARGS` in the project root (or `cwd`), with `env` added to the environment. */
export function movesim(
  args: readonly string[],
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<CliResult> {
  if (!BUILT)
    throw new Error(
      'dist/ is missing: run `npm run build` before the CLI tests (npm test does it).',
    );
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...env } },
      (err, stdout, stderr) => {
        const code =
          err === null
            ? 0
            : typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A running `movesim view`: its process, the address it printed, and its stderr so far. */
export interface RunningView {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/**
 * Starts `movesim view TRACE` and waits for the address it prints; rejects with its stderr when
 * it exits before printing one. The caller stops it (SIGINT, and SIGKILL in a `finally`).
 */
export async function startView(trace: string): Promise<RunningView> {
  const child = spawn(process.execPath, [BIN, 'view', trace], { cwd: ROOT, stdio: 'pipe' });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /viewer: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`view exited with ${code} before printing a URL: ${err}`)),
    );
  });
  return { child, url, stderr: () => err };
}

const made: string[] = [];

/** A new empty folder under the system's temporary folder; `removeScratch` deletes it. */
export function scratch(prefix = 'movesim-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Deletes every folder `scratch` made in this test file. */
export function removeScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p).map((f) => join(name, f)));
    else out.push(name);
  }
  return out.sort();
}

/** The scenario most tests use. */
export const SCENARIO = 'scenarios/move-across-bridges.yaml';

/** An override that loses 3 % of all messages, so some seeds fail and some pass. */
export const LOSSY = 'network.loss=[{probability: 0.03}]';
