/**
 * The printed report of a sweep or a merge: seeds, outcomes by result and reason, move and limbo
 * percentiles, violations with their first seed, failed expectations, peak loads, and the first
 * failed seeds with their replay commands.
 *
 * Text only, from the summary alone; it writes nothing.
 */
import type { SweepSummary, TimeStats } from './aggregate.js';

const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(3)} ms`);

/**
 * One line of time statistics. The percentiles come from a mergeable histogram, so each is the
 * upper bound of the bucket holding it (at most 1 % above the measured value) and is printed as
 * `≤ value`; the maximum is measured exactly.
 */
function timeLine(name: string, t: TimeStats): string {
  if (t.count === 0) return `${name}: no values`;
  return `${name}: p50 ≤ ${ms(t.p50)}, p95 ≤ ${ms(t.p95)}, p99 ≤ ${ms(t.p99)} (histogram bucket upper bounds, at most 1 % high), max ${ms(t.max)} (${t.count} values)`;
}

/** The report of a sweep summary; at most `maxFailures` failed seeds are listed. */
export function formatSweepReport(s: SweepSummary, maxFailures = 10): string {
  const lines: string[] = [];
  const shard =
    s.seeds.shard === null
      ? ''
      : `, shards ${s.seeds.shard.indexes.join(', ')} of ${s.seeds.shard.count}`;
  lines.push(
    `sweep of ${s.scenario} (${s.scenarioFile}), seeds ${s.seeds.from}..${s.seeds.to}${shard}`,
  );
  lines.push(`seeds: ${s.seeds.run} run, ${s.seeds.passed} passed, ${s.seeds.failed} failed`);
  const stops = Object.entries(s.stopReasons).map(([k, n]) => `${k} ${n}`);
  if (stops.length > 0) lines.push(`runs stopped: ${stops.join(', ')}`);
  lines.push('outcomes:');
  for (const [result, o] of Object.entries(s.outcomes)) {
    const reasons = Object.entries(o.reasons).map(([r, n]) => `${r} ${n}`);
    lines.push(
      `  ${result.padEnd(14)} ${String(o.count).padStart(7)}${reasons.length > 0 ? `  (${reasons.join(', ')})` : ''}`,
    );
  }
  if (Object.keys(s.outcomes).length === 0) lines.push('  none');
  lines.push(timeLine('move time', s.moveTimeMs));
  lines.push(timeLine('limbo', s.limboMs));
  const violations = Object.entries(s.violations);
  lines.push(violations.length === 0 ? 'violations: none' : 'violations:');
  for (const [name, v] of violations)
    lines.push(`  ${name}: ${v.count} in ${v.seeds} seed(s), first seed ${v.firstSeed}`);
  for (const [text, e] of Object.entries(s.expectations)) {
    if (e.failed > 0)
      lines.push(
        `expectation "${text}" failed in ${e.failed} seed(s), first seed ${e.firstFailedSeed}`,
      );
  }
  const bridges = Object.entries(s.bridges).map(
    ([id, b]) => `${id} ${b.peakLoadBasisPoints} (seed ${b.seed})`,
  );
  if (bridges.length > 0) lines.push(`peak load (basis points): ${bridges.join(', ')}`);
  if (s.failures.length > 0) {
    lines.push('failed seeds (replay):');
    for (const f of s.failures.slice(0, maxFailures))
      lines.push(`  ${f.replay}   # ${f.reasons.join('; ')}`);
    if (s.failures.length > maxFailures)
      lines.push(`  … and ${s.failures.length - maxFailures} more in summary.json`);
  }
  return lines.join('\n');
}
