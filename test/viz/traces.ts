/**
 * Test helper: the traces the browser tests open. Where the simulator can make one (its
 * compiled CLI exists and the scenario file is there) the trace is the real `movesim run`
 * output; otherwise it is a synthetic one from fixtures.ts, and `source` says which.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT } from './build.js';
import { breakout, moveAcrossBridges } from './fixtures.js';

export interface TestTrace {
  text: string;
  source: 'movesim run' | 'synthetic';
}

/** Runs `movesim run <scenario>` at the state trace level and returns its trace.json. */
export function runScenario(scenario: string): string {
  const out = mkdtempSync(join(tmpdir(), 'movesim-viz-run-'));
  try {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'movesim.js'),
        'run',
        join(ROOT, 'scenarios', `${scenario}.yaml`),
        '--out',
        out,
        '--trace-level',
        'state',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const file = join(out, 'trace.json');
    if (!existsSync(file))
      throw new Error(
        `movesim run ${scenario} wrote no trace (exit ${r.status}): ${r.stderr || r.stdout}`,
      );
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** True when the simulator's CLI is built and the scenario exists. */
export function canRun(scenario: string): boolean {
  return (
    existsSync(join(ROOT, 'dist', 'sim', 'cli', 'main.js')) &&
    existsSync(join(ROOT, 'bin', 'movesim.js')) &&
    existsSync(join(ROOT, 'scenarios', `${scenario}.yaml`))
  );
}

const made = new Map<string, TestTrace>();

/** A trace made once per test file: by `movesim run` when possible, else by `synthetic()`. */
function once(scenario: string, synthetic: () => string): TestTrace {
  let t = made.get(scenario);
  if (!t) {
    t = canRun(scenario)
      ? { text: runScenario(scenario), source: 'movesim run' }
      : { text: synthetic(), source: 'synthetic' };
    made.set(scenario, t);
  }
  return t;
}

/** The move-across-bridges trace: real when possible. */
export function moveAcrossBridgesTrace(): TestTrace {
  return once('move-across-bridges', () => JSON.stringify(moveAcrossBridges({ state: true })));
}

/** The breakout-120 trace: real when possible (synthetic: 120 participants each moved once). */
export function breakout120Trace(): TestTrace {
  return once('breakout-120', () => JSON.stringify(breakout(120)));
}

/** The lost-end-websocket trace (step 8 dropped): real when possible. */
export function lostEndWebsocketTrace(): TestTrace {
  return once('lost-end-websocket', () =>
    JSON.stringify(
      moveAcrossBridges({ state: true, dropKind: { kind: 'ws.end', reason: 'targeted-drop' } }),
    ),
  );
}

/** The troubleshoot-b-target-bridge-crash trace: real when possible (synthetic: a crash mark). */
export function bridgeCrashTrace(): TestTrace {
  return once('troubleshoot-b-target-bridge-crash', () => {
    const t = moveAcrossBridges({
      state: true,
      dropKind: { kind: 'ws.auth', reason: 'node-down' },
    });
    const last = t.events[t.events.length - 1] as { seq: number; t: number };
    t.events.push(
      { seq: last.seq + 1, t: 5_040_000, type: 'local', node: 'cbC', kind: 'crash' },
      { seq: last.seq + 2, t: 25_040_000, type: 'local', node: 'cbC', kind: 'restart' },
    );
    return JSON.stringify(t);
  });
}
