/**
 * The sweep report page's script: reads the sweep data inlined in the page and draws, for each
 * varied key, one Observable Plot per metric against that key's values: a line per combination
 * of the other varied keys through the median over seeds, a band (or, for a key whose values are
 * not numbers, a bar) from the lowest to the highest seed, threshold lines where they apply, a
 * tip on hover, and on click the command that opens the point's worst seed in the viewer.
 *
 * Every text of the data reaches the page as text (textContent, Plot's own text nodes), never as
 * markup, so hostile scenario names or values cannot inject anything.
 */
import * as Plot from '@observablehq/plot';

// Type-only: the types are erased from the bundle, so the page stays as small as before.
import type { ReportData, ReportPoint as PointData, ReportSeed as SeedRow } from '../sweep-data.js';

/** A metric: its title, unit and value for one seed (null when the seed has none). */
interface Metric {
  title: string;
  y: string;
  of: (r: SeedRow) => number | null;
  thresholds?: (p: PointData) => { label: string; value: number }[];
  percent?: boolean;
}

const METRICS: Metric[] = [
  {
    title: 'Moves rejected',
    y: 'share of moves rejected',
    percent: true,
    of: (r) => {
      const n = r.moved + r.rejected + r.dropped + r.other;
      return n === 0 ? null : r.rejected / n;
    },
  },
  {
    title: 'Moves not completed (rejected, dropped or other)',
    y: 'share of moves',
    percent: true,
    of: (r) => {
      const n = r.moved + r.rejected + r.dropped + r.other;
      return n === 0 ? null : (n - r.moved) / n;
    },
  },
  { title: 'Move time p95', y: 'move time p95 (ms)', of: (r) => r.moveP95Ms },
  { title: 'Limbo p95', y: 'limbo p95 (ms)', of: (r) => r.limboP95Ms },
  {
    title: 'Peak load of the busiest bridge',
    y: 'peak load (basis points)',
    of: (r) => r.peakLoadBasisPoints,
    thresholds: (p) => [
      {
        label: 'existing-conference limit',
        value: p.thresholds.existingConferenceLoadLimitBasisPoints,
      },
      { label: 'new-conference limit', value: p.thresholds.newConferenceLoadLimitBasisPoints },
    ],
  },
];

/** One plotted datum: a grid point seen against one key, with the metric's spread over seeds. */
interface Datum {
  point: PointData;
  x: number | string;
  series: string;
  median: number;
  low: number;
  high: number;
  seeds: number;
}

function readData(): ReportData {
  const el = document.getElementById('movesim-sweep');
  if (el?.textContent == null) throw new Error('the page holds no sweep data');
  return JSON.parse(el.textContent) as ReportData;
}

/** The median of sorted numbers. */
function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Whether every value of a key is a number, so the axis is continuous. */
const numeric = (values: readonly string[]): boolean =>
  values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));

/** The data of one metric against one key. */
function datums(data: ReportData, key: string, metric: Metric, isNumeric: boolean): Datum[] {
  const others = data.vary.map((v) => v.key).filter((k) => k !== key);
  const out: Datum[] = [];
  for (const point of data.points) {
    const ys = point.perSeed
      .map(metric.of)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    if (ys.length === 0) continue;
    const raw = point.values[key] ?? '';
    out.push({
      point,
      x: isNumeric ? Number(raw) : raw,
      series: others.length === 0 ? 'all' : others.map((k) => `${k}=${point.values[k]}`).join(', '),
      median: median(ys),
      low: ys[0]!,
      high: ys[ys.length - 1]!,
      seeds: ys.length,
    });
  }
  return out;
}

/** Shows a point's values and the command that opens its worst seed. */
function select(point: PointData): void {
  const panel = document.getElementById('selection')!;
  panel.hidden = false;
  document.getElementById('selection-values')!.textContent = Object.entries(point.values)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  document.getElementById('selection-seed')!.textContent =
    point.worst === null ? 'none' : String(point.worst.seed);
  document.getElementById('selection-command')!.textContent = point.worst?.view ?? '';
  const link = document.getElementById('selection-page') as HTMLAnchorElement;
  link.hidden = point.page === null;
  if (point.page !== null) link.href = point.page;
}

/** The tip text of a datum. */
function tipText(d: Datum, metric: Metric): string {
  const f = (v: number): string => (metric.percent ? `${(100 * v).toFixed(1)} %` : v.toFixed(1));
  return [
    ...Object.entries(d.point.values).map(([k, v]) => `${k} = ${v}`),
    `${metric.y}: median ${f(d.median)} (seeds ${f(d.low)} … ${f(d.high)}, ${d.seeds} seeds)`,
    d.point.worst === null ? '' : `worst seed ${d.point.worst.seed}: click to open it`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** One plot of a metric against a key. */
function plotOf(data: ReportData, key: string, metric: Metric): HTMLElement | SVGSVGElement {
  const isNumeric = numeric(data.vary.find((v) => v.key === key)!.values);
  const rows = datums(data, key, metric, isNumeric);
  const lines = (metric.thresholds?.(data.points[0]!) ?? []).filter((t) => t.value > 0);
  const spread = isNumeric
    ? Plot.areaY(rows, {
        x: 'x',
        y1: 'low',
        y2: 'high',
        fill: 'series',
        fillOpacity: 0.15,
        sort: 'x',
      })
    : Plot.ruleX(rows, {
        x: 'x',
        y1: 'low',
        y2: 'high',
        stroke: 'series',
        strokeOpacity: 0.4,
        strokeWidth: 6,
      });
  const figure = Plot.plot({
    title: metric.title,
    width: 560,
    height: 300,
    marginLeft: 60,
    x: {
      label: key,
      ...(isNumeric ? {} : { type: 'point', domain: data.vary.find((v) => v.key === key)!.values }),
    },
    y: { label: metric.y, grid: true, zero: true, ...(metric.percent ? { percent: true } : {}) },
    color: { legend: true },
    marks: [
      spread,
      ...lines.map((t) => Plot.ruleY([t.value], { stroke: '#c33', strokeDasharray: '4,3' })),
      ...lines.map((t) =>
        Plot.text([t], { y: 'value', text: 'label', frameAnchor: 'right', dy: -6, fill: '#c33' }),
      ),
      Plot.line(rows, { x: 'x', y: 'median', stroke: 'series', sort: 'x' }),
      Plot.dot(rows, { x: 'x', y: 'median', stroke: 'series', fill: 'series', r: 4 }),
      Plot.tip(
        rows,
        Plot.pointer({ x: 'x', y: 'median', title: (d: Datum) => tipText(d, metric) }),
      ),
    ],
  });
  figure.addEventListener('click', () => {
    const d = (figure as unknown as { value?: Datum | null }).value;
    if (d != null) select(d.point);
  });
  return figure;
}

/** Draws the whole report. */
function main(): void {
  const data = readData();
  document.getElementById('scenario')!.textContent = data.scenario;
  document.title = `movesim — sweep report: ${data.scenario}`;
  document.getElementById('about')!.textContent =
    `${data.scenarioFile}: ${data.points.length} grid point(s) × seeds ${data.seeds.from}..${data.seeds.to}; ` +
    `${data.seeds.run} runs, ${data.seeds.failed} failed. Lines: the median over seeds; ` +
    'shading: the lowest to the highest seed. Hover a point for its values; click it for the command that opens its worst seed in the sequence viewer.';
  const root = document.getElementById('plots')!;
  for (const v of data.vary) {
    const section = document.createElement('section');
    const h = document.createElement('h2');
    h.textContent = `Against ${v.key}`;
    section.append(h);
    const grid = document.createElement('div');
    grid.className = 'plots';
    for (const metric of METRICS) {
      const holder = document.createElement('div');
      holder.className = 'plot';
      holder.append(plotOf(data, v.key, metric));
      grid.append(holder);
    }
    section.append(grid);
    root.append(section);
  }
  document.getElementById('copy-command')!.addEventListener('click', () => {
    const text = document.getElementById('selection-command')!.textContent ?? '';
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  });
}

main();
