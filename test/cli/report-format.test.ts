/**
 * What a run prints, beyond its files: `--stream` prints the same move report as a plain run
 * (it keeps the few events that report needs), the printed replay command runs as printed in
 * this clone, and the bridge table stays aligned whatever the loads.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { formatSummaryTable } from '../../sim/report/move-table.js';
import type { Summary } from '../../sim/report/summary.js';
import { BUILT, LOSSY, movesim, removeScratch, ROOT, SCENARIO, scratch } from './helpers.js';

afterAll(removeScratch);

/** The printed report without the lines that name the files written. */
const report = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((l) => !l.startsWith('wrote '))
    .join('\n');

describe.skipIf(!BUILT)('the printed report', () => {
  // The first two have at most 3 moves, so each move's message table is printed; the third has
  // more.
  for (const [scenario, tables] of [
    [SCENARIO, true],
    ['scenarios/troubleshoot-b-target-bridge-crash.yaml', true],
    ['scenarios/concurrent-moves.yaml', false],
  ] as const) {
    it(`run --stream prints the same move report as a plain run (${scenario})`, async () => {
      const plain = await movesim(['run', scenario, '--out', scratch()]);
      const streamed = await movesim(['run', scenario, '--stream', '--out', scratch()]);
      expect(streamed.code).toBe(plain.code);
      expect(report(streamed.stdout)).toBe(report(plain.stdout));
      expect(/time \(ms\)\s+step/.test(plain.stdout)).toBe(tables);
    });
  }

  it('run --stream --move prints that move in detail, as a plain run does', async () => {
    const plain = await movesim([
      'run',
      'scenarios/concurrent-moves.yaml',
      '--move',
      'x-again',
      '--out',
      scratch(),
    ]);
    const streamed = await movesim([
      'run',
      'scenarios/concurrent-moves.yaml',
      '--move',
      'x-again',
      '--stream',
      '--out',
      scratch(),
    ]);
    expect(report(streamed.stdout)).toBe(report(plain.stdout));
    expect(streamed.stdout).toContain('Move x-again:');
  });

  it('prints a replay command that runs as printed in this clone (npx movesim)', async () => {
    const r = await movesim([
      'run',
      SCENARIO,
      '--seed',
      '4',
      '--set',
      LOSSY,
      '--out',
      scratch(),
      '--json',
    ]);
    expect(r.code).toBe(1);
    const replay = /Replay: (.*)$/m.exec(r.stderr)?.[1];
    expect(replay).toMatch(/^npx movesim run /);
    const out = join(scratch(), 'replayed');
    const again = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(
        'sh',
        ['-c', `${replay} --json --out ${out}`],
        { cwd: ROOT, env: { ...process.env, npm_config_offline: 'true' } },
        (err, stdout) =>
          done({ code: err === null ? 0 : Number((err as { code?: number }).code), stdout }),
      );
    });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(r.stdout));
  });
});

describe('the bridge table', () => {
  const summary = (loads: [string, number][]): Summary =>
    ({
      counts: {},
      moveTimeMs: { count: 0 },
      limboMs: { count: 0 },
      bridges: loads.map(([id, bp]) => ({
        id,
        peakLoadBasisPoints: bp,
        participants: 3,
        peakParticipants: 3,
        overTime: [],
      })),
    }) as unknown as Summary;

  it('keeps its columns aligned for loads of 10,000 % and more and for long bridge ids', () => {
    const lines = formatSummaryTable(
      summary([
        ['cb1', 5000],
        ['cb2', 1_000_000],
        ['cb3', 123_456_789],
        ['a-very-long-bridge-id', 0],
      ]),
    ).split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('bridge')));
    expect(table).toHaveLength(5);
    const ends = table.map((l) =>
      l.indexOf('%') === -1 ? l.indexOf('peak load') + 'peak load'.length : l.indexOf('%') + 1,
    );
    expect(new Set(ends).size).toBe(1);
    expect(new Set(table.map((l) => l.lastIndexOf('  '))).size).toBe(1);
    expect(table[3]).toContain('1234567.89 %');
  });
});
