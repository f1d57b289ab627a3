/**
 * The report of `movesim logs`: what was read (counts and warnings), the outcomes counted, and
 * per move its outcome, first missing step, evidence, what to look at next and how it conforms
 * to the model. As plain data (`report.json`, `--json`) and as text.
 */
import { STEPS } from '../cms/protocol.js';
import type { Conformance } from './conform.js';
import { type LogOutcome, type MoveExplanation, OUTCOME_TEXT } from './explain.js';
import type { ReadCounts } from './read.js';
import type { Correlation } from './records.js';

/** One move in the report. */
export type MoveEntry = MoveExplanation & { conformance: Conformance | null };

/** The report's summary: everything but the moves. */
export interface LogsSummary {
  counts: ReadCounts & {
    recognised: number;
    unattributed: number;
    duplicates: number;
    moves: number;
    joins: number;
  };
  servers: string[];
  warnings: string[];
  /** The models the moves were checked against. */
  models: string[];
  outcomes: Partial<Record<LogOutcome, number>>;
}

/** The warnings the counts call for: mixed dates, clocks going back, skipped lines. */
function warningsOf(c: ReadCounts, duplicates: number): string[] {
  const out: string[] = [];
  if (c.dated > 0 && c.undated > 0)
    out.push(
      `${c.undated} of ${c.entries} entries have no date (the others do); undated times are read as times of day`,
    );
  if (c.backwards > 0)
    out.push(
      `${c.backwards} entries are earlier than the one before them from the same server (clock skew or reordered lines); they are read in file order`,
    );
  if (c.noiseLines > 0) out.push(`${c.noiseLines} lines held no CMS entry and were skipped`);
  if (c.overlongLines > 0)
    out.push(`${c.overlongLines} lines were longer than 1 MiB and were cut there`);
  for (const f of c.emptyFiles) out.push(`${f}: no CMS entry in this file`);
  if (duplicates > 0) out.push(`${duplicates} duplicated lines were read once`);
  return out;
}

/** The summary of a read; `moves` and `joins` count the records handed on. */
export function summaryOf(
  counts: ReadCounts,
  c: Correlation,
  totals: { moves: number; joins: number },
  models: string[],
  outcomes: Partial<Record<LogOutcome, number>>,
): LogsSummary {
  return {
    counts: {
      ...counts,
      recognised: c.recognised,
      unattributed: c.unattributed,
      duplicates: c.duplicates,
      ...totals,
    },
    servers: c.nodes,
    warnings: warningsOf(counts, c.duplicates),
    models,
    outcomes,
  };
}

const stepName = (n: number): string => `step ${n} (${STEPS[n - 1]!.id})`;

/** `+12 ms` or `+2.4 s`. */
const gap = (ms: number): string => {
  const sign = ms < 0 ? '' : '+';
  return Math.abs(ms) >= 1000 ? `${sign}${(ms / 1000).toFixed(1)} s` : `${sign}${ms} ms`;
};

/** The conformance of one move as text lines. */
function conformanceText(c: Conformance): string[] {
  const out: string[] = [];
  if (c.divergence !== null) {
    const d = c.divergence;
    out.push(
      `  order: observed ${c.order.join(' ')}; diverges at position ${d.index + 1}: observed ${stepName(d.observed)} where the model has ${stepName(d.model)} (model order ${d.modelOrder.join(' ')})`,
    );
  } else out.push(`  order: ${c.order.join(' ')} (the model allows it)`);
  for (const g of c.gaps) {
    const where =
      g.modelPercentile === null
        ? 'no model gap to compare'
        : `model p${g.modelPercentile} (median ${gap(g.modelP50Ms!)}, p99 ${gap(g.modelP99Ms!)})`;
    out.push(`  ${g.milestone} ${gap(g.observedMs)}: ${where}${g.outlier ? '  OUTLIER' : ''}`);
  }
  return out;
}

/** One move as text lines. */
export function moveText(m: MoveEntry): string[] {
  const out = ['', `${m.move}: ${OUTCOME_TEXT[m.outcome]}`];
  out.push(`  steps seen: ${m.stepsSeen.join(' ') || 'none'}`);
  if (m.firstMissing !== null)
    out.push(`  first step with no evidence: ${stepName(m.firstMissing)}`);
  if (m.failingStep !== null) out.push(`  went wrong at: ${stepName(m.failingStep)}`);
  if (m.next !== '') out.push(`  next: ${m.next}`);
  out.push('  evidence:', ...m.evidence.map((e) => `    ${e}`));
  if (m.conformance !== null) out.push(...conformanceText(m.conformance));
  return out;
}

/** The summary as text lines. */
export function summaryText(s: LogsSummary): string[] {
  const c = s.counts;
  const outcomes = Object.entries(s.outcomes).map(([k, n]) => `${k} ${n}`);
  return [
    `read ${c.files} file(s): ${c.physicalLines} lines, ${c.entries} entries, ${c.recognised} recognised, ${c.entries - c.recognised} unknown (skipped)`,
    `servers: ${s.servers.join(', ') || 'none'}`,
    `moves: ${c.moves}${outcomes.length > 0 ? ` (${outcomes.join(', ')})` : ''}; joins and leaves that are no move: ${c.joins}; recognised lines of neither: ${c.unattributed}`,
    ...s.warnings.map((w) => `warning: ${w}`),
    ...(s.models.length > 0 ? [`model: ${s.models.join('; ')}`] : []),
  ];
}
