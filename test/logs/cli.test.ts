/**
 * `movesim logs` through the real command: the sample's report and trace (which `export`
 * reads like a run's), `--json`, and bad input — a missing file, a binary file, an empty file,
 * a file with no CMS line, a line of several MiB — each an exit 2 with one clear line or a
 * result with counts, never a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { filesUnder, movesim, removeScratch, ROOT, scratch } from '../cli/helpers.js';

afterAll(removeScratch);

const SAMPLE = join(ROOT, 'test', 'fixtures', 'logs', 'technote-sample.log');

/** Exit 2 with one line naming the file, and no stack trace. */
function expectRefused(r: { code: number; stderr: string }, file: string, what: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('movesim logs', () => {
  it('explains the sample, writes a cms-logs trace that export reads, and says where it went', async () => {
    const out = scratch('movesim-logs-cli-');
    const r = await movesim(['logs', SAMPLE, '--out', out, '--model-runs', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('move-1: moved');
    expect(r.stdout).toContain('order: 1 3 4 5 6 10 11 (the model allows it)');
    expect(r.stdout).toMatch(/teardown \+33 ms: model p\d/);
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8'));
    expect(trace.meta.source).toBe('cms-logs');
    expect(trace.events.map((e: { t: number }) => e.t)).toEqual(
      trace.events.map((e: { t: number }) => e.t).sort((a: number, b: number) => a - b),
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.moves).toHaveLength(1);
    const m = await movesim(['export', join(out, 'trace.json'), '--format', 'mermaid']);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('step 10 teardown');
  });

  it('prints the report as JSON with --json, and puts the first line at --offset-ms', async () => {
    const out = scratch('movesim-logs-cli-');
    const r = await movesim([
      'logs',
      SAMPLE,
      '--out',
      out,
      '--json',
      '--model-runs',
      '5',
      '--offset-ms',
      '5000',
    ]);
    expect(r.code).toBe(0);
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8'));
    expect(trace.events[0].t).toBe(5_000_000);
    expect(trace.meta.startedAt).toBe('2021-03-04T15:50:03.915Z');
    const report = JSON.parse(r.stdout);
    expect(report.moves[0]).toMatchObject({ outcome: 'moved', firstMissing: null });
    expect(report.summary.counts.entries).toBe(31);
  });

  it('refuses a missing file, a binary file, an empty file and a file with no CMS line', async () => {
    const dir = scratch('movesim-logs-bad-');
    const out = join(dir, 'out');
    const bin = join(dir, 'core.bin');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const prose = join(dir, 'notes.log');
    writeFileSync(prose, 'the call dropped at about ten past three\nSTATS calls=3\n');
    expectRefused(
      await movesim(['logs', join(dir, 'nope.log'), '--out', out]),
      'nope.log',
      /cannot read/,
    );
    expectRefused(await movesim(['logs', bin, '--out', out]), 'core.bin', /binary file/);
    expectRefused(await movesim(['logs', empty, '--out', out]), 'empty.log', /no CMS log entry/);
    expectRefused(await movesim(['logs', prose, '--out', out]), 'notes.log', /no CMS log entry/);
  });

  it('refuses a --scenario that does not load and a bad --model-runs, writing nothing', async () => {
    const dir = scratch('movesim-logs-opt-');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ncluster: 3\n');
    const out = join(dir, 'out');
    const r = await movesim(['logs', SAMPLE, '--scenario', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const n = await movesim(['logs', SAMPLE, '--model-runs', 'lots', '--out', out]);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('--model-runs lots');
    expect(filesUnder(dir)).toEqual(['bad.yaml']);
  });

  it('reads past a line of several MiB, cutting and counting it', async () => {
    const dir = scratch('movesim-logs-big-');
    const big = join(dir, 'big.log');
    writeFileSync(big, `${'x'.repeat(3 << 20)}\n${readFileSync(SAMPLE, 'utf8')}`);
    const r = await movesim(['logs', big, '--out', join(dir, 'out'), '--model-runs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 lines were longer than 1 MiB');
    expect(r.stdout).toContain('move-1: moved');
  });
});
