/**
 * `points.csv` of a parameter sweep: the grid file as a tidy table, one row per grid point and
 * metric, which a notebook or spreadsheet reads directly. Columns: `point`, one per varied key,
 * `metric`, `value`, `unit`. Metrics: seeds run and failed; moves; each result's share (and each
 * reason's, as `share.<result>.<reason>`); move time and limbo p50/p95/p99 (histogram bucket
 * upper bounds, as in the summary); each call bridge's peak load; rejections; violations in all
 * and per invariant. Text only; it writes no file.
 */
import type { TimeStats } from './aggregate.js';
import type { GridPointResult, GridSummary } from './grid-summary.js';

/** A CSV field: quoted when it holds a comma, quote, newline, edge space or formula start. */
function field(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  if (/[",\n\r]|^\s|\s$/.test(s) || (/^[=+\-@\t]/.test(s) && !/^-?[\d.]+(e[+-]?\d+)?$/i.test(s)))
    return `"${s.replaceAll('"', '""')}"`;
  return s;
}

type Row = [metric: string, value: number | null, unit: string];

function timeRows(name: string, t: TimeStats): Row[] {
  return [
    [`${name}.p50`, t.p50, 'ms'],
    [`${name}.p95`, t.p95, 'ms'],
    [`${name}.p99`, t.p99, 'ms'],
  ];
}

/** The metric rows of one point. */
function pointRows(p: GridPointResult): Row[] {
  const s = p.summary;
  const moves = Object.values(s.outcomes).reduce((n, o) => n + o.count, 0);
  const share = (n: number): number | null => (moves === 0 ? null : n / moves);
  const rows: Row[] = [
    ['seeds', s.seeds.run, 'count'],
    ['seeds.failed', s.seeds.failed, 'count'],
    ['moves', moves, 'count'],
  ];
  for (const [result, o] of Object.entries(s.outcomes)) {
    rows.push([`share.${result}`, share(o.count), 'fraction']);
    for (const [reason, n] of Object.entries(o.reasons))
      rows.push([`share.${result}.${reason}`, share(n), 'fraction']);
  }
  rows.push(['rejections', s.outcomes['rejected']?.count ?? 0, 'count']);
  rows.push(...timeRows('moveTime', s.moveTimeMs), ...timeRows('limbo', s.limboMs));
  for (const [id, b] of Object.entries(s.bridges))
    rows.push([`peakLoad.${id}`, b.peakLoadBasisPoints, 'basis points']);
  const violations = Object.entries(s.violations);
  rows.push(['violations', violations.reduce((n, [, v]) => n + v.count, 0), 'count']);
  for (const [name, v] of violations) rows.push([`violations.${name}`, v.count, 'count']);
  return rows;
}

/** The text of `points.csv`, with a header row and a final newline. */
export function pointsCsv(g: GridSummary): string {
  const keys = g.vary.map((v) => v.key);
  const lines = [['point', ...keys, 'metric', 'value', 'unit'].map(field).join(',')];
  for (const p of g.points) {
    const head = [p.index, ...keys.map((k) => p.values[k] ?? '')];
    for (const [metric, value, unit] of pointRows(p))
      lines.push([...head, metric, value, unit].map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}
