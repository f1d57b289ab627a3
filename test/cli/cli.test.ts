/**
 * Tests of the `movesim` command line as a user meets it: the real binary in a child process,
 * its exit codes (0 ok, 1 failed, 2 invalid input), its help, its JSON mode, its problem lines,
 * and the files it writes (or does not write). Needs `npm run build` first (npm test does it).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  BIN,
  filesUnder,
  LOSSY,
  movesim,
  removeScratch,
  ROOT,
  SCENARIO,
  scratch,
} from './helpers.js';

const COMMANDS = ['run', 'validate', 'export', 'sweep', 'merge', 'check', 'explore', 'view'];
const BAD = 'test/fixtures/bad-scenarios/many-problems.yaml';

afterAll(removeScratch);

describe('help and usage errors', () => {
  it('lists every command with examples on --help and exits 0', async () => {
    const r = await movesim(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.stdout).toContain('Examples:');
  });

  it('gives every command a --help with an example of that command, exit 0', async () => {
    const results = await Promise.all(COMMANDS.map((c) => movesim([c, '--help'])));
    results.forEach((r, i) => {
      expect(r.code, COMMANDS[i]).toBe(0);
      expect(r.stdout, COMMANDS[i]).toContain(`Usage: movesim ${COMMANDS[i]}`);
      expect(r.stdout, COMMANDS[i]).toMatch(new RegExp(`Examples:\\n\\s+movesim ${COMMANDS[i]} `));
    });
  });

  it('prints the package version with --version and exits 0', async () => {
    const r = await movesim(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('refuses an unknown command with exit 2, a suggestion and a pointer to --help', async () => {
    const r = await movesim(['rn', SCENARIO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'rn'");
    expect(r.stderr).toContain('run');
    expect(r.stderr).toContain('--help');
  });

  it('refuses an unknown flag, a missing required flag and a bad flag value with exit 2', async () => {
    const [flag, missing, value, seeds] = await Promise.all([
      movesim(['run', SCENARIO, '--sede', '3']),
      movesim(['sweep', SCENARIO]),
      movesim(['run', SCENARIO, '--trace-level', 'everything']),
      movesim(['sweep', SCENARIO, '--seeds', '10..1']),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--sede'");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--seeds');
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('everything');
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toContain('1..10');
  });
});

describe('movesim run', () => {
  it('exits 0 on a passing scenario and writes exactly trace.json, summary.json and cms.log, with no temporary files', async () => {
    const out = join(scratch(), 'run');
    const r = await movesim(['run', SCENARIO, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Move m1: userX space1 → space2');
    expect(r.stdout).toContain('expect ok');
    expect(filesUnder(out)).toEqual(['cms.log', 'summary.json', 'trace.json']);
  });

  it('prints only the summary JSON with --json, the same summary it writes', async () => {
    const out = join(scratch(), 'json');
    const r = await movesim(['run', SCENARIO, '--json', '--out', out]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { scenario: string; passed: boolean };
    expect(printed.scenario).toBe('move-across-bridges');
    expect(printed).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  });

  it('exits 1 with a quoted replay command when an expectation fails', async () => {
    // Seed 4 with 3 % loss leaves userX in space1 (found by running seeds 1..12 once).
    const out = join(scratch(), 'fail');
    const r = await movesim([
      'run',
      SCENARIO,
      '--seed',
      '4',
      '--set',
      LOSSY,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { passed: boolean }).passed).toBe(false);
    expect(r.stderr).toContain(`Replay: npx movesim run ${SCENARIO} --seed 4 --set '${LOSSY}'`);
    // The trace records the override, so the viewer can name a compared run by it.
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as {
      meta?: { rerunArgs?: { set?: string[] } };
    };
    expect(trace.meta?.rerunArgs?.set).toEqual([LOSSY]);
  });

  it('writes nothing and exits 2 for an invalid scenario, printing file:line: path: message', async () => {
    const out = join(scratch(), 'invalid');
    const r = await movesim(['run', BAD, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/many-problems\.yaml:6: cluster\.callBridges\[1\]\.loadLimit: /);
    expect(existsSync(out)).toBe(false);
  });

  it('writes nothing and exits 2 when --set makes the scenario invalid', async () => {
    const out = join(scratch(), 'set');
    const r = await movesim([
      'run',
      SCENARIO,
      '--set',
      'cluster.loadBalancing.policy=fastest',
      '--out',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--set "cluster.loadBalancing.policy=fastest"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --html with the trace off before running anything', async () => {
    const dir = scratch();
    const r = await movesim([
      'run',
      SCENARIO,
      '--trace-level',
      'off',
      '--html',
      join(dir, 'page.html'),
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--html needs a trace');
    expect(filesUnder(dir)).toEqual([]);
  });
});

describe('movesim validate', () => {
  it('exits 0 and prints ok for each valid file', async () => {
    const r = await movesim(['validate', SCENARIO, 'scenarios/move-same-bridge.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SCENARIO}: ok`);
    expect(r.stdout).toContain('scenarios/move-same-bridge.yaml: ok');
  });

  it('exits 2 and prints every problem as file:line: path: message', async () => {
    const r = await movesim(['validate', BAD]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    const problems = lines.slice(0, -1);
    expect(problems.length).toBeGreaterThanOrEqual(4);
    for (const line of problems)
      expect(line).toMatch(
        /^test\/fixtures\/bad-scenarios\/many-problems\.yaml:\d+: [\w.[\]"]+: .+/,
      );
    expect(lines.at(-1)).toBe(`${BAD}: ${problems.length} problem(s)`);
  });

  it('applies --set before validating, so an override can make a file valid or invalid', async () => {
    const [bad, good] = await Promise.all([
      movesim(['validate', SCENARIO, '--set', 'cluster.callBridges.0.loadLimit=-5']),
      movesim([
        'validate',
        BAD,
        '--set',
        'cluster.callBridges.1.loadLimit=1000',
        '--set',
        'moves.0.at=5s',
        '--set',
        'moves.0.participant=userX',
        '--set',
        'seed=2',
      ]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('loadLimit');
    expect(good.code).toBe(0);
  });
});

describe('interrupted runs', () => {
  it('leaves no summary and no temporary file when a sweep is killed before it ends', async () => {
    const out = join(scratch(), 'killed');
    const child = spawn(
      process.execPath,
      [BIN, 'sweep', SCENARIO, '--seeds', '1..2000', '--workers', '1', '--out', out],
      { cwd: ROOT, stdio: 'pipe' },
    );
    try {
      // The first plain progress line (a tenth of the way) shows the sweep is running; then kill it
      // hard.
      const first = await new Promise<string>((resolve) =>
        child.stderr.once('data', (d: Buffer) => resolve(d.toString())),
      );
      expect(first).toContain('sweep: ');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    expect(filesUnder(out)).toEqual([]);
  });
});
