/**
 * One seed of a sweep: runs the scenario with the trace off and keeps only what the aggregate
 * needs (outcomes, move and limbo times in microseconds, violation counts, expectations, peak
 * loads, and why the seed failed), so results cross worker threads cheaply.
 *
 * Deterministic: the result depends only on the scenario and the seed. It does not aggregate.
 */
import { runScenario, unexpectedViolations } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';

/** What one seed contributes to a sweep. */
export interface SeedResult {
  seed: number;
  /** True when every expectation held and no unexpected invariant was violated. */
  passed: boolean;
  /** Why the run stopped (`quiescent`, `until`, `max-events`), or `error` when it threw. */
  stopReason: string;
  /** Each move's result and reason, with its times in integer microseconds where known. */
  outcomes: {
    result: string;
    reason: string | null;
    moveTimeUs: number | null;
    limboUs: number | null;
  }[];
  /** Violations per invariant (expected ones included). */
  violations: Record<string, number>;
  /** Each expectation and whether it held. */
  expectations: { text: string; ok: boolean }[];
  /** Each call bridge's peak load in basis points. */
  bridges: { id: string; peakLoadBasisPoints: number }[];
  /** Why the seed failed, one sentence each; empty when it passed. */
  reasons: string[];
}

/**
 * Runs one seed of `scenario` with the trace off; a run that throws is a failed seed, not a crash.
 */
export function runSeed(scenario: Scenario, seed: number): SeedResult {
  try {
    const out = runScenario(scenario, { seed, traceLevel: 'off' });
    const violations: Record<string, number> = {};
    for (const v of out.violations) violations[v.invariant] = (violations[v.invariant] ?? 0) + 1;
    const unexpected: Record<string, number> = {};
    for (const v of unexpectedViolations(out))
      unexpected[v.invariant] = (unexpected[v.invariant] ?? 0) + 1;
    const reasons = [
      ...Object.entries(unexpected).map(([name, n]) => `violation ${name} (${n}×)`),
      ...out.expectations
        .filter((e) => !e.ok)
        .map((e) => `expectation failed: ${e.text} (${e.detail})`),
    ];
    return {
      seed,
      passed: reasons.length === 0,
      stopReason: out.result.stopReason,
      outcomes: out.outcomes.map((o) => ({
        result: o.result,
        reason: o.reason,
        moveTimeUs:
          o.result === 'moved' && o.completedAt !== null && o.requestedAt !== null
            ? o.completedAt - o.requestedAt
            : null,
        limboUs: o.limboMs === null ? null : Math.round(o.limboMs * 1000),
      })),
      violations,
      expectations: out.expectations.map((e) => ({ text: e.text, ok: e.ok })),
      bridges: out.bridges.map((b) => ({ id: b.id, peakLoadBasisPoints: b.peakLoadBasisPoints })),
      reasons,
    };
  } catch (e) {
    return errorResult(seed, e);
  }
}

/** The result of a seed whose run threw or whose worker died. */
export function errorResult(seed: number, e: unknown): SeedResult {
  const message = e instanceof Error ? e.message : String(e);
  return {
    seed,
    passed: false,
    stopReason: 'error',
    outcomes: [],
    violations: {},
    expectations: [],
    bridges: [],
    reasons: [`error: ${message.split('\n')[0] ?? message}`],
  };
}
