/**
 * Explanations: for a move that did not end `moved`, the step where it went wrong and the
 * evidence — the dropped message, the error reply, the log line, a crash — in the spirit of
 * the tech note's troubleshooting checklist. Read from the trace (messages level or above).
 */
import type { Outcome } from '../cms/outcomes.js';
import { STEP } from '../cms/protocol.js';
import { type DeliverEvent, formatMs, type TraceEvent } from '../engine/index.js';
import { oneLine } from '../scenario/one-line.js';

export interface Explanation {
  /** The step where the move went wrong, when one can be named. */
  step: number | null;
  /** One sentence per piece of evidence, in time order. */
  evidence: string[];
}

const FAILURE_KINDS = new Set([
  'ws.auth.fail',
  'ws.fail',
  'media.fail',
  'participant.create.fail',
  'join.fail',
]);

/** Explains `o` from the trace events; null for a `moved` outcome with nothing unusual. */
export function explain(o: Outcome, events: readonly TraceEvent[]): Explanation | null {
  const evidence: { t: number; step: number | null; text: string }[] = [];
  const from = o.requestedAt ?? 0;
  const until = o.completedAt ?? Number.POSITIVE_INFINITY;
  for (const e of events) {
    if (
      e.type === 'drop' &&
      (e.move === o.move ||
        (e.move === undefined && e.to === o.participant && e.t >= from && e.t <= until))
    ) {
      evidence.push({
        t: e.t,
        step: e.step ?? null,
        text: `${e.kind} from ${e.from} to ${e.to} was dropped at ${formatMs(e.t)} ms (${e.reason})`,
      });
    } else if (e.type === 'send' && e.move === o.move) {
      const d = e.data as Record<string, unknown> | undefined;
      if (e.kind === 'api.response' && d?.status !== 200) {
        evidence.push({
          t: e.t,
          step: STEP.apiRequest,
          text: `${e.from} answered the API request with ${String(d?.status)} (failureDetails reason "${String(d?.reason)}") at ${formatMs(e.t)} ms`,
        });
      } else if (e.kind === 'move.reply' && d?.ok === false) {
        evidence.push({
          t: e.t,
          step: STEP.moveReply,
          text: `${e.from}, where the participant is homed, refused the move: ${String(d.reason)}`,
        });
      } else if (FAILURE_KINDS.has(e.kind)) {
        evidence.push({
          t: e.t,
          step: e.step ?? STEP.newWebsocket,
          text: `${e.from} sent ${e.kind} to ${e.to} (${String(d?.reason)}) at ${formatMs(e.t)} ms`,
        });
      } else if (e.kind === 'ws.move' && o.result === 'wrong-meeting') {
        evidence.push({
          t: e.t,
          step: STEP.websocketMove,
          text: `the move message from ${e.from} named call ${String(d?.callId)}; the browser joined that call (${o.reason ?? ''})`,
        });
      }
    } else if (
      e.type === 'local' &&
      (e.kind === 'crash' || e.kind === 'restart') &&
      e.t >= from &&
      e.t <= until
    ) {
      evidence.push({
        t: e.t,
        step: null,
        text: `${e.node} ${e.kind === 'crash' ? 'crashed' : 'restarted'} at ${formatMs(e.t)} ms`,
      });
    } else if (
      e.type === 'local' &&
      e.move === o.move &&
      (e.kind === 'api.timeout' || e.kind === 'move.refused')
    ) {
      evidence.push({
        t: e.t,
        step: STEP.apiRequest,
        text:
          e.kind === 'api.timeout'
            ? `CMM got no answer and timed out at ${formatMs(e.t)} ms`
            : `CMM does not list the participant, so it sent nothing`,
      });
    } else if (
      e.type === 'log' &&
      /JWT for .* rejected/.test(e.line) &&
      e.t >= from &&
      e.t <= until
    ) {
      evidence.push({ t: e.t, step: STEP.newWebsocket, text: `${e.node} logged: ${e.line}` });
    }
  }
  if (o.reason === 'superseded') {
    const later = events.find(
      (e): e is DeliverEvent =>
        e.type === 'deliver' &&
        e.kind === 'move' &&
        e.to === o.participant &&
        e.move !== o.move &&
        e.t >= from,
    );
    evidence.push({
      t: later?.t ?? from,
      step: STEP.move,
      text: `a later move${later?.move === undefined ? '' : ` (${later.move})`} of ${o.participant} reached the browser before this one joined its call`,
    });
  }
  if (o.result === 'moved' && evidence.length === 0) return null;
  evidence.sort((a, b) => a.t - b.t);
  const firstStep = evidence.find((x) => x.step !== null)?.step ?? null;
  // Evidence quotes log lines and reasons, which may hold display names: each stays one line.
  return { step: firstStep, evidence: evidence.map((x) => oneLine(x.text)) };
}
