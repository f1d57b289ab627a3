/**
 * The printed report of a parameter sweep: one line per grid point with its values, seeds run
 * and failed, the share of moves rejected, move time and limbo p95, the highest peak load, and
 * the command that opens the point's worst seed in the viewer; then the failed seeds' replay
 * commands, as the plain sweep prints them. Text only, from the grid file alone.
 */
import type { GridPointResult, GridSummary } from './grid-summary.js';

const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(1)} ms`);

/** One point's line. */
function pointLine(p: GridPointResult): string {
  const s = p.summary;
  const moves = Object.values(s.outcomes).reduce((n, o) => n + o.count, 0);
  const rejected = s.outcomes['rejected']?.count ?? 0;
  const share = moves === 0 ? '-' : `${((100 * rejected) / moves).toFixed(1)} %`;
  const peak = Math.max(0, ...Object.values(s.bridges).map((b) => b.peakLoadBasisPoints));
  return [
    `  ${Object.entries(p.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}:`,
    `seeds ${s.seeds.run} (${s.seeds.failed} failed),`,
    `rejected ${share},`,
    `move p95 ≤ ${ms(s.moveTimeMs.p95)}, limbo p95 ≤ ${ms(s.limboMs.p95)},`,
    `peak load ${peak} bp`,
  ].join(' ');
}

/** The report of a grid file; at most `maxFailures` failed seeds are listed. */
export function formatGridReport(g: GridSummary, maxFailures = 10): string {
  const shard =
    g.seeds.shard === null
      ? ''
      : `, shards ${g.seeds.shard.indexes.join(', ')} of ${g.seeds.shard.count}`;
  const lines = [
    `parameter sweep of ${g.scenario} (${g.scenarioFile}), ${g.points.length} grid point(s) × seeds ${g.seeds.from}..${g.seeds.to}${shard}`,
    `runs: ${g.seeds.run}, ${g.seeds.passed} passed, ${g.seeds.failed} failed`,
    'points:',
    ...g.points.map(pointLine),
  ];
  const failures = g.points.flatMap((p) => p.summary.failures);
  if (failures.length > 0) {
    lines.push('failed runs (replay):');
    for (const f of failures.slice(0, maxFailures))
      lines.push(`  ${f.replay}   # ${f.reasons.join('; ')}`);
    if (failures.length > maxFailures)
      lines.push(`  … and ${failures.length - maxFailures} more in sweep.json`);
  }
  const worst = g.points.find((p) => p.worst !== null)?.worst;
  if (worst !== undefined && worst !== null)
    lines.push(`open a point's worst seed in the viewer, such as: ${worst.view}`);
  return lines.join('\n');
}
