/**
 * The round trip: a run's own `cms.log` (every server's lines) read back by `movesim logs`,
 * compared move by move with what the run knows (`summary.json`'s outcomes and, for the
 * failing step, the run's explanation). A move whose request left no line in any log is
 * counted as unknown, never as agreement.
 */
import type { Outcome } from '../cms/outcomes.js';
import type { SendEvent } from '../engine/index.js';
import { formatCmsLog } from '../report/cmslog.js';
import { explain } from '../report/explain.js';
import type { RunOutput } from '../scenario/run.js';
import { analyzeText } from './analyze.js';
import { explainMove, LOGGED_STEPS, type LogOutcome } from './explain.js';
import type { MoveRecord } from './records.js';

/** The class of each of the run's results. */
const CLASS: Record<string, LogOutcome> = {
  moved: 'moved',
  rejected: 'nothing-happened',
  dropped: 'dropped',
  'wrong-meeting': 'wrong-meeting',
};

/** How one run's moves read back. */
export interface Agreement {
  moves: number;
  /** Moves with no line in any log, or that the logs call unknown. */
  unknown: number;
  /** Moves read back with the run's outcome class and failing step. */
  agreed: number;
  /** Agreed moves by the run's result (`moved`, `rejected`, `dropped`, `wrong-meeting`). */
  agreedByResult: Record<string, number>;
  /** One sentence per move that was read back otherwise. */
  disagreements: string[];
}

/**
 * Whether the logs' failing step is the run's, as logs can show it. An API refusal agrees when
 * the logs read the same status and reason (the run names the answer's step, the logs the step
 * that failed). Otherwise a failure at step `n` shows as the first step at or after `n` that
 * left no line (steps 2, 7, 8 and 9 write none; a sender's lines are written before its message
 * is lost), or as the last step when every step left lines.
 */
function stepAgrees(
  o: Outcome,
  m: MoveRecord,
  simStep: number | null,
  logStep: number | null,
  seen: readonly number[],
): boolean {
  if (simStep === null || logStep === simStep) return true;
  if (typeof o.api === 'number' && o.api !== 200)
    return m.apiStatus === o.api && (o.reason === null || m.apiReason === o.reason);
  const last = LOGGED_STEPS[LOGGED_STEPS.length - 1]!;
  const want = LOGGED_STEPS.find((n) => n >= simStep && !seen.includes(n)) ?? last;
  return logStep === want;
}

/** Compares the run's moves with what its `cms.log` tells. Needs the run's trace events. */
export function agreementOfRun(out: RunOutput): Agreement {
  const events = out.events ?? [];
  const { correlation } = analyzeText(formatCmsLog(out.logs));
  const nodes = new Set(correlation.nodes);
  const taken = new Set<MoveRecord>();
  const result: Agreement = {
    moves: out.outcomes.length,
    unknown: 0,
    agreed: 0,
    agreedByResult: {},
    disagreements: [],
  };
  for (const o of out.outcomes) {
    const req = events.find(
      (e): e is SendEvent => e.type === 'send' && e.kind === 'api.move' && e.move === o.move,
    );
    const d = req?.data as { callId?: string; movedParticipant?: string } | undefined;
    const m = correlation.moves.find(
      (x) =>
        !taken.has(x) &&
        x.apiNode === req?.to &&
        x.oldLeg === d?.movedParticipant &&
        x.callId === d?.callId,
    );
    if (m === undefined) {
      result.unknown++;
      continue;
    }
    taken.add(m);
    const x = explainMove(m, nodes);
    if (x.outcome === 'unknown') {
      result.unknown++;
      continue;
    }
    const want = CLASS[o.result];
    if (x.outcome === 'moved' && want !== 'moved' && x.firstMissing === null) {
      // Every server logged a complete move; what failed (the browser's media) logs nowhere.
      result.unknown++;
      continue;
    }
    const simStep = o.result === 'moved' ? null : (explain(o, events)?.step ?? null);
    if (x.outcome === want && stepAgrees(o, m, simStep, x.failingStep, x.stepsSeen)) {
      result.agreed++;
      result.agreedByResult[o.result] = (result.agreedByResult[o.result] ?? 0) + 1;
    } else
      result.disagreements.push(
        `${o.move}: the run says ${o.result}${o.reason === null ? '' : ` (${o.reason})`}` +
          `${simStep === null ? '' : ` at step ${simStep}`}; the logs say ${x.outcome}` +
          `${x.failingStep === null ? '' : ` at step ${x.failingStep}`}`,
      );
  }
  return result;
}
