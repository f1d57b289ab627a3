/**
 * Conformance: each move's observed step order against the orders the model produces, and the
 * gaps from the API request to the move's milestones against the model's spread of them.
 *
 * The model is a scenario run over several seeds; its own `cms.log` is read by the same code
 * as the observed logs, so both sides are measured alike. The first divergence of order is
 * reported with both sides; a gap outside the model's p1-p99 is an outlier.
 */
import type { StepNumber } from '../cms/protocol.js';
import { formatCmsLog } from '../report/cmslog.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { analyzeText } from './analyze.js';
import { LOGGED_STEPS } from './explain.js';
import type { LineName } from './line-patterns.js';
import type { MoveRecord } from './records.js';

/** The milestones of a move whose time from the API request is compared: by their lines. */
export const MILESTONES: readonly { name: string; line: LineName }[] = [
  { name: 'response', line: 'apiResponse' },
  { name: 'teardown', line: 'tearingDown' },
  { name: 'media', line: 'allocated' },
];

/** The steps seen, ordered by their first line's time (ties in step order). */
export function observedOrder(m: MoveRecord): StepNumber[] {
  const first = new Map<StepNumber, number>();
  for (const e of m.evidence)
    if (e.step !== undefined && e.role === 'step' && !first.has(e.step))
      first.set(e.step, e.entry.ms);
  return [...first.keys()].sort((a, b) => first.get(a)! - first.get(b)! || a - b);
}

/** Milliseconds from the API request's first line to each milestone's first line. */
export function milestoneGaps(m: MoveRecord): Map<string, number> {
  const out = new Map<string, number>();
  const start = m.evidence.find((e) => e.name === 'apiPost');
  if (start === undefined) return out;
  for (const ms of MILESTONES) {
    const e = m.evidence.find((x) => x.name === ms.line && x.role === 'step');
    if (e !== undefined) out.set(ms.name, e.entry.ms - start.entry.ms);
  }
  return out;
}

/** The model: the orders its moves showed and its gaps per milestone (sorted). */
export interface Model {
  name: string;
  runs: number;
  orders: StepNumber[][];
  gaps: Map<string, number[]>;
}

/** Runs `scenario` for seeds 1..`runs` and measures its moves from its own logs. */
export function buildModel(scenario: Scenario, runs: number): Model {
  const orders = new Map<string, StepNumber[]>();
  const gaps = new Map<string, number[]>(MILESTONES.map((m) => [m.name, []]));
  for (let seed = 1; seed <= runs; seed++) {
    const out = runScenario(scenario, { seed, traceLevel: 'off' });
    for (const m of analyzeText(formatCmsLog(out.logs)).correlation.moves) {
      const order = observedOrder(m);
      orders.set(order.join(','), order);
      for (const [k, v] of milestoneGaps(m)) gaps.get(k)!.push(v);
    }
  }
  for (const v of gaps.values()) v.sort((a, b) => a - b);
  return { name: scenario.name, runs, orders: [...orders.values()], gaps };
}

/** The nearest-rank percentile `p` (0-100) of sorted `values`. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  return values[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))];
}

/** One milestone gap of a move, placed in the model's spread. */
export interface GapCheck {
  milestone: string;
  observedMs: number;
  /** The share of model gaps at or below the observed one, in percent. */
  modelPercentile: number | null;
  modelP50Ms: number | null;
  modelP99Ms: number | null;
  outlier: boolean;
}

/** How one move conforms. */
export interface Conformance {
  move: string;
  order: StepNumber[];
  /** The first place the order leaves every model order, or null. */
  divergence: {
    index: number;
    observed: StepNumber;
    model: StepNumber;
    modelOrder: StepNumber[];
  } | null;
  gaps: GapCheck[];
}

/** Compares `order` with the model's orders restricted to the same steps. */
function firstDivergence(order: StepNumber[], model: Model): Conformance['divergence'] {
  if (model.orders.length === 0) return null;
  let best: Conformance['divergence'] = null;
  for (const full of model.orders) {
    const mo = full.filter((s) => order.includes(s));
    const rest = LOGGED_STEPS.filter((s) => order.includes(s) && !mo.includes(s));
    const allowed = [...mo, ...rest];
    let i = 0;
    while (i < order.length && order[i] === allowed[i]) i++;
    if (i === order.length) return null;
    if (best === null || i > best.index)
      best = { index: i, observed: order[i]!, model: allowed[i]!, modelOrder: allowed };
  }
  return best;
}

/** Checks move `m` against `model`. */
export function conform(m: MoveRecord, model: Model): Conformance {
  const order = observedOrder(m);
  const gaps: GapCheck[] = [];
  for (const [milestone, observedMs] of milestoneGaps(m)) {
    const spread = model.gaps.get(milestone) ?? [];
    const at = spread.filter((v) => v <= observedMs).length;
    const p1 = percentile(spread, 1);
    const p99 = percentile(spread, 99);
    gaps.push({
      milestone,
      observedMs,
      modelPercentile: spread.length === 0 ? null : Math.round((1000 * at) / spread.length) / 10,
      modelP50Ms: percentile(spread, 50) ?? null,
      modelP99Ms: p99 ?? null,
      outlier: p99 !== undefined && p1 !== undefined && (observedMs > p99 || observedMs < p1),
    });
  }
  return { move: m.id, order, divergence: firstDivergence(order, model), gaps };
}
