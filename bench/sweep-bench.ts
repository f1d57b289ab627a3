/**
 * The sweep benchmark: seeds per second of `movesim sweep` through the built CLI
 * (`node bin/movesim.js sweep <scenario> --seeds 1..N --workers W`), timed from outside, so
 * process start and worker start-up count as a user would feel them.
 *
 * It says so when the CLI has no `sweep` command. It does not check the sweep's results;
 * the sweep's own tests do.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { median, nowMs } from './stats.js';

/** The project root (this file is compiled to dist/bench/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One worker count's measurement. */
export interface SweepPoint {
  workers: number;
  seeds: number;
  /** Median wall milliseconds of the whole command. */
  medianMs?: number;
  seedsPerSec?: number;
  error?: string;
}

/** True when the built CLI lists a `sweep` command. */
export function cliHasSweep(): boolean {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'movesim.js'), 'sweep', '--help'], {
    encoding: 'utf8',
  });
  return r.status === 0 && /--workers/.test(r.stdout);
}

/** Runs the sweep `runs` times per worker count and keeps the median wall time. */
export function benchSweep(
  scenario: string,
  seeds: number,
  workerCounts: number[],
  runs: number,
  extraArgs: readonly string[] = [],
  /** Called with the output folder after each timed run, before it is removed. */
  inspect?: (out: string) => void,
): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const workers of workerCounts) {
    const times: number[] = [];
    let error: string | undefined;
    for (let r = 0; r < runs && error === undefined; r++) {
      const out = mkdtempSync(join(tmpdir(), 'movesim-sweep-bench-'));
      const start = nowMs();
      try {
        execFileSync(
          process.execPath,
          [
            join(ROOT, 'bin', 'movesim.js'),
            'sweep',
            scenario,
            '--seeds',
            `1..${seeds}`,
            '--workers',
            String(workers),
            '--out',
            out,
            '--json',
            ...extraArgs,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT, maxBuffer: 64 << 20 },
        );
        times.push(nowMs() - start);
        inspect?.(out);
      } catch (e) {
        // Exit code 1 means some seed failed its expectations: the timing still counts.
        const status = (e as { status?: number }).status;
        if (status === 1) {
          times.push(nowMs() - start);
          inspect?.(out);
        } else error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    const p: SweepPoint = { workers, seeds };
    if (times.length > 0) {
      p.medianMs = median(times);
      p.seedsPerSec = seeds / (p.medianMs / 1000);
    }
    if (error !== undefined) p.error = error;
    points.push(p);
  }
  return points;
}
