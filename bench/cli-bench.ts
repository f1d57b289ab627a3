/**
 * The whole-command benchmark: wall time of one `movesim` command line, start to exit, as a
 * user sees it (process start, loading, the run, writing the files). Each run writes to a new
 * temporary folder, removed afterwards. It prints nothing; index.ts does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { median, nowMs } from './stats.js';
import { ROOT } from './sweep-bench.js';

/** What the whole-command benchmark measured. */
export interface CliMeasure {
  args: string[];
  runs: number;
  /** Median wall milliseconds, start to exit. */
  medianMs: number;
  wallMs: number[];
  /** The exit code of each run (0: the run passed). */
  exitCodes: (number | null)[];
}

/**
 * Runs `movesim <args> --out <temporary folder>` `runs` times and takes the median wall time.
 * It first asks the system to write out the files earlier rows left in the page cache (`sync`;
 * the state-level rows write gigabytes), so that writing them back does not land inside these
 * runs.
 */
export function benchCli(args: string[], runs: number): CliMeasure {
  spawnSync('sync', { stdio: 'ignore' });
  const wallMs: number[] = [];
  const exitCodes: (number | null)[] = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'movesim-cli-bench-'));
    try {
      const start = nowMs();
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'movesim.js'), ...args, '--out', out],
        { stdio: 'ignore', cwd: ROOT },
      );
      wallMs.push(nowMs() - start);
      exitCodes.push(r.status);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { args, runs, medianMs: median(wallMs), wallMs, exitCodes };
}
