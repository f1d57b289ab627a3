/**
 * `movesim check` from the command line's module: it prints the seed first, reports what the
 * cases covered, exits 0 when nothing fails, writes a failing case as a replayable scenario and
 * exits 1, and refuses bad options with exit 2. The failing case comes from the deliberately
 * broken model, reachable only through the test hook.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { readCounterexampleHeader } from '../../sim/check/index.js';
import { checkCommand } from '../../sim/cli/check-command.js';
import { MUTANT_NAMES } from '../../sim/cms/mutants.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, print: (s: string) => out.push(s), printErr: (s: string) => err.push(s) };
}

describe('movesim check', () => {
  test('prints the seed first and exits 0 when no case fails', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'movesim-check-'));
    const code = await checkCommand({ runs: '12', seed: '31337', out: dir }, io.print, io.printErr);
    expect(io.out[0]).toBe('seed: 31337');
    expect(io.err).toEqual([]);
    expect(code).toBe(0);
    expect(io.out.join('\n')).toMatch(/cases: 12 /);
    expect(io.out.at(-1)).toMatch(/^ok: no property failed in 12 cases/);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  test('picks and prints a random seed when none is given', async () => {
    const io = capture();
    await checkCommand(
      { runs: '1', out: mkdtempSync(join(tmpdir(), 'movesim-check-')) },
      io.print,
      io.printErr,
    );
    expect(io.out[0]).toMatch(/^seed: \d+$/);
  });

  test('writes a failing case as a scenario file, prints how to replay it and exits 1', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'movesim-check-'));
    const code = await checkCommand(
      { runs: '200', seed: '4242', out: dir },
      io.print,
      io.printErr,
      { breakModel: { skipTeardown: true }, findings: [] },
    );
    expect(code).toBe(1);
    expect(io.out[0]).toBe('seed: 4242');
    expect(io.err.join('\n')).toMatch(/^FAILED: /);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0]!);
    expect(io.out).toContain(`wrote ${file}`);
    expect(io.out).toContain(`replay the run: npx movesim run ${file}`);
    expect(
      io.out.some((l) =>
        /^replay the search: npx movesim check --seed 4242 --path [\d:]+$/.test(l),
      ),
    ).toBe(true);
    expect(readCounterexampleHeader(readFileSync(file, 'utf8')).status).toBe('open');
    expect(loadScenarioFile(file).ok).toBe(true);
  }, 120_000);

  test('prints the matrix and the cells still empty after a search', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'movesim-check-'));
    await checkCommand({ runs: '5', seed: '7', out: dir }, io.print, io.printErr);
    const text = io.out.join('\n');
    expect(text).toMatch(/steps x faults/);
    expect(text).toMatch(/^\s+step\s+drop\s+duplicate\s+delay\s+reorder\s+crash-sender/m);
    expect(text).toMatch(/^cells still empty: /m);
    expect(text).toMatch(/past-step-5\.+\s+\d+\.\d\d%/);
  }, 60_000);

  test('runs the search against every mutant with --mutants and prints killed N/M', async () => {
    const io = capture();
    const code = await checkCommand({ mutants: true, runs: '3' }, io.print, io.printErr);
    const rows = io.out.filter((l) => /^\w+\s+(killed after \d+ cases by |ALIVE)/.test(l));
    expect(rows).toHaveLength(MUTANT_NAMES.length);
    const last = /^killed (\d+)\/(\d+) /.exec(io.out.at(-1) ?? '');
    expect(last).not.toBeNull();
    expect(Number(last![2])).toBe(MUTANT_NAMES.length);
    expect(code).toBe(Number(last![1]) === MUTANT_NAMES.length ? 0 : 1);
  }, 120_000);

  test.each([
    [{ runs: 'many' }, /--runs must be a positive whole number/],
    [{ runs: '0' }, /--runs must be a positive whole number/],
    [{ seed: '1.5' }, /--seed must be a whole number/],
    [{ seed: '99999999999' }, /--seed must be a whole number/],
    [{ workers: '0' }, /--workers must be a whole number of threads from 1 to 64/],
    [{ workers: 'two' }, /--workers must be a whole number of threads from 1 to 64/],
    [{ mutants: true, runs: 'lots' }, /--runs must be a positive whole number/],
  ])('refuses %o with exit 2 and says how to fix it', async (opts, message) => {
    const io = capture();
    expect(await checkCommand(opts, io.print, io.printErr)).toBe(2);
    expect(io.err.join('\n')).toMatch(message);
    expect(io.out).toEqual([]);
  });
});
