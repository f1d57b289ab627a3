/**
 * `movesim explore` and `movesim run --what-if` through the real command: a counterexample
 * written, replayed byte for byte by `run`, the bound reported when `--max-states` stops the
 * search, and bad input refused with exit 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { movesim, removeScratch, SCENARIO, scratch } from './helpers.js';

afterAll(removeScratch);

const NO_CLEANUP = 'cluster.recovery.sessionCleanup=false';

describe('movesim explore', () => {
  it('writes each violation as a scenario that run replays byte for byte', async () => {
    const dir = scratch();
    const r = await movesim([
      'explore',
      SCENARIO,
      '--delays',
      '0',
      '--faults',
      '1',
      '--bfs',
      '--set',
      NO_CLEANUP,
      '--out',
      dir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bound reached: every schedule within the bounds was explored');
    expect(r.stdout).toContain('VIOLATION no-duplicate-participant');
    expect(r.stdout).toContain('replayed: reproduces the violation');
    const file = join(dir, 'move-across-bridges-no-duplicate-participant.yaml');
    expect(r.stderr).toContain(`Replay: npx movesim run`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('sessionCleanup: false');
    expect(text).toMatch(/whatIf:\n {2}- msg=\d+:drop/);
    const report = JSON.parse(readFileSync(join(dir, 'explore.json'), 'utf8')) as {
      complete: boolean;
      violations: { invariant: string; reproduced: boolean }[];
    };
    expect(report.complete).toBe(true);
    expect(report.violations.every((v) => v.reproduced)).toBe(true);

    const out = scratch();
    const run = await movesim(['run', file, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no-duplicate-participant');
    expect(readFileSync(join(out, 'trace.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'move-across-bridges-no-duplicate-participant.trace.json'), 'utf8'),
    );
  });

  it('says the bound was not reached when --max-states stops it', async () => {
    const dir = scratch();
    const r = await movesim(['explore', SCENARIO, '--max-states', '40', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { complete: boolean; states: number };
    expect(report).toMatchObject({ complete: false, states: 40 });
    const plain = await movesim(['explore', SCENARIO, '--max-states', '40', '--out', dir]);
    expect(plain.stdout).toContain('bound NOT reached: stopped at 40 states');
  });

  it('shows its progress on stderr while it searches, as plain lines in a log', async () => {
    const dir = scratch();
    const flags = ['--delays', '1', '--faults', '1', '--max-states', '20000'];
    const r = await movesim(['explore', SCENARIO, ...flags, '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^explore: 10000\/20000 states, 0 invariant\(s\) violated, /m);
    expect(r.stdout).toContain('bound NOT reached: stopped at 20000 states');
  });

  it.each([
    [['--delays', '-1'], '--delays must be a whole number'],
    [['--max-states', '0'], '--max-states must be a whole number of at least 1'],
    [['--restart-after', 'soon'], '--restart-after'],
  ])('refuses %j with exit 2', async (flags, message) => {
    const r = await movesim(['explore', SCENARIO, ...flags, '--out', scratch()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('movesim run --what-if', () => {
  it('forks the run at one message and prints the command of the fork', async () => {
    // The selector names step 6's websocket move by its id in a plain run, so the test follows
    // the model.
    const plain = scratch();
    await movesim(['run', SCENARIO, '--out', plain]);
    const events = (
      JSON.parse(readFileSync(join(plain, 'trace.json'), 'utf8')) as {
        events: { type: string; kind?: string; msg?: number }[];
      }
    ).events;
    const wsMove = events.find((e) => e.type === 'send' && e.kind === 'ws.move')!.msg!;
    const selector = `msg=${wsMove}:drop`;
    const out = scratch();
    const r = await movesim(['run', SCENARIO, '--what-if', selector, '--out', out]);
    expect(r.stdout).toContain('this fork: npx movesim run');
    expect(r.stdout).toContain(`--what-if ${selector}`);
    expect(r.stdout).toContain('rejected (moveNotDelivered)');
    const trace = readFileSync(join(out, 'trace.json'), 'utf8');
    expect(trace).toContain('"reason":"what-if"');
  });

  it.each([
    ['msg=0:drop', 'is not a positive integer'],
    ['msg=3:lose', 'is not readable'],
    ['msg=3:delay=soon', 'delay'],
    ['crash=cbZ@5s', '"cbZ" is not a node of the scenario'],
  ])('refuses the selector %s with exit 2 and nothing written', async (sel, message) => {
    const out = scratch();
    const r = await movesim(['run', SCENARIO, '--what-if', sel, '--out', join(out, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('refuses a scenario whose whatIf list crashes an unknown node', async () => {
    const r = await movesim(['validate', SCENARIO, '--set', 'whatIf=["crash=cbQ@1s"]']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('crashes "cbQ", which is not a node');
  });
});
