/**
 * Coverage you can see: counters of what the generated cases actually exercised, so a suite
 * can show (and assert) that every step was hit by a fault, every outcome and reason occurred,
 * concurrent moves happened and thresholds were reached.
 *
 * `classify` turns one run into class labels such as `fault-step:9`, `outcome:dropped`,
 * `reason:moveInProgress`, `concurrent:same-participant` or `threshold:existing-conference`;
 * `Coverage` counts them over many runs. `REQUIRED_CLASSES` lists the labels a suite must see at
 * least once. This file judges no property.
 */
import type { MoveResult, Outcome, OutcomeReason } from '../cms/outcomes.js';
import { STEP, STEPS } from '../cms/protocol.js';
import type { TraceEvent } from '../engine/index.js';
import { isFaultFree } from './explain.js';
import { matrixLabels, REQUIRED_CELLS } from './matrix.js';
import type { Observation } from './run-case.js';

/** The outcomes every suite must produce. */
export const REQUIRED_OUTCOMES: readonly MoveResult[] = [
  'moved',
  'rejected',
  'dropped',
  'wrong-meeting',
];

/** The refusals before step 5 that every suite must produce (policy, lookup, move in progress). */
const EARLY_REQUIRED_REASONS: readonly OutcomeReason[] = [
  'canMoveFalse',
  'unmovableType',
  'noActiveCall',
  'participantNotFound',
  'participantLimitReached',
  'dualHomedTarget',
  'moveInProgress',
];

/**
 * The reasons every suite must produce. `callDoesNotExist` is not among them: a scenario can
 * only name declared spaces, whose calls always have ids, so no valid scenario reaches it.
 */
export const REQUIRED_REASONS: readonly OutcomeReason[] = [
  ...EARLY_REQUIRED_REASONS,
  'timeout',
  'moveNotDelivered',
];

/**
 * The reasons a move is refused before anything moves (before step 5), which a suite must still
 * see when most of its moves get past step 5: the policy refusals, a participant the CMM cannot
 * find, a move into the participant's own space, a participant already being moved.
 */
export const EARLY_REJECTION_REASONS: readonly string[] = [
  ...EARLY_REQUIRED_REASONS,
  'invalidOperation',
];

/** Every class label a suite must see at least once. */
export const REQUIRED_CLASSES: readonly string[] = [
  ...STEPS.map((step) => `fault-step:${step.number}`),
  ...REQUIRED_OUTCOMES.map((o) => `outcome:${o}`),
  ...REQUIRED_REASONS.map((r) => `reason:${r}`),
  'case:fault-free',
  'case:faulty',
  'concurrent:different-participants',
  'concurrent:same-participant',
  'chain:moved-twice',
  'threshold:new-conference',
  'threshold:existing-conference',
  'threshold:participant-limit',
  ...REQUIRED_CELLS,
];

/** How long after its request a move counts as still running, when it never completed. */
const RUNNING_WITHOUT_END_US = 3_000_000;

/**
 * Per-move tallies of one run, as `moves:<what>=<count>` labels that `Coverage` sums: every
 * move, the moves that got past step 5 (their websocket move went out), and each outcome and
 * reason.
 */
function moveTallies(events: readonly TraceEvent[], outcomes: readonly Outcome[]): string[] {
  const past = new Set<string>();
  for (const e of events)
    if (e.type === 'send' && e.step === STEP.websocketMove && e.move !== undefined)
      past.add(e.move);
  const n = new Map<string, number>([['moves:total', outcomes.length]]);
  const bump = (k: string) => n.set(k, (n.get(k) ?? 0) + 1);
  for (const o of outcomes) {
    if (past.has(o.move)) bump(`moves:past-step-${STEP.createParticipant}`);
    bump(`moves:outcome:${o.result}`);
    if (o.reason !== null) bump(`moves:reason:${o.reason.split(' ')[0]}`);
  }
  return [...n].map(([k, v]) => `${k}=${v}`);
}

/** The class labels of one run. */
export function classify(obs: Observation): string[] {
  const s = obs.scenario;
  const labels = new Set<string>();
  labels.add(isFaultFree(s) ? 'case:fault-free' : 'case:faulty');
  for (const f of s.faults) labels.add(`fault:${f.kind}`);
  for (const k of ['loss', 'duplication', 'delaySpikes', 'reorder'] as const)
    if (s.network[k].length > 0) labels.add(`network:${k}`);
  if (s.cluster.callBridgeGroups.length > 0) labels.add('cluster:groups');
  labels.add(`cluster:${s.cluster.callBridges.length}-call-bridges`);
  const out = obs.out;
  if (out === undefined) {
    labels.add('run:threw');
    return [...labels];
  }

  // Steps hit by a fault: a message of that step lost (targeted drop, loss, partition, a down
  // node); the teardown is local, so it counts when the end session was sent for a move and
  // the teardown never came.
  const sentEndSession = new Set<string>();
  const teardown = new Set<string>();
  // A label is written the first time its step or reason is seen, not for every dropped message.
  const droppedSteps = new Set<number>();
  const dropReasons = new Set<string>();
  for (const e of out.events ?? []) {
    if (e.type === 'drop') {
      if (e.step !== undefined && !droppedSteps.has(e.step)) {
        droppedSteps.add(e.step);
        labels.add(`fault-step:${e.step}`);
      }
      if (!dropReasons.has(e.reason)) {
        dropReasons.add(e.reason);
        labels.add(`drop:${e.reason}`);
      }
    }
    if (e.type === 'send' && e.step === STEP.endSession && e.move !== undefined)
      sentEndSession.add(e.move);
    if (e.type === 'local' && e.step === STEP.teardown && e.move !== undefined)
      teardown.add(e.move);
  }
  for (const m of sentEndSession) if (!teardown.has(m)) labels.add(`fault-step:${STEP.teardown}`);
  for (const l of matrixLabels(s, out.events ?? [], out.outcomes)) labels.add(l);

  for (const o of out.outcomes) {
    labels.add(`outcome:${o.result}`);
    if (o.reason !== null) labels.add(`reason:${o.reason.split(' ')[0]}`);
  }
  for (const l of moveTallies(out.events ?? [], out.outcomes)) labels.add(l);

  // Concurrency: a move requested while another is still running.
  const spans = out.outcomes
    .filter((o) => o.requestedAt !== null)
    .map((o) => ({
      o,
      from: o.requestedAt!,
      to: Math.max(
        o.completedAt ?? 0,
        o.requestedAt! + (o.completedAt === null ? RUNNING_WITHOUT_END_US : 0),
      ),
    }));
  for (const a of spans) {
    for (const b of spans) {
      if (a === b || b.from < a.from || b.from > a.to) continue;
      labels.add(
        a.o.participant === b.o.participant
          ? 'concurrent:same-participant'
          : 'concurrent:different-participants',
      );
    }
  }
  const movedBy = new Map<string, number>();
  for (const o of out.outcomes)
    if (o.result === 'moved') movedBy.set(o.participant, (movedBy.get(o.participant) ?? 0) + 1);
  if ([...movedBy.values()].some((n) => n >= 2)) labels.add('chain:moved-twice');

  // Thresholds: a bridge's peak load reached a load-balancing threshold, or a participant limit.
  const lb = s.cluster.loadBalancing;
  for (const b of out.bridges) {
    if (lb.enabled && b.peakLoadBasisPoints >= lb.newConferenceLoadLimitBasisPoints)
      labels.add('threshold:new-conference');
    if (lb.enabled && b.peakLoadBasisPoints >= lb.existingConferenceLoadLimitBasisPoints)
      labels.add('threshold:existing-conference');
  }
  if (
    out.outcomes.some((o) => o.reason === 'participantLimitReached') ||
    obs.participantLimitLogged
  ) {
    labels.add('threshold:participant-limit');
  }
  return [...labels];
}

/** Counts of class labels over many runs. */
export class Coverage {
  readonly counts = new Map<string, number>();
  cases = 0;

  /** Counts the labels of one run; a `name=<n>` label adds `n` to `name`'s count. */
  add(labels: readonly string[]): void {
    this.cases++;
    for (const l of labels) {
      const eq = l.indexOf('=');
      const [k, n] = eq < 0 ? [l, 1] : [l.slice(0, eq), Number(l.slice(eq + 1))];
      this.counts.set(k, (this.counts.get(k) ?? 0) + n);
    }
  }

  /**
   * How the generated moves went, as fast-check's `statistics` prints a distribution: the share
   * of moves past step 5, and of each outcome and reason, most frequent first.
   */
  moveStatistics(): string {
    const total = this.counts.get('moves:total') ?? 0;
    const share = (v: number) => `${((100 * v) / Math.max(1, total)).toFixed(2)}%`;
    const rows = [...this.counts]
      .filter(([k]) => k.startsWith('moves:') && k !== 'moves:total')
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return [
      `${total} moves`,
      ...rows.map(([k, v]) => `${k.slice('moves:'.length).padEnd(36, '.')}${share(v).padStart(8)}`),
    ].join('\n');
  }

  /** The share (0 to 1) of the generated moves that got past step 5; 0 without moves. */
  pastStep5Share(): number {
    const total = this.counts.get('moves:total') ?? 0;
    return total === 0
      ? 0
      : (this.counts.get(`moves:past-step-${STEP.createParticipant}`) ?? 0) / total;
  }

  /** How many generated moves ended with each early-rejection reason. */
  earlyRejections(): Record<string, number> {
    return Object.fromEntries(
      EARLY_REJECTION_REASONS.map((r) => [r, this.counts.get(`moves:reason:${r}`) ?? 0]),
    );
  }

  /** Adds another coverage's counts to this one. */
  merge(other: Coverage): void {
    this.cases += other.cases;
    for (const [k, v] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + v);
  }

  /** The required classes never seen. */
  missing(required: readonly string[] = REQUIRED_CLASSES): string[] {
    return required.filter((c) => (this.counts.get(c) ?? 0) === 0);
  }

  /**
   * A table of every class, most frequent first within each family, with its share of the cases.
   */
  table(): string {
    const rows = [...this.counts].sort((a, b) => {
      const fa = a[0].split(':')[0]!;
      const fb = b[0].split(':')[0]!;
      return fa < fb ? -1 : fa > fb ? 1 : b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
    });
    const width = Math.max(10, ...rows.map(([k]) => k.length));
    const lines = rows.map(
      ([k, v]) =>
        `${k.padEnd(width)} ${String(v).padStart(6)}  ${((100 * v) / Math.max(1, this.cases)).toFixed(1).padStart(5)} %`,
    );
    return [`${this.cases} cases`, ...lines].join('\n');
  }
}
