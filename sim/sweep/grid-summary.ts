/**
 * The aggregate of a parameter sweep (`sweep.json`, format `movesim-sweep-grid`): for every grid
 * point, the values of the varied keys, the load thresholds that apply there, the summary one
 * sweep of that point would have written (`summary.json`'s form), a few metrics of each seed
 * (for the spread across seeds in the report) and the worst seed, whose run the report opens.
 *
 * Like the summary, it is order-free (per-seed rows sorted by seed, the worst seed chosen by a
 * total order), so a grid cut into shards and merged gives the same bytes as one sweep. This
 * file runs nothing.
 */
import type { SeedMetrics, Thresholds, Vary, WorstSeed } from '../report/sweep-data.js';
import { type SeedTally, SweepAccumulator, type SweepSummary } from './aggregate.js';
import type { GridPoint } from './grid.js';
import { viewCommand } from './replay.js';
import type { SeedResult } from './seed-result.js';

/** One grid point of `sweep.json`. */
export interface GridPointResult {
  index: number;
  values: Record<string, string>;
  thresholds: Thresholds;
  /** The worst seed (failed, then most moves not done, then longest limbo) and how to see it. */
  worst: WorstSeed | null;
  perSeed: SeedMetrics[];
  summary: SweepSummary;
}

/** `sweep.json` of a parameter sweep. */
export interface GridSummary {
  format: 'movesim-sweep-grid';
  version: 1;
  scenario: string;
  scenarioFile: string;
  /** SHA-256 of the validated scenario before the grid's overrides (after `--set`). */
  scenarioSha256: string;
  set: string[];
  vary: Vary[];
  seeds: SeedTally;
  points: GridPointResult[];
}

/** What one point needs before its seeds run: its overrides, scenario hash and thresholds. */
export interface PreparedPoint {
  point: GridPoint;
  scenarioSha256: string;
  thresholds: Thresholds;
}

/** The 95th percentile (nearest rank) of microsecond values, in milliseconds. */
function p95Ms(us: number[]): number | null {
  if (us.length === 0) return null;
  const sorted = [...us].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]! / 1000;
}

/** The metrics of one seed. */
export function seedMetrics(r: SeedResult): SeedMetrics {
  const by = (result: string): number => r.outcomes.filter((o) => o.result === result).length;
  const [moved, rejected, dropped] = [by('moved'), by('rejected'), by('dropped')];
  const times = (get: (o: SeedResult['outcomes'][number]) => number | null): number[] =>
    r.outcomes.map(get).filter((v): v is number => v !== null);
  return {
    seed: r.seed,
    passed: r.passed,
    moved,
    rejected,
    dropped,
    other: r.outcomes.length - moved - rejected - dropped,
    moveP95Ms: p95Ms(times((o) => o.moveTimeUs)),
    limboP95Ms: p95Ms(times((o) => o.limboUs)),
    peakLoadBasisPoints: Math.max(0, ...r.bridges.map((b) => b.peakLoadBasisPoints)),
  };
}

/** Whether seed `a` is worse than `b`: failed, more moves not done, longer limbo, lower seed. */
function worse(a: SeedMetrics, b: SeedMetrics): boolean {
  const key = (m: SeedMetrics): number[] => [
    m.passed ? 0 : 1,
    m.rejected + m.dropped + m.other,
    m.limboP95Ms ?? -1,
    -m.seed,
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! > kb[i]!;
  return false;
}

/** The sweep's identity as the grid file records it. */
export interface GridIdentity {
  scenario: string;
  scenarioFile: string;
  scenarioSha256: string;
  set: string[];
  vary: Vary[];
  from: number;
  to: number;
}

interface PointState {
  prepared: PreparedPoint;
  acc: SweepAccumulator;
  perSeed: SeedMetrics[];
}

/** Collects seed results (or whole grid files of the same sweep) into `sweep.json`. */
export class GridAccumulator {
  private readonly points: PointState[];
  private readonly shardIndexes = new Set<number>();

  constructor(
    readonly identity: GridIdentity,
    prepared: readonly PreparedPoint[],
    readonly shardCount = 1,
  ) {
    this.points = prepared.map((p) => ({
      prepared: p,
      perSeed: [],
      acc: new SweepAccumulator(
        {
          scenario: identity.scenario,
          scenarioFile: identity.scenarioFile,
          scenarioSha256: p.scenarioSha256,
          set: [...identity.set, ...p.point.set],
          from: identity.from,
          to: identity.to,
        },
        shardCount,
      ),
    }));
  }

  /** Records that this accumulator holds shard `index`. */
  includeShard(index: number): void {
    this.shardIndexes.add(index);
    for (const p of this.points) p.acc.includeShard(index);
  }

  /** Adds one seed's result at point `index`. */
  addSeed(index: number, r: SeedResult): void {
    const p = this.points[index]!;
    p.acc.addSeed(r);
    p.perSeed.push(seedMetrics(r));
  }

  /** Adds every point of a grid file of the same sweep (the caller has checked it is). */
  addGrid(g: GridSummary): void {
    for (const i of g.seeds.shard?.indexes ?? [0]) this.includeShard(i);
    g.points.forEach((gp, i) => {
      const p = this.points[i]!;
      p.acc.addSummary(gp.summary);
      p.perSeed.push(...gp.perSeed);
    });
  }

  /** The grid file of everything added so far. */
  summary(): GridSummary {
    const { identity } = this;
    const points = this.points.map((p): GridPointResult => {
      const perSeed = [...p.perSeed].sort((a, b) => a.seed - b.seed);
      const worst = perSeed.reduce<SeedMetrics | null>(
        (w, m) => (w === null || worse(m, w) ? m : w),
        null,
      );
      return {
        index: p.prepared.point.index,
        values: p.prepared.point.values,
        thresholds: p.prepared.thresholds,
        worst:
          worst === null
            ? null
            : {
                seed: worst.seed,
                view: viewCommand(identity.scenarioFile, worst.seed, [
                  ...identity.set,
                  ...p.prepared.point.set,
                ]),
              },
        perSeed,
        summary: p.acc.summary(),
      };
    });
    const run = points.reduce((n, p) => n + p.summary.seeds.run, 0);
    const passed = points.reduce((n, p) => n + p.summary.seeds.passed, 0);
    const indexes = [...this.shardIndexes].sort((a, b) => a - b);
    const whole = this.shardCount === 1 || indexes.length === this.shardCount;
    return {
      format: 'movesim-sweep-grid',
      version: 1,
      scenario: identity.scenario,
      scenarioFile: identity.scenarioFile,
      scenarioSha256: identity.scenarioSha256,
      set: [...identity.set],
      vary: identity.vary.map((v) => ({ key: v.key, values: [...v.values] })),
      seeds: {
        from: identity.from,
        to: identity.to,
        shard: whole ? null : { count: this.shardCount, indexes },
        run,
        passed,
        failed: run - passed,
      },
      points,
    };
  }
}

/** The text of `sweep.json`: two-space JSON, number pairs and per-seed rows on one line each. */
export function gridSummaryText(g: GridSummary): string {
  const text = JSON.stringify(g, null, 2)
    .replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]')
    .replace(/\{\n\s+"seed": (-?\d+),\n\s+"passed"[^}]*\}/g, (row) =>
      row
        .replace(/\n\s*/g, ' ')
        .replace('{ ', '{ ')
        .replace(/\s+\}$/, ' }'),
    );
  return `${text}\n`;
}
