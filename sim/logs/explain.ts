/**
 * Explaining a move from its lines, the way the tech note's troubleshooting goes: the outcome
 * — moved, (a) nothing happened, (b) dropped and not reconnected, (c) joined the wrong meeting,
 * or unknown from these logs — the first step whose evidence is missing, the evidence lines
 * (file:line) and what to look at next.
 */
import { STEP, type StepName, type StepNumber, STEPS } from '../cms/protocol.js';
import type { Evidence, MoveRecord } from './records.js';

/** The outcome classes of the troubleshooting section, plus what the logs cannot tell. */
export type LogOutcome = 'moved' | 'nothing-happened' | 'dropped' | 'wrong-meeting' | 'unknown';

/** How each class reads in a sentence. */
export const OUTCOME_TEXT: Record<LogOutcome, string> = {
  moved: 'moved',
  'nothing-happened': '(a) nothing happened: the participant stays in the first call',
  dropped: '(b) dropped, not reconnected: the old call ended and the new one never started',
  'wrong-meeting': '(c) joined the wrong meeting',
  unknown: 'unknown from these logs',
};

/** The steps that write log lines, in order: the only ones logs can show. */
export const LOGGED_STEPS: readonly StepNumber[] = STEPS.filter((s) => s.logLines.length > 0).map(
  (s) => s.number,
);

/** What to look at next when a step's evidence is missing, by step. */
const NEXT: Partial<Record<StepName, string>> = {
  apiRequest:
    'no API request reached a call bridge: check CMM to CMS API (API trace on both sides, DNS, connectivity)',
  moveReply:
    'the move was not taken on: check canMove on the participant or call leg, and the links between call bridges',
  loadBalancing:
    'no call bridge took the new participant: check load limits and the call bridge group',
  createParticipant:
    'the chosen call bridge did not create the participant: look for resource errors or blocks on it',
  websocketMove: 'no new session on the chosen call bridge: check call bridge to web bridge C2W',
  teardown: 'no `session.end` reached the home bridge: check web bridge to call bridge C2W',
  newWebsocket:
    'the browser did not come back with the new JWT: look for JWT errors, check the participant may join the new space, the web bridge; join by hand to compare',
};

const WRONG_MEETING_NEXT =
  "the move message carried another call's id: check the numeric call id in the browser's HAR (POST /api/call/session/move) is the planned meeting's";

/** One move explained. */
export interface MoveExplanation {
  move: string;
  outcome: LogOutcome;
  /** The steps with evidence, in step order. */
  stepsSeen: StepNumber[];
  /** The first step (of those that log) with no evidence, or null when all are there. */
  firstMissing: StepNumber | null;
  /** Where the move went wrong, as these logs show it; null for a move that moved. */
  failingStep: StepNumber | null;
  /** `file:line: server: message` of every line, in time order. */
  evidence: string[];
  /** What to look at next; empty for a move that moved. */
  next: string;
}

/** Whether `m` has evidence of `step` (a line that performed it). */
const has = (m: MoveRecord, step: StepNumber): boolean =>
  m.evidence.some((e) => e.step === step && e.role === 'step');

/** The first evidence line of `name`, if any. */
const line = (m: MoveRecord, name: Evidence['name']): Evidence | undefined =>
  m.evidence.find((e) => e.name === name);

/** The outcome of `m`, given the servers whose logs are present. */
export function outcomeOf(m: MoveRecord, nodes: ReadonlySet<string>): LogOutcome {
  if (line(m, 'joinedConference') !== undefined)
    return m.conference !== undefined &&
      m.joinedConference !== undefined &&
      m.conference !== m.joinedConference
      ? 'wrong-meeting'
      : 'moved';
  // A SIP participant joins its new call without a `via WB3` line: its new leg configured is.
  if (m.sip && line(m, 'configured') !== undefined) return 'moved';
  if (has(m, STEP.teardown)) return oldEndedByMove(m) ? 'dropped' : 'nothing-happened';
  if (m.apiStatus !== undefined && m.apiStatus !== 200) return 'nothing-happened';
  // Without the home bridge's log there is no telling whether the old call ended.
  const home = m.home ?? m.apiNode;
  if (home === undefined || !nodes.has(home)) return 'unknown';
  return 'nothing-happened';
}

/**
 * Whether the old call's teardown can be the move's. Not when the new participant was removed
 * again (nobody came with its JWT) and the old one went nearer that removal than the move's
 * websocket move (step 6): then the browser never acted on the move, and the old call ended
 * for another reason — a web bridge restart, a hang-up.
 */
function oldEndedByMove(m: MoveRecord): boolean {
  const teardown = m.evidence.find((e) => e.step === STEP.teardown && e.role === 'step');
  const cleanup = m.evidence.find((e) => e.role === 'cleanup');
  if (teardown === undefined || cleanup === undefined) return true;
  const moved = m.evidence.find((e) => e.step === STEP.websocketMove) ?? m.evidence[0]!;
  const t = teardown.entry.ms;
  return t - moved.entry.ms < Math.abs(cleanup.entry.ms - t);
}

/** The first logged step with no evidence, from step 1. */
export function firstMissingStep(m: MoveRecord): StepNumber | null {
  return stepsExpected(m).find((s) => !has(m, s)) ?? null;
}

/** The logged steps `m` should leave lines of: a SIP move makes no websocket move. */
function stepsExpected(m: MoveRecord): readonly StepNumber[] {
  return m.sip ? LOGGED_STEPS.filter((s) => s !== STEP.websocketMove) : LOGGED_STEPS;
}

/** The step where `m` went wrong, for an outcome that is no success. */
function failingStepOf(m: MoveRecord, outcome: LogOutcome, missing: StepNumber | null) {
  if (outcome === 'moved') return null;
  if (outcome === 'wrong-meeting') return STEP.websocketMove;
  if (line(m, 'jwtRejected') !== undefined) return STEP.newWebsocket;
  if (line(m, 'replaceNone') !== undefined) return STEP.loadBalancing;
  // Every step left lines, yet the participant never joined: the last step did not finish.
  return missing ?? LOGGED_STEPS[LOGGED_STEPS.length - 1]!;
}

/** `file:line: server: message` of one evidence line. */
export const evidenceText = (e: Evidence): string =>
  `${e.entry.file}:${e.entry.line}: ${e.entry.node}: ${e.entry.message}`;

/** Explains `m`; `nodes` are the servers whose logs were read. */
export function explainMove(m: MoveRecord, nodes: ReadonlySet<string>): MoveExplanation {
  const outcome = outcomeOf(m, nodes);
  const missing = firstMissingStep(m);
  const failingStep = failingStepOf(m, outcome, missing);
  const stepsSeen = LOGGED_STEPS.filter((s) => has(m, s));
  let next = '';
  if (outcome === 'wrong-meeting') next = WRONG_MEETING_NEXT;
  else if (outcome === 'unknown')
    next = `no log of the home bridge (${m.home ?? m.apiNode ?? 'unnamed'}) was given: add it`;
  else if (failingStep !== null) {
    const row = STEPS[failingStep - 1]!;
    next = NEXT[row.id] ?? '';
    if (m.apiReason !== undefined) next = `the API refused with "${m.apiReason}"; ${next}`;
  }
  return {
    move: m.id,
    outcome,
    stepsSeen,
    firstMissing: missing,
    failingStep,
    evidence: m.evidence.map(evidenceText),
    next,
  };
}
