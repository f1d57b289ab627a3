/**
 * The report of `movesim logs`: what was read (counts and warnings), and per move its outcome,
 * first missing step, evidence, what to look at next and how it conforms to the model. As
 * plain data (`--json`) and as text.
 */
import { STEPS } from '../cms/protocol.js';
import type { Analysis } from './analyze.js';
import type { Conformance } from './conform.js';
import { explainMove, type MoveExplanation, OUTCOME_TEXT } from './explain.js';

/** The whole report. */
export interface LogsReport {
  counts: Analysis['counts'] & {
    recognised: number;
    unattributed: number;
    duplicates: number;
    moves: number;
    joins: number;
  };
  servers: string[];
  warnings: string[];
  model: string | null;
  moves: (MoveExplanation & { conformance: Conformance | null })[];
}

/** The warnings the counts call for: mixed dates, clocks going back, skipped lines. */
function warningsOf(a: Analysis): string[] {
  const c = a.counts;
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
  if (a.correlation.duplicates > 0)
    out.push(`${a.correlation.duplicates} duplicated lines were read once`);
  return out;
}

/** Builds the report; `conformances` is by move id (empty without a model). */
export function buildReport(
  a: Analysis,
  model: string | null,
  conformances: ReadonlyMap<string, Conformance>,
): LogsReport {
  const c = a.correlation;
  const nodes = new Set(c.nodes);
  return {
    counts: {
      ...a.counts,
      recognised: c.recognised,
      unattributed: c.unattributed,
      duplicates: c.duplicates,
      moves: c.moves.length,
      joins: c.joins.length,
    },
    servers: c.nodes,
    warnings: warningsOf(a),
    model,
    moves: c.moves.map((m) => ({
      ...explainMove(m, nodes),
      conformance: conformances.get(m.id) ?? null,
    })),
  };
}

const stepName = (n: number): string => `step ${n} (${STEPS[n - 1]!.id})`;

/** `+12 ms` or `+2.4 s`. */
const gap = (ms: number): string =>
  Math.abs(ms) >= 1000
    ? `${ms < 0 ? '' : '+'}${(ms / 1000).toFixed(1)} s`
    : `${ms < 0 ? '' : '+'}${ms} ms`;

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

/** The report as text lines. */
export function reportText(r: LogsReport): string[] {
  const c = r.counts;
  const out = [
    `read ${c.files} file(s): ${c.physicalLines} lines, ${c.entries} entries, ${c.recognised} recognised, ${c.entries - c.recognised} unknown (skipped)`,
    `servers: ${r.servers.join(', ') || 'none'}`,
    `moves: ${c.moves}; joins and leaves that are no move: ${c.joins}; recognised lines of neither: ${c.unattributed}`,
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  if (r.model !== null) out.push(`model: ${r.model}`);
  for (const m of r.moves) {
    out.push('', `${m.move}: ${OUTCOME_TEXT[m.outcome]}`);
    out.push(`  steps seen: ${m.stepsSeen.join(' ') || 'none'}`);
    if (m.firstMissing !== null)
      out.push(`  first step with no evidence: ${stepName(m.firstMissing)}`);
    if (m.failingStep !== null) out.push(`  went wrong at: ${stepName(m.failingStep)}`);
    if (m.next !== '') out.push(`  next: ${m.next}`);
    out.push('  evidence:', ...m.evidence.map((e) => `    ${e}`));
    if (m.conformance !== null) out.push(...conformanceText(m.conformance));
  }
  return out;
}
