/**
 * `summary.json` of one run: outcomes, violations, bridges, expectations and percentiles of
 * move time and limbo time. Plain data; the CLI writes it.
 */
import { isModelledReason } from '../cms/messages.js';
import { type RunOutput, runPassed } from '../scenario/run.js';

export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentiles of `values`. */
export function percentiles(values: number[]): Percentiles {
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    v.length === 0 ? null : v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)]!;
  return {
    count: v.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: v.length === 0 ? null : v[v.length - 1]!,
  };
}

export interface Summary {
  scenario: string;
  seed: string | number;
  events: number;
  messages: number;
  stopReason: string;
  endTimeMs: number;
  /**
   * Each move's outcome; `modelled` is true when its reason is movesim's own, not a reason CMS
   * publishes (`PUBLISHED_REASONS`).
   */
  outcomes: (RunOutput['outcomes'][number] & { modelled: boolean })[];
  counts: Record<string, number>;
  moveTimeMs: Percentiles;
  limboMs: Percentiles;
  violations: { invariant: string; t: number; detail: string }[];
  bridges: {
    id: string;
    peakLoadBasisPoints: number;
    participants: number;
    peakParticipants: number;
    overTime: [number, number, number][];
  }[];
  expectations: { text: string; ok: boolean; detail: string }[];
  passed: boolean;
  /**
   * Present only when `until` (or the event cap) cut the run off with events still pending:
   * the end-of-run checks were not run. `pending` lists the earliest ones (at most 10).
   */
  cutOff?: { pendingEvents: number; pending: { atMs: number; node: string; what: string }[] };
}

/** The cut-off line the CLI prints, or undefined for a run that reached quiescence. */
export function cutOffText(out: RunOutput): string | undefined {
  const c = out.result.cutOff;
  if (c === undefined) return undefined;
  const shown = c.pending
    .slice(0, 3)
    .map((p) => `${p.node} ${p.what} at ${(p.at / 1000).toFixed(3)} ms`);
  const more = c.pendingEvents > shown.length ? `, and ${c.pendingEvents - shown.length} more` : '';
  return `cut off before recovery finished (pending: ${shown.join(', ')}${more}); end-of-run checks not run, set a later until to run them`;
}

export function buildSummary(out: RunOutput): Summary {
  const counts: Record<string, number> = {};
  for (const o of out.outcomes) {
    const k = o.reason === null ? o.result : `${o.result}:${o.reason}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const moveTimes = out.outcomes.flatMap((o) =>
    o.result === 'moved' && o.completedAt !== null && o.requestedAt !== null
      ? [(o.completedAt - o.requestedAt) / 1000]
      : [],
  );
  const limbo = out.outcomes.flatMap((o) => (o.limboMs === null ? [] : [o.limboMs]));
  return {
    scenario: out.scenario.name,
    seed: out.seed,
    events: out.result.events,
    messages: out.result.messages,
    stopReason: out.result.stopReason,
    endTimeMs: out.result.now / 1000,
    outcomes: out.outcomes.map((o) => ({ ...o, modelled: isModelledReason(o.reason) })),
    counts,
    moveTimeMs: percentiles(moveTimes),
    limboMs: percentiles(limbo),
    violations: out.violations,
    bridges: out.bridges.map((b) => ({
      id: b.id,
      peakLoadBasisPoints: b.peakLoadBasisPoints,
      participants: b.participants,
      peakParticipants: b.peakParticipants,
      overTime: b.loadSeries.map(([t, bp, n]) => [t / 1000, bp, n] as [number, number, number]),
    })),
    expectations: out.expectations,
    passed: runPassed(out),
    ...(out.result.cutOff === undefined
      ? {}
      : {
          cutOff: {
            pendingEvents: out.result.cutOff.pendingEvents,
            pending: out.result.cutOff.pending.map((p) => ({
              atMs: p.at / 1000,
              node: p.node,
              what: p.what,
            })),
          },
        }),
  };
}
