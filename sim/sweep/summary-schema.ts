/**
 * Reading a sweep's `summary.json` back, for `movesim merge`: a zod schema of the format
 * `movesim-sweep` version 1, and a reader that turns JSON or shape errors into messages that say
 * which file, where and what is wrong.
 *
 * It checks shapes only; whether summaries belong to the same sweep is merge.ts's question.
 */
import { z } from 'zod';

import type { SweepSummary } from './aggregate.js';
import { SIGNIFICANT_DIGITS } from './histogram.js';

const count = z.int().min(0);
const seed = z.int();
const pair = z.tuple([z.number(), count]);

const TimeStatsSchema = z.object({
  count,
  min: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  histogram: z.object({
    unit: z.literal('us'),
    significantDigits: z.literal(SIGNIFICANT_DIGITS),
    count,
    sumUs: z.number(),
    minUs: z.number().nullable(),
    maxUs: z.number().nullable(),
    buckets: z.array(pair),
  }),
});

/** The shape of `summary.json`. */
export const SweepSummarySchema = z.object({
  format: z.literal('movesim-sweep'),
  version: z.literal(1),
  scenario: z.string(),
  scenarioFile: z.string(),
  scenarioSha256: z.string(),
  set: z.array(z.string()),
  seeds: z.object({
    from: seed,
    to: seed,
    shard: z.object({ count: z.int().min(1), indexes: z.array(z.int().min(0)) }).nullable(),
    run: count,
    passed: count,
    failed: count,
  }),
  stopReasons: z.record(z.string(), count),
  outcomes: z.record(z.string(), z.object({ count, reasons: z.record(z.string(), count) })),
  moveTimeMs: TimeStatsSchema,
  limboMs: TimeStatsSchema,
  violations: z.record(z.string(), z.object({ count, seeds: count, firstSeed: seed })),
  expectations: z.record(
    z.string(),
    z.object({ held: count, failed: count, firstFailedSeed: seed.nullable() }),
  ),
  bridges: z.record(z.string(), z.object({ peakLoadBasisPoints: z.number(), seed })),
  failures: z.array(z.object({ seed, reasons: z.array(z.string()), replay: z.string() })),
});

/** Reads the text of a `summary.json`; `file` names it in messages. */
export function parseSweepSummary(
  text: string,
  file: string,
): { ok: true; summary: SweepSummary } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [`${file}: not valid JSON (${reason}); give the summary.json a sweep wrote`],
    };
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== 'movesim-sweep') {
    const hint = format === undefined ? '' : ` (its format is ${JSON.stringify(format)})`;
    return {
      ok: false,
      problems: [
        `${file}: not a sweep summary${hint}; merge takes the summary.json files that \`movesim sweep\` writes`,
      ],
    };
  }
  const result = SweepSummarySchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${file}: ${i.path.map(String).join('.') || '(top)'}: ${i.message}`,
    );
    return { ok: false, problems };
  }
  return { ok: true, summary: result.data as SweepSummary };
}
