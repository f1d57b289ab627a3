/**
 * The export benchmark: `movesim export --format html` of the project's own large run
 * (`scenarios/large-24-bridges.yaml`, about 630,000 messages and 10,031 nodes) by the real
 * command in a child process: the page's size, the wall time and the peak resident memory
 * (from `/usr/bin/time -f %M` when it exists). The trace is made with `movesim run` (about 30 s)
 * unless `BENCH_LARGE_TRACE` names one. It prints nothing; index.ts does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { median, nowMs } from './stats.js';
import { ROOT } from './sweep-bench.js';

/** What the export benchmark found (medians over the runs). */
export interface ExportBenchResult {
  traceMb: number;
  htmlMb: number;
  seconds: number;
  /** Peak resident memory of the export in MB; NaN without /usr/bin/time. */
  peakMb: number;
  runs: number;
}

const BIN = join(ROOT, 'bin', 'movesim.js');

/** The large run's trace.json: `BENCH_LARGE_TRACE`, or made into `dir`. */
function largeTrace(dir: string): string {
  const given = process.env.BENCH_LARGE_TRACE;
  if (given) return given;
  const scenario = join(ROOT, 'scenarios', 'large-24-bridges.yaml');
  const r = spawnSync(process.execPath, [BIN, 'run', scenario, '--out', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const file = join(dir, 'trace.json');
  if (!existsSync(file))
    throw new Error(`movesim run large-24-bridges wrote no trace (exit ${r.status})`);
  return file;
}

/** One export: its wall time in seconds and peak resident memory in MB. */
function exportOnce(trace: string, out: string): { seconds: number; peakMb: number } {
  const args = [BIN, 'export', trace, '--format', 'html', '-o', out];
  const timed = existsSync('/usr/bin/time');
  const t0 = nowMs();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = (nowMs() - t0) / 1000;
  if (r.status !== 0 || !existsSync(out))
    throw new Error(`export --format html failed: ${r.stderr}`);
  const kb = timed ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN) : NaN;
  return { seconds, peakMb: kb / 1024 };
}

/** Exports the large run's trace `runs` times. */
export function benchExport(runs: number): ExportBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'movesim-bench-export-'));
  try {
    const trace = largeTrace(dir);
    const out = join(dir, 'large.html');
    const each = Array.from({ length: runs }, () => exportOnce(trace, out));
    return {
      traceMb: statSync(trace).size / 1e6,
      htmlMb: statSync(out).size / 1e6,
      seconds: median(each.map((e) => e.seconds)),
      peakMb: median(each.map((e) => e.peakMb)),
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
