/**
 * Tests of `movesim sweep` and `movesim merge` through the real binary: the aggregate is the
 * same bytes with 1 worker and with 2, and shard summaries merged equal the unsharded sweep;
 * exit codes follow the seeds; failed seeds carry replay commands that reproduce them; invalid
 * input writes nothing. Needs `npm run build` first (npm test does it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SweepSummary } from '../../sim/sweep/aggregate.js';
import {
  type CliResult,
  filesUnder,
  LOSSY,
  movesim,
  removeScratch,
  SCENARIO,
  scratch,
} from '../cli/helpers.js';

const SEEDS = '1..8';
const dir = scratch('movesim-sweep-');
const read = (path: string) => readFileSync(path, 'utf8');
let one: CliResult;
let two: CliResult;

beforeAll(async () => {
  // Both sweeps at once: the two cores are shared, which must not change the result.
  [one, two] = await Promise.all([
    movesim([
      'sweep',
      SCENARIO,
      '--seeds',
      SEEDS,
      '--set',
      LOSSY,
      '--workers',
      '1',
      '--out',
      join(dir, 'w1'),
    ]),
    movesim([
      'sweep',
      SCENARIO,
      '--seeds',
      SEEDS,
      '--set',
      LOSSY,
      '--workers',
      '2',
      '--out',
      join(dir, 'w2'),
    ]),
  ]);
}, 60_000);

afterAll(removeScratch);

describe('movesim sweep', () => {
  it('writes the same summary.json bytes with 1 worker and with 2', () => {
    expect(one.stderr).not.toContain('Error');
    expect(read(join(dir, 'w1', 'summary.json'))).toBe(read(join(dir, 'w2', 'summary.json')));
    expect(filesUnder(join(dir, 'w1'))).toEqual(['summary.json']);
  });

  it('exits 1 when a seed fails, listing each failed seed with a replay command that reproduces it', async () => {
    const s = JSON.parse(read(join(dir, 'w1', 'summary.json'))) as SweepSummary;
    expect(s.seeds.run).toBe(8);
    // 3 % loss over some forty messages fails most seeds; the fixture needs at least one.
    expect(s.seeds.failed).toBeGreaterThan(0);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(s.failures.map((f) => f.seed)).toEqual(
      [...s.failures.map((f) => f.seed)].sort((a, b) => a - b),
    );
    const first = s.failures[0]!;
    expect(first.replay).toBe(`npx movesim run ${SCENARIO} --seed ${first.seed} --set '${LOSSY}'`);
    expect(one.stdout).toContain(first.replay);
    const replay = await movesim([
      'run',
      SCENARIO,
      '--seed',
      String(first.seed),
      '--set',
      LOSSY,
      '--json',
      '--out',
      join(dir, 'replay'),
    ]);
    expect(replay.code).toBe(1);
    expect(s.seeds.passed + s.failures.length).toBe(8);
  });

  it('counts every move of every seed once in the outcomes', () => {
    const s = JSON.parse(read(join(dir, 'w1', 'summary.json'))) as SweepSummary;
    const moves = Object.values(s.outcomes).reduce((n, o) => n + o.count, 0);
    expect(moves).toBe(8);
    expect(s.moveTimeMs.count).toBe(s.outcomes.moved?.count ?? 0);
  });

  it('gives the unsharded summary byte for byte when its shards are merged, in any order', async () => {
    const shards = await Promise.all(
      [0, 1, 2].map((i) =>
        movesim([
          'sweep',
          SCENARIO,
          '--seeds',
          SEEDS,
          '--set',
          LOSSY,
          '--shard',
          `${i}/3`,
          '--workers',
          '1',
          '--out',
          join(dir, `s${i}`),
        ]),
      ),
    );
    for (const r of shards) expect([0, 1]).toContain(r.code);
    const sizes = [0, 1, 2].map(
      (i) => (JSON.parse(read(join(dir, `s${i}`, 'summary.json'))) as SweepSummary).seeds.run,
    );
    expect(sizes).toEqual([3, 3, 2]);
    const merged = join(dir, 'merged.json');
    const m = await movesim([
      'merge',
      join(dir, 's2', 'summary.json'),
      join(dir, 's0', 'summary.json'),
      join(dir, 's1', 'summary.json'),
      '-o',
      merged,
    ]);
    expect(m.code).toBe(one.code);
    expect(read(merged)).toBe(read(join(dir, 'w1', 'summary.json')));
    const stdout = await movesim([
      'merge',
      join(dir, 's0', 'summary.json'),
      join(dir, 's1', 'summary.json'),
      join(dir, 's2', 'summary.json'),
    ]);
    expect(stdout.stdout).toBe(read(merged));
  });

  it('refuses to merge with a shard missing unless --allow-partial, and then says which are missing', async () => {
    const [partial, allowed] = await Promise.all([
      movesim([
        'merge',
        join(dir, 's0', 'summary.json'),
        join(dir, 's1', 'summary.json'),
        '-o',
        join(dir, 'partial.json'),
      ]),
      movesim([
        'merge',
        join(dir, 's0', 'summary.json'),
        join(dir, 's1', 'summary.json'),
        '--allow-partial',
      ]),
    ]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('shard(s) 2 of 3 are missing');
    expect(filesUnder(dir)).not.toContain('partial.json');
    expect([0, 1]).toContain(allowed.code);
    expect((JSON.parse(allowed.stdout) as SweepSummary).seeds.shard).toEqual({
      count: 3,
      indexes: [0, 1],
    });
  });

  it('prints only the summary JSON with --json and exits 0 when every seed passes', async () => {
    const out = join(dir, 'json');
    const r = await movesim([
      'sweep',
      SCENARIO,
      '--seeds',
      '1..2',
      '--workers',
      '1',
      '--json',
      '--out',
      out,
    ]);
    const s = JSON.parse(r.stdout) as SweepSummary;
    expect(r.stdout).toBe(read(join(out, 'summary.json')));
    expect(s.seeds.failed).toBe(0);
    expect(r.code).toBe(0);
  });

  it('writes nothing and exits 2 for an invalid scenario, a bad --shard or bad --workers', async () => {
    const results = await Promise.all([
      movesim([
        'sweep',
        'test/fixtures/bad-scenarios/many-problems.yaml',
        '--seeds',
        '1..2',
        '--out',
        join(dir, 'bad1'),
      ]),
      movesim(['sweep', SCENARIO, '--seeds', '1..2', '--shard', '3/3', '--out', join(dir, 'bad2')]),
      movesim(['sweep', SCENARIO, '--seeds', '1..2', '--workers', '0', '--out', join(dir, 'bad3')]),
      movesim(['merge', join(dir, 'nope.json')]),
    ]);
    for (const r of results) expect(r.code).toBe(2);
    expect(results[0]!.stderr).toMatch(/many-problems\.yaml:\d+: /);
    expect(results[1]!.stderr).toContain('between 0 and 2');
    expect(results[2]!.stderr).toContain('--workers');
    for (const d of ['bad1', 'bad2', 'bad3']) expect(filesUnder(join(dir, d))).toEqual([]);
  });
});
