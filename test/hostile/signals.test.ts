/**
 * Interrupts leave nothing behind: a command stopped by SIGINT or SIGTERM in the middle of its
 * work ends with the status a shell reports as 130 or 143 (it is stopped by the signal itself),
 * prints one line saying it was interrupted, removes every temporary file it made, and leaves
 * the complete outputs of an earlier run in the same folder untouched.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BIN, BUILT, filesUnder, removeScratch, ROOT, scratch } from '../cli/helpers.js';

afterAll(removeScratch);

/** What a stopped command gave: the status a shell would report, and its stderr. */
interface Stopped {
  status: number;
  stderr: string;
}

/**
 * Starts movesim, sends `signal` once `ready()` holds (polled), and waits for it and its watcher to
 * finish.
 */
function interruptWhen(
  args: string[],
  env: Record<string, string>,
  ready: (stderr: string) => boolean,
  signal: 'SIGINT' | 'SIGTERM',
): Promise<Stopped> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && ready(stderr)) {
        sent = true;
        child.kill(signal);
      }
    }, 50);
    let status = -1;
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      status = sig === null ? (code ?? -1) : 128 + constants.signals[sig];
    });
    // 'close' comes once every holder of the stderr pipe (the watcher included) has closed it.
    child.on('close', () =>
      sent
        ? done({ status, stderr })
        : fail(new Error(`the command ended before it was interrupted: ${stderr}`)),
    );
  });
}

const size = (p: string): number => (existsSync(p) ? statSync(p).size : 0);
const tmpFiles = (dir: string): string[] => filesUnder(dir).filter((f) => f.endsWith('.tmp'));

describe.skipIf(!BUILT)('interrupts', () => {
  it('a streamed run stopped by SIGINT removes its temporary trace and log, says so in one line, and keeps the earlier outputs', async () => {
    const dir = scratch('movesim-signal-');
    const tmp = scratch('movesim-signal-tmp-');
    const earlier = {
      'trace.ndjson': '{"an":"earlier complete trace"}\n',
      'summary.json': '{"earlier":true}\n',
      'cms.log': 'earlier log\n',
    };
    for (const [name, text] of Object.entries(earlier)) writeFileSync(join(dir, name), text);
    const tracing = () =>
      readdirSync(dir).some(
        (n) => n.startsWith('trace.ndjson.') && n.endsWith('.tmp') && size(join(dir, n)) > 100_000,
      );
    const r = await interruptWhen(
      ['run', 'scenarios/large-24-bridges.yaml', '--stream', '--out', dir],
      { TMPDIR: tmp },
      tracing,
      'SIGINT',
    );
    expect(r.status).toBe(130);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^movesim: interrupted before it finished; removed 2 unfinished file\(s\): .*trace\.ndjson\.\d+\.tmp/,
    );
    expect(tmpFiles(dir)).toEqual([]);
    expect(filesUnder(tmp)).toEqual([]);
    for (const [name, text] of Object.entries(earlier))
      expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  }, 60_000);

  it('a sweep stopped by SIGTERM ends with 143, one interrupted line, and the earlier summary untouched', async () => {
    const dir = scratch('movesim-signal-');
    const tmp = scratch('movesim-signal-tmp-');
    writeFileSync(join(dir, 'summary.json'), '{"earlier":true}\n');
    const r = await interruptWhen(
      [
        'sweep',
        'scenarios/move-across-bridges.yaml',
        '--seeds',
        '1..2000',
        '--workers',
        '1',
        '--out',
        dir,
      ],
      { TMPDIR: tmp },
      (stderr) => stderr.includes('sweep:'),
      'SIGTERM',
    );
    expect(r.status).toBe(143);
    const interrupted = r.stderr.split('\n').filter((l) => l.includes('interrupted'));
    expect(interrupted).toEqual([
      'movesim: interrupted before it finished; no unfinished file was left; outputs written earlier are unchanged',
    ]);
    expect(
      r.stderr
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('sweep: ') || l === interrupted[0]),
    ).toBe(true);
    expect(filesUnder(dir)).toEqual(['summary.json']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('{"earlier":true}\n');
    expect(filesUnder(tmp)).toEqual([]);
  }, 60_000);
});
