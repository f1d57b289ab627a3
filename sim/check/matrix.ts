/**
 * The coverage matrix: which step of a move (1..11) was hit by which kind of fault, and how the
 * move it hit ended. A suite fails when a cell the model can reach stays empty.
 *
 * A cell is read from the trace of a run, for each move:
 * - `drop`: a message of the step was lost (targeted drop, random loss or a partition);
 * - `duplicate`: a second copy of a message of the step was sent (duplication);
 * - `delay` / `reorder`: a message of the step went out while a rule aimed at that step (every
 *   message of it, probability 1) delayed or reordered it;
 * - `crash-sender`: a node crashed while a message of the step it had sent was on the way (or,
 *   for a local step, after it did the step, while the move was still running);
 * - `crash-receiver`: a message of the step arrived at a node that was down.
 * Labels are `hit:<step>:<fault>` and `hit:<step>:<fault>:<outcome>`; `coverage.ts` counts them.
 */
import type { Outcome } from '../cms/outcomes.js';
import { STEP, STEPS } from '../cms/protocol.js';
import type { TraceEvent } from '../engine/index.js';
import type { Scenario } from '../scenario/schema.js';

/** The fault columns of the matrix. */
export const MATRIX_FAULTS = [
  'drop',
  'duplicate',
  'delay',
  'reorder',
  'crash-sender',
  'crash-receiver',
] as const;

export type MatrixFault = (typeof MATRIX_FAULTS)[number];

/** Each fault's column, for numeric keys. */
const MATRIX_FAULT_INDEX = Object.fromEntries(MATRIX_FAULTS.map((f, i) => [f, i])) as Record<
  MatrixFault,
  number
>;

/** The outcome classes, in the order a cell prints them. */
const OUTCOME_ORDER = ['moved', 'rejected', 'dropped', 'wrong-meeting'] as const;

/**
 * The cells no run can fill, and why. Step 10 is local to the home bridge: it sends no message,
 * so no message of it can be dropped, duplicated, delayed or reordered, and it has no receiver
 * to crash.
 */
export const UNREACHABLE_CELLS: readonly { cell: string; why: string }[] = [
  ...(['drop', 'duplicate', 'delay', 'reorder', 'crash-receiver'] as const).map((f) => ({
    cell: `hit:${STEP.teardown}:${f}`,
    why: `step ${STEP.teardown} is local to the home bridge: it has no message and no receiver`,
  })),
];

/** Every cell of the step × fault matrix that a suite must fill. */
export const REQUIRED_CELLS: readonly string[] = STEPS.flatMap((s) =>
  MATRIX_FAULTS.map((f) => `hit:${s.number}:${f}`),
).filter((c) => !UNREACHABLE_CELLS.some((u) => u.cell === c));

/** The steps a rule aimed at one step (probability 1, no other selector) hits, by rule kind. */
function aimedSteps(s: Scenario, kind: 'delaySpikes' | 'reorder'): Set<number> {
  const steps = new Set<number>();
  for (const r of s.network[kind]) {
    const aimed = r.probability === 1 && r.linkClass === undefined;
    if (aimed && r.from === undefined && r.to === undefined && r.step !== undefined)
      steps.add(r.step);
  }
  return steps;
}

/**
 * The `crash-sender` hits of one crash of `node` at `t`: the steps of messages it had sent that
 * were still on the way, and the latest local step it did in a move still running.
 */
function crashOfSender(
  node: string,
  t: number,
  events: readonly TraceEvent[],
  running: (move: string, t: number) => boolean,
  hit: (move: string | undefined, step: number | undefined, fault: MatrixFault) => void,
): void {
  const local = new Map<string, number>();
  for (const e of events) {
    if (e.t > t) break;
    if (e.type === 'send' && e.from === node && e.deliverAt > t)
      hit(e.move, e.step, 'crash-sender');
    if (e.type === 'local' && e.node === node && e.step !== undefined && e.move !== undefined)
      local.set(e.move, e.step);
  }
  for (const [move, step] of local) if (running(move, t)) hit(move, step, 'crash-sender');
}

/** The matrix labels of one run. */
export function matrixLabels(
  s: Scenario,
  events: readonly TraceEvent[],
  outcomes: readonly Outcome[],
): string[] {
  const byMove = new Map(outcomes.map((o) => [o.move, o]));
  // Each hit as a number (step, fault, move) until the end, so a step hit by many messages
  // writes its labels once.
  const hits = new Map<number, string>();
  const hit = (move: string | undefined, step: number | undefined, fault: MatrixFault) => {
    if (move === undefined || step === undefined) return;
    const key = (step * MATRIX_FAULTS.length + MATRIX_FAULT_INDEX[fault]) * 0x10000;
    let idx = moveIndex.get(move);
    if (idx === undefined) moveIndex.set(move, (idx = moveIndex.size));
    if (!hits.has(key + idx)) hits.set(key + idx, move);
  };
  const moveIndex = new Map<string, number>();
  const running = (move: string, t: number) => {
    const o = byMove.get(move);
    return o === undefined || o.completedAt === null || o.completedAt >= t;
  };
  const delayed = aimedSteps(s, 'delaySpikes');
  const reordered = aimedSteps(s, 'reorder');
  for (const e of events) {
    if (e.type === 'local' && e.kind === 'crash') crashOfSender(e.node, e.t, events, running, hit);
    if (e.type === 'drop')
      hit(e.move, e.step, e.reason === 'node-down' ? 'crash-receiver' : 'drop');
    if (e.type === 'send' && e.duplicate === true) hit(e.move, e.step, 'duplicate');
    if (e.type === 'send' && e.duplicate !== true && e.step !== undefined) {
      if (delayed.has(e.step)) hit(e.move, e.step, 'delay');
      if (reordered.has(e.step)) hit(e.move, e.step, 'reorder');
    }
  }
  const labels = new Set<string>();
  for (const [k, move] of hits) {
    const cell = Math.floor(k / 0x10000);
    const step = Math.floor(cell / MATRIX_FAULTS.length);
    const fault = MATRIX_FAULTS[cell % MATRIX_FAULTS.length]!;
    labels.add(`hit:${step}:${fault}`);
    labels.add(`hit:${step}:${fault}:${byMove.get(move)?.result ?? 'none'}`);
  }
  return [...labels];
}

/** A coverage's counts, read by label. */
type Counts = ReadonlyMap<string, number>;

/**
 * The matrix as a table: a row per step, a column per fault; each cell is the number of runs
 * that hit it, then how those moves ended (moved/rejected/dropped/wrong-meeting), `-` where no
 * run can reach it.
 */
export function matrixTable(counts: Counts): string {
  const width = 17;
  const head = ['step', ...MATRIX_FAULTS.map((f) => f.padStart(width))].join(' ');
  const rows = STEPS.map((s) => {
    const cells = MATRIX_FAULTS.map((f) => {
      const key = `hit:${s.number}:${f}`;
      if (UNREACHABLE_CELLS.some((u) => u.cell === key)) return '-'.padStart(width);
      const n = counts.get(key) ?? 0;
      const split = OUTCOME_ORDER.map((o) => counts.get(`${key}:${o}`) ?? 0).join('/');
      return (n === 0 ? '0 (EMPTY)' : `${n} (${split})`).padStart(width);
    });
    return [String(s.number).padStart(4), ...cells].join(' ');
  });
  return [
    head,
    ...rows,
    `each cell: cases (moved/rejected/dropped/wrong-meeting); - cannot be reached`,
  ].join('\n');
}
