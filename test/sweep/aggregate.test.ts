/**
 * Tests of the sweep aggregate and of merging: the summary does not depend on the order results
 * arrive in, shard summaries merged (through their JSON text) equal the unsharded summary byte for
 * byte, and merge refuses summaries of different sweeps, repeated shards, and (reported) gaps.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import {
  SweepAccumulator,
  type SweepIdentity,
  type SweepSummary,
  sweepSummaryText,
} from '../../sim/sweep/aggregate.js';
import { mergeSummaries } from '../../sim/sweep/merge.js';
import type { SeedResult } from '../../sim/sweep/seed-result.js';
import { shardOfSeed } from '../../sim/sweep/seeds.js';
import { parseSweepSummary } from '../../sim/sweep/summary-schema.js';

const ID: SweepIdentity = {
  scenario: 's',
  scenarioFile: 'scenarios/s.yaml',
  scenarioSha256: 'abc',
  set: ['a.b=1'],
  from: 1,
  to: 60,
};

const time = fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null });
const seedResult = (seed: number): fc.Arbitrary<SeedResult> =>
  fc
    .record({
      stopReason: fc.constantFrom('quiescent', 'end-time', 'error'),
      outcomes: fc.array(
        fc.record({
          result: fc.constantFrom('moved', 'rejected', 'dropped'),
          reason: fc.constantFrom(null, 'timeout', 'bridgeDown'),
          moveTimeUs: time,
          limboUs: time,
        }),
        { maxLength: 3 },
      ),
      violations: fc.dictionary(
        fc.constantFrom('single-call', 'no-orphans'),
        fc.integer({ min: 1, max: 3 }),
      ),
      expectations: fc.array(
        fc.record({
          text: fc.constantFrom('x ends in y', 'no invariant is violated'),
          ok: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
      bridges: fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 9000 })),
    })
    .map((r) => {
      const failed = r.expectations
        .filter((e) => !e.ok)
        .map((e) => `expectation failed: ${e.text}`);
      return {
        seed,
        passed: failed.length === 0,
        stopReason: r.stopReason,
        outcomes: r.outcomes,
        violations: r.violations,
        expectations: r.expectations,
        bridges: [
          { id: 'cbA', peakLoadBasisPoints: r.bridges[0] },
          { id: 'cbB', peakLoadBasisPoints: r.bridges[1] },
        ],
        reasons: failed,
      };
    });

/** Results of distinct seeds from 1..60. */
const results = fc
  .uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 })
  .chain((seeds) => fc.tuple(...seeds.map(seedResult)));

function summaryOf(
  rs: readonly SeedResult[],
  shardCount = 1,
  shards: number[] = [0],
): SweepSummary {
  const acc = new SweepAccumulator(ID, shardCount);
  for (const i of shards) acc.includeShard(i);
  for (const r of rs) acc.addSeed(r);
  return acc.summary();
}

/** A summary written and read back, as `movesim merge` sees it. */
function roundTrip(s: SweepSummary, file: string) {
  const parsed = parseSweepSummary(sweepSummaryText(s), file);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return { file, summary: parsed.summary };
}

describe('SweepAccumulator', () => {
  test.prop([results, fc.nat()])(
    'gives the same summary text whatever order the results arrive in',
    (rs, shift) => {
      const rotated = rs.map((_, i) => rs[(i + shift) % rs.length]!).reverse();
      expect(sweepSummaryText(summaryOf(rotated))).toBe(sweepSummaryText(summaryOf(rs)));
    },
  );

  const shardings: [typeof results, fc.Arbitrary<number>, fc.Arbitrary<number>] = [
    results,
    fc.integer({ min: 1, max: 7 }),
    fc.nat(),
  ];
  test.prop(shardings)(
    'merged from shard summaries (via their JSON) equals the unsharded summary byte for byte',
    (rs, count, shift) => {
      const parts = Array.from({ length: count }, (_, i) => i).map((i) =>
        roundTrip(
          summaryOf(
            rs.filter((r) => shardOfSeed(r.seed, ID, count) === i),
            count,
            [i],
          ),
          `shard-${i}.json`,
        ),
      );
      const order = parts.map((_, i) => parts[(i + shift) % parts.length]!);
      const merged = mergeSummaries(order);
      expect(merged.ok).toBe(true);
      if (!merged.ok) return;
      expect(merged.missingShards).toEqual([]);
      expect(sweepSummaryText(merged.summary)).toBe(sweepSummaryText(summaryOf(rs)));
    },
  );

  it('counts outcomes by result and reason, and keeps the lowest seed of each violation and failure', () => {
    const base = {
      passed: true,
      stopReason: 'quiescent',
      expectations: [],
      bridges: [],
      reasons: [],
    };
    const s = summaryOf([
      {
        ...base,
        seed: 9,
        outcomes: [{ result: 'rejected', reason: 'timeout', moveTimeUs: null, limboUs: null }],
        violations: { 'single-call': 2 },
      },
      {
        ...base,
        seed: 4,
        outcomes: [{ result: 'moved', reason: null, moveTimeUs: 200_000, limboUs: 150_000 }],
        violations: { 'single-call': 1 },
      },
      {
        ...base,
        seed: 7,
        passed: false,
        reasons: ['expectation failed: x'],
        outcomes: [{ result: 'rejected', reason: 'timeout', moveTimeUs: null, limboUs: null }],
        violations: {},
        expectations: [{ text: 'x', ok: false }],
      },
    ]);
    expect(s.outcomes).toEqual({
      moved: { count: 1, reasons: {} },
      rejected: { count: 2, reasons: { timeout: 2 } },
    });
    expect(s.violations).toEqual({ 'single-call': { count: 3, seeds: 2, firstSeed: 4 } });
    expect(s.expectations).toEqual({ x: { held: 0, failed: 1, firstFailedSeed: 7 } });
    expect(s.seeds).toMatchObject({ run: 3, passed: 2, failed: 1, shard: null });
    expect(s.failures).toEqual([
      {
        seed: 7,
        reasons: ['expectation failed: x'],
        replay: 'npx movesim run scenarios/s.yaml --seed 7 --set a.b=1',
      },
    ]);
    expect(s.moveTimeMs).toMatchObject({ count: 1, p50: 200, max: 200 });
  });
});

describe('mergeSummaries', () => {
  const part = (i: number, count: number, id: Partial<SweepIdentity> = {}) => {
    const acc = new SweepAccumulator({ ...ID, ...id }, count);
    acc.includeShard(i);
    return roundTrip(acc.summary(), `shard-${i}.json`);
  };

  it('reports missing shards and lists the shards a partial merge holds', () => {
    const merged = mergeSummaries([part(0, 4), part(2, 4)]);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.missingShards).toEqual([1, 3]);
    expect(merged.summary.seeds.shard).toEqual({ count: 4, indexes: [0, 2] });
  });

  it('refuses a shard given twice', () => {
    const merged = mergeSummaries([part(1, 3), part(1, 3)]);
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.problems.join('\n')).toContain('shard 1 is also in');
  });

  it('refuses summaries of different scenarios, overrides, ranges or shard counts, naming each difference', () => {
    const cases: [Partial<SweepIdentity>, number, string][] = [
      [{ scenarioSha256: 'other' }, 2, 'scenario content'],
      [{ set: [] }, 2, '--set overrides'],
      [{ to: 61 }, 2, 'seed range'],
      [{ scenarioFile: 'elsewhere.yaml' }, 2, 'scenario file'],
      [{}, 3, 'shard count'],
    ];
    for (const [id, count, what] of cases) {
      const merged = mergeSummaries([part(0, 2), part(1, count, id)]);
      expect(merged.ok, what).toBe(false);
      if (!merged.ok) expect(merged.problems.join('\n')).toContain(what);
    }
  });

  it('refuses text that is not a sweep summary, saying which file and where', () => {
    expect(parseSweepSummary('{', 'a.json')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^a\.json: not valid JSON/)],
    });
    expect(parseSweepSummary('{"format":"movesim-trace"}', 'b.json')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('not a sweep summary')],
    });
    const broken = JSON.parse(sweepSummaryText(summaryOf([]))) as { seeds: { run: unknown } };
    broken.seeds.run = 'many';
    const r = parseSweepSummary(JSON.stringify(broken), 'c.json');
    expect(r).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^c\.json: seeds\.run: /)],
    });
  });
});
