/**
 * The aggregate of a sweep (`summary.json`, format `movesim-sweep`): outcome counts by result and
 * reason, violation counts by invariant with the first failing seed of each, move-time and
 * limbo-time percentiles from mergeable histograms, peak load per bridge, and the failed seeds
 * with their replay commands.
 *
 * The accumulator is order-free: sums, minima, maxima (ties broken by the lower seed), histogram
 * counts and a list sorted by seed, so the summary does not depend on completion order, worker
 * count or sharding. A summary holds everything needed to merge it again (`addSummary`), which is
 * how `movesim merge` gives the same bytes as one big sweep. This file runs nothing and checks no
 * compatibility between summaries (merge.ts does).
 */
import { Histogram, type HistogramData, SIGNIFICANT_DIGITS } from './histogram.js';
import { replayCommand } from './replay.js';
import type { SeedResult } from './seed-result.js';

/** What makes two sweep summaries parts of the same sweep. */
export interface SweepIdentity {
  /** The scenario's name. */
  scenario: string;
  /** The scenario file as given on the command line; replay commands use it. */
  scenarioFile: string;
  /** SHA-256 of the validated scenario (after `--set`), in hex. */
  scenarioSha256: string;
  /** The `--set` overrides, in order. */
  set: string[];
  /** The first seed of the whole sweep. */
  from: number;
  /** The last seed of the whole sweep (included). */
  to: number;
}

/** Percentiles and exact extremes of a time in milliseconds, with the histogram they come from. */
export interface TimeStats {
  count: number;
  min: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  /** Microsecond values; percentiles are bucket upper edges (at most 1 % high). */
  histogram: HistogramData & { unit: 'us'; significantDigits: number };
}

/** The seeds a sweep (or a grid) ran: the range, the shards it holds, and how many passed. */
export interface SeedTally {
  from: number;
  to: number;
  /** Null for the whole range; otherwise which shards of how many this summary holds. */
  shard: { count: number; indexes: number[] } | null;
  run: number;
  passed: number;
  failed: number;
}

/** `summary.json` of a sweep. */
export interface SweepSummary {
  format: 'movesim-sweep';
  version: 1;
  scenario: string;
  scenarioFile: string;
  scenarioSha256: string;
  set: string[];
  seeds: SeedTally;
  /** Runs by why they stopped. */
  stopReasons: Record<string, number>;
  /** Moves by result, with counts by reason. */
  outcomes: Record<string, { count: number; reasons: Record<string, number> }>;
  /** Time from the API request to media in the new call, for moved participants. */
  moveTimeMs: TimeStats;
  /** Time between leaving the old call and media in the new one. */
  limboMs: TimeStats;
  /** Violations by invariant: how many, in how many seeds, and the lowest such seed. */
  violations: Record<string, { count: number; seeds: number; firstSeed: number }>;
  /** Expectations by text: seeds where it held, where it failed, and the lowest failing seed. */
  expectations: Record<string, { held: number; failed: number; firstFailedSeed: number | null }>;
  /** Each call bridge's highest peak load over all seeds, and the lowest seed that reached it. */
  bridges: Record<string, { peakLoadBasisPoints: number; seed: number }>;
  /** The failed seeds in increasing order, with why and how to replay each. */
  failures: { seed: number; reasons: string[]; replay: string }[];
}

/** A record with its keys in sorted order, so the JSON does not depend on arrival order. */
function sorted<T>(m: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

const minSeed = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

function timeStats(h: Histogram): TimeStats {
  const ms = (us: number | null) => (us === null ? null : us / 1000);
  return {
    count: h.count,
    min: ms(h.minUs),
    p50: ms(h.percentileUs(50)),
    p95: ms(h.percentileUs(95)),
    p99: ms(h.percentileUs(99)),
    max: ms(h.maxUs),
    mean: h.count === 0 ? null : Math.round(h.sumUs / h.count) / 1000,
    histogram: { unit: 'us', significantDigits: SIGNIFICANT_DIGITS, ...h.data() },
  };
}

/** Collects seed results or whole summaries of one sweep into one summary. */
export class SweepAccumulator {
  private run = 0;
  private passed = 0;
  private readonly shardIndexes = new Set<number>();
  private readonly stopReasons = new Map<string, number>();
  private readonly outcomes = new Map<string, { count: number; reasons: Map<string, number> }>();
  private readonly moveTime = new Histogram();
  private readonly limbo = new Histogram();
  private readonly violations = new Map<
    string,
    { count: number; seeds: number; firstSeed: number }
  >();
  private readonly expectations = new Map<
    string,
    { held: number; failed: number; firstFailedSeed: number | null }
  >();
  private readonly bridges = new Map<string, { peakLoadBasisPoints: number; seed: number }>();
  private readonly failures: SweepSummary['failures'] = [];

  /**
   * @param identity the sweep these results belong to.
   * @param shardCount how many shards the sweep is cut into (1 when it is not).
   */
  constructor(
    readonly identity: SweepIdentity,
    readonly shardCount = 1,
  ) {}

  /** Records that this accumulator holds shard `index` (of `shardCount`). */
  includeShard(index: number): void {
    this.shardIndexes.add(index);
  }

  private count<K>(m: Map<K, number>, k: K, n: number): void {
    m.set(k, (m.get(k) ?? 0) + n);
  }

  private outcome(result: string): { count: number; reasons: Map<string, number> } {
    let o = this.outcomes.get(result);
    if (o === undefined) this.outcomes.set(result, (o = { count: 0, reasons: new Map() }));
    return o;
  }

  private violation(invariant: string, count: number, seeds: number, firstSeed: number): void {
    const v = this.violations.get(invariant);
    if (v === undefined) this.violations.set(invariant, { count, seeds, firstSeed });
    else
      this.violations.set(invariant, {
        count: v.count + count,
        seeds: v.seeds + seeds,
        firstSeed: Math.min(v.firstSeed, firstSeed),
      });
  }

  private expectation(
    text: string,
    held: number,
    failed: number,
    firstFailedSeed: number | null,
  ): void {
    const e = this.expectations.get(text) ?? { held: 0, failed: 0, firstFailedSeed: null };
    this.expectations.set(text, {
      held: e.held + held,
      failed: e.failed + failed,
      firstFailedSeed: minSeed(e.firstFailedSeed, firstFailedSeed),
    });
  }

  private bridge(id: string, peak: number, seed: number): void {
    const b = this.bridges.get(id);
    if (
      b === undefined ||
      peak > b.peakLoadBasisPoints ||
      (peak === b.peakLoadBasisPoints && seed < b.seed)
    ) {
      this.bridges.set(id, { peakLoadBasisPoints: peak, seed });
    }
  }

  /** Adds one seed's result. */
  addSeed(r: SeedResult): void {
    this.run++;
    if (r.passed) this.passed++;
    this.count(this.stopReasons, r.stopReason, 1);
    for (const o of r.outcomes) {
      const agg = this.outcome(o.result);
      agg.count++;
      if (o.reason !== null) this.count(agg.reasons, o.reason, 1);
      if (o.moveTimeUs !== null) this.moveTime.add(o.moveTimeUs);
      if (o.limboUs !== null) this.limbo.add(o.limboUs);
    }
    for (const [invariant, n] of Object.entries(r.violations))
      this.violation(invariant, n, 1, r.seed);
    for (const e of r.expectations)
      this.expectation(e.text, e.ok ? 1 : 0, e.ok ? 0 : 1, e.ok ? null : r.seed);
    for (const b of r.bridges) this.bridge(b.id, b.peakLoadBasisPoints, r.seed);
    if (!r.passed) {
      const { scenarioFile, set } = this.identity;
      this.failures.push({
        seed: r.seed,
        reasons: r.reasons,
        replay: replayCommand(scenarioFile, r.seed, set),
      });
    }
  }

  /** Adds every seed of a summary of the same sweep (the caller has checked it is). */
  addSummary(s: SweepSummary): void {
    for (const i of s.seeds.shard?.indexes ?? [0]) this.includeShard(i);
    this.run += s.seeds.run;
    this.passed += s.seeds.passed;
    for (const [k, n] of Object.entries(s.stopReasons)) this.count(this.stopReasons, k, n);
    for (const [result, o] of Object.entries(s.outcomes)) {
      const agg = this.outcome(result);
      agg.count += o.count;
      for (const [reason, n] of Object.entries(o.reasons)) this.count(agg.reasons, reason, n);
    }
    this.moveTime.addData(s.moveTimeMs.histogram);
    this.limbo.addData(s.limboMs.histogram);
    for (const [k, v] of Object.entries(s.violations))
      this.violation(k, v.count, v.seeds, v.firstSeed);
    for (const [k, e] of Object.entries(s.expectations))
      this.expectation(k, e.held, e.failed, e.firstFailedSeed);
    for (const [id, b] of Object.entries(s.bridges)) this.bridge(id, b.peakLoadBasisPoints, b.seed);
    this.failures.push(...s.failures);
  }

  /** The summary of everything added so far. */
  summary(): SweepSummary {
    const indexes = [...this.shardIndexes].sort((a, b) => a - b);
    const whole = this.shardCount === 1 || indexes.length === this.shardCount;
    const outcomes = new Map(
      [...this.outcomes].map(([k, o]) => [k, { count: o.count, reasons: sorted(o.reasons) }]),
    );
    return {
      format: 'movesim-sweep',
      version: 1,
      scenario: this.identity.scenario,
      scenarioFile: this.identity.scenarioFile,
      scenarioSha256: this.identity.scenarioSha256,
      set: [...this.identity.set],
      seeds: {
        from: this.identity.from,
        to: this.identity.to,
        shard: whole ? null : { count: this.shardCount, indexes },
        run: this.run,
        passed: this.passed,
        failed: this.run - this.passed,
      },
      stopReasons: sorted(this.stopReasons),
      outcomes: sorted(outcomes),
      moveTimeMs: timeStats(this.moveTime),
      limboMs: timeStats(this.limbo),
      violations: sorted(this.violations),
      expectations: sorted(this.expectations),
      bridges: sorted(this.bridges),
      failures: [...this.failures].sort((a, b) => a.seed - b.seed),
    };
  }
}

/**
 * The text of `summary.json`: two-space JSON with number pairs kept on one line, and a final
 * newline.
 */
export function sweepSummaryText(s: SweepSummary): string {
  return `${JSON.stringify(s, null, 2).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]')}\n`;
}
