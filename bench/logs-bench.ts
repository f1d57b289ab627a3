/**
 * The logs benchmark: `movesim logs` reading a long syslog. The file is made from the breakout
 * scenario's own `cms.log` (120 moves and 120 joins), dated, with a STATS line of noise after
 * each line, repeated an hour apart to the size asked for. Measured: megabytes of syslog read
 * a minute on one core (read, correlate, explain, conformance, trace and report written), by
 * the real command in a child process, once with its heap capped at 64 MB to show memory does
 * not grow with the file. It prints nothing; index.ts does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadScenarioFile } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';
import { nowMs } from './stats.js';
import { ROOT } from './sweep-bench.js';

/** What one measurement found. */
export interface LogsBenchResult {
  megabytes: number;
  /** Megabytes a minute, with no heap cap and with a 64 MB cap (undefined if it failed). */
  mbPerMinute: number;
  cappedMbPerMinute: number | undefined;
}

/** `n` with a leading zero to `w` digits. */
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Writes a syslog of about `megabytes` MB to `file`. */
function makeLog(file: string, megabytes: number): void {
  const r = loadScenarioFile(join(ROOT, 'scenarios', 'breakout-120.yaml'));
  if (!r.ok) throw new Error('breakout-120.yaml does not load');
  const logs = runScenario(r.scenario, { traceLevel: 'off' }).logs;
  const parts: string[] = [];
  let bytes = 0;
  for (let copy = 0; bytes < megabytes * 1e6; copy++) {
    const lines: string[] = [];
    for (const [t, node, line] of logs) {
      const ms = Date.UTC(2026, 0, 1) + copy * 3_600_000 + Math.floor(t / 1000);
      const d = new Date(ms);
      const stamp = `${d.toISOString().slice(0, 10)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`;
      lines.push(`${stamp} ${node} Info ${line}`, `${stamp} STATS calls=120 cpu=35%`);
    }
    const text = `${lines.join('\n')}\n`;
    bytes += text.length;
    parts.push(text);
  }
  writeFileSync(file, parts.join(''));
}

/** Runs the command on `file`; its wall time in ms, or undefined when it failed. */
function timeCommand(file: string, out: string, heapMb?: number): number | undefined {
  const start = nowMs();
  try {
    execFileSync(
      process.execPath,
      [
        ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]),
        join(ROOT, 'bin', 'movesim.js'),
        'logs',
        file,
        '--out',
        out,
        '--model-runs',
        '5',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return nowMs() - start;
}

/** Measures `movesim logs` on a log of about `megabytes` MB. */
export function benchLogs(megabytes: number): LogsBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'movesim-logs-bench-'));
  try {
    const file = join(dir, 'syslog.log');
    makeLog(file, megabytes);
    const mb = statSync(file).size / 1e6;
    const free = timeCommand(file, join(dir, 'out'))!;
    const capped = timeCommand(file, join(dir, 'out'), 64);
    return {
      megabytes: mb,
      mbPerMinute: mb / (free / 60_000),
      cappedMbPerMinute: capped === undefined ? undefined : mb / (capped / 60_000),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
