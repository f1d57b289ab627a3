/**
 * Which move a run opens on, and which marks stay in sight whatever move is shown: two rules of
 * the trace's own vocabulary, read by the viewer (which opens there and keeps those marks under
 * a move filter) and by the compact encoder (which writes that move's events first, in the
 * opening section, so a large run's page can draw them before it reads the rest).
 *
 * The move a run opens on is the first, by request time, whose outcome is not `moved` (or that
 * a violation touches, where the caller knows of one), else the first move requested. A cause
 * is a mark that belongs to no move but explains what happens to one: a crash, a restart, a
 * domain fault, a link or node down, a partition.
 */

/** A move's outcome as the rule reads it from a trace's `outcomes` (other fields ignored). */
export interface OpeningOutcome {
  move: string;
  requestedAt: number;
  result: string;
}

/** Mark kinds that are causes (with no move): crashes, restarts, faults, downs, partitions. */
const CAUSE_KINDS = /^(crash|restart)$|^fault\.|down|partition/;

/** True when a mark of this kind with no move is a cause, shown whatever move is in view. */
export function isCauseKind(kind: string): boolean {
  return CAUSE_KINDS.test(kind);
}

/** A trace's outcome entry as the rule reads it, or undefined when it names no move. */
export function openingOutcome(v: unknown): OpeningOutcome | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.move !== 'string') return undefined;
  const t = typeof o.requestedAt === 'number' ? o.requestedAt : Number(o.requestedAt);
  return {
    move: o.move,
    requestedAt: Number.isFinite(t) ? t : 0,
    result: typeof o.result === 'string' ? o.result : 'unknown',
  };
}

/**
 * The move a run opens on, from its outcomes: the first by request time (ties in the order
 * given) whose result is not `moved` or that `touched` says a violation touches, else the
 * first by request time; undefined when there are no outcomes.
 */
export function openingMove(
  outcomes: readonly OpeningOutcome[],
  touched: (move: string) => boolean = () => false,
): string | undefined {
  const byTime = [...outcomes].sort((a, b) => a.requestedAt - b.requestedAt);
  const failing = byTime.find((o) => o.result !== 'moved' || touched(o.move));
  return failing?.move ?? byTime[0]?.move;
}
