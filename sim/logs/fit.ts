/**
 * Calibration (`movesim logs --fit`): scales the scenario's latency and processing parameters
 * until a run of it reproduces the observed median gap of each milestone (the 200 response,
 * the old call's teardown, the new call's media), and prints the block a scenario can paste
 * with the fit's quality.
 *
 * Each milestone is driven by one group of parameters: the response by the API, peer and call
 * bridge processing times; the teardown by the C2W and websocket links; the media by the media
 * link and the browser's media set-up. Each group's factor is moved by the ratio of observed
 * to model medians, damped, for a few rounds; the model is the scenario's own logs read back.
 */
import { DEFAULT_LATENCY, DEFAULT_MEDIA_SETUP, DEFAULT_PROCESSING } from '../cms/defaults.js';
import type { Distribution } from '../engine/index.js';
import type { Scenario } from '../scenario/schema.js';
import { buildModel, milestoneGaps, MILESTONES, percentile } from './conform.js';
import type { MoveRecord } from './records.js';

/** Options of a fit. */
export interface FitOptions {
  /** Seeds per model run. Default 40. */
  runs?: number;
  /** Rounds of adjustment at most. Default 8. */
  rounds?: number;
}

/** The parameters each milestone's group scales: paths under `network`. */
const GROUPS: Record<string, readonly string[]> = {
  response: ['latency.api', 'latency.peer', 'processing.callbridge'],
  teardown: ['latency.c2w', 'latency.websocket'],
  media: ['latency.media', 'mediaSetup'],
};

/** The result of a fit. */
export interface Fit {
  /** The fitted parameters, by path under `network`. */
  parameters: Record<string, Distribution>;
  /** Per milestone: the observed median, the fitted model's, and the error in percent. */
  quality: { milestone: string; observedMs: number; modelMs: number; errorPercent: number }[];
  /** Whether every milestone's model median is within 10 % of the observed one. */
  withinTenPercent: boolean;
}

/** The scenario's distribution at `path` under `network`, or the model's default. */
function current(s: Scenario, path: string): Distribution {
  const n = s.network as unknown as Record<string, Record<string, Distribution | undefined>>;
  if (path === 'mediaSetup')
    return (s.network.mediaSetup as Distribution | undefined) ?? DEFAULT_MEDIA_SETUP;
  const [group, key] = path.split('.') as [string, string];
  const set = n[group]?.[key];
  if (set !== undefined) return set;
  return group === 'latency'
    ? DEFAULT_LATENCY[key as keyof typeof DEFAULT_LATENCY]
    : DEFAULT_PROCESSING[key]!;
}

/** `d` with every duration multiplied by `f` (to 0.01 ms). */
function scaled(d: Distribution, f: number): Distribution {
  const r = (x: number) => Math.max(0.01, Math.round(x * f * 100) / 100);
  switch (d.dist) {
    case 'constant':
      return { dist: 'constant', ms: r(d.ms) };
    case 'uniform':
      return { dist: 'uniform', minMs: r(d.minMs), maxMs: r(d.maxMs) };
    case 'normal':
      return { dist: 'normal', meanMs: r(d.meanMs), sdMs: r(d.sdMs) };
    case 'lognormal':
      return { dist: 'lognormal', medianMs: r(d.medianMs), p99Ms: r(d.p99Ms) };
    case 'exponential':
      return { dist: 'exponential', meanMs: r(d.meanMs) };
    case 'empirical':
      return { dist: 'empirical', samplesMs: d.samplesMs.map(r) };
  }
}

/** A copy of `s` with the groups scaled by `factors`; also the parameters set. */
function withFactors(s: Scenario, factors: Record<string, number>) {
  const parameters: Record<string, Distribution> = {};
  for (const [milestone, paths] of Object.entries(GROUPS))
    for (const p of paths) parameters[p] = scaled(current(s, p), factors[milestone]!);
  const latency = { ...s.network.latency } as Record<string, unknown>;
  const processing = { ...s.network.processing } as Record<string, unknown>;
  let mediaSetup = s.network.mediaSetup;
  for (const [p, d] of Object.entries(parameters)) {
    if (p === 'mediaSetup') mediaSetup = d as typeof mediaSetup;
    else if (p.startsWith('latency.')) latency[p.slice(8)] = d;
    else processing[p.slice(11)] = d;
  }
  const network = { ...s.network, latency, processing, mediaSetup } as Scenario['network'];
  return { scenario: { ...s, network }, parameters };
}

/** Adds the milestone gaps of `m` to `into` (milestone to the gaps seen). */
export function collectGaps(m: MoveRecord, into: Map<string, number[]>): void {
  for (const [k, v] of milestoneGaps(m)) {
    const list = into.get(k) ?? [];
    list.push(v);
    into.set(k, list);
  }
}

/** Fits the scenario's latency groups to the observed moves' median gaps. */
export function fitLatency(
  moves: readonly MoveRecord[],
  scenario: Scenario,
  opts: FitOptions = {},
): Fit | undefined {
  const gaps = new Map<string, number[]>();
  for (const m of moves) collectGaps(m, gaps);
  return fitToGaps(gaps, scenario, opts);
}

/** Fits the scenario's latency groups to the median of each milestone's observed gaps. */
export function fitToGaps(
  gaps: ReadonlyMap<string, readonly number[]>,
  scenario: Scenario,
  opts: FitOptions = {},
): Fit | undefined {
  const observed = new Map<string, number>();
  for (const [k, v] of gaps) {
    const sorted = [...v].sort((x, y) => x - y);
    if (sorted.length > 0) observed.set(k, percentile(sorted, 50)!);
  }
  if (observed.size === 0) return undefined;
  const factors: Record<string, number> = Object.fromEntries(MILESTONES.map((m) => [m.name, 1]));
  let best: Fit | undefined;
  for (let round = 0; round < (opts.rounds ?? 8); round++) {
    const { scenario: s, parameters } = withFactors(scenario, factors);
    const model = buildModel(s, opts.runs ?? 40);
    const quality = [...observed].map(([milestone, observedMs]) => {
      const modelMs = percentile(model.gaps.get(milestone) ?? [], 50) ?? 0;
      const errorPercent =
        observedMs === 0 ? 0 : Math.round((1000 * (modelMs - observedMs)) / observedMs) / 10;
      return { milestone, observedMs, modelMs, errorPercent };
    });
    const worst = Math.max(...quality.map((q) => Math.abs(q.errorPercent)));
    const fit = { parameters, quality, withinTenPercent: worst <= 10 };
    const bestWorst = best && Math.max(...best.quality.map((q) => Math.abs(q.errorPercent)));
    if (best === undefined || worst < bestWorst!) best = fit;
    if (worst <= 3) break;
    for (const q of quality)
      if (q.modelMs > 0 && q.observedMs > 0)
        factors[q.milestone] = factors[q.milestone]! * Math.sqrt(q.observedMs / q.modelMs);
  }
  return best;
}

/** A distribution as one line of YAML flow. */
function flow(d: Distribution): string {
  return `{ ${Object.entries(d)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join(', ')} }`;
}

/** The fit as text: the block to paste and its quality. */
export function fitText(f: Fit): string[] {
  const by = (prefix: string) =>
    Object.entries(f.parameters)
      .filter(([p]) => p.startsWith(prefix))
      .map(([p, d]) => `    ${p.slice(prefix.length)}: ${flow(d)}`);
  const media = f.parameters.mediaSetup;
  return [
    '',
    'fit (paste into a scenario):',
    'network:',
    '  latency:',
    ...by('latency.'),
    '  processing:',
    ...by('processing.'),
    ...(media === undefined ? [] : [`  mediaSetup: ${flow(media)}`]),
    'fit quality (median gap from the API request):',
    ...f.quality.map(
      (q) =>
        `  ${q.milestone}: observed +${q.observedMs} ms, fitted model +${q.modelMs} ms (${q.errorPercent >= 0 ? '+' : ''}${q.errorPercent} %)`,
    ),
    f.withinTenPercent
      ? '  every milestone within 10 %'
      : '  NOT every milestone within 10 %: the scaled parameters cannot reach the observed gaps',
  ];
}
