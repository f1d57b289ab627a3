/**
 * The wall clock of the command line, for progress display and the time a sweep took. It never
 * feeds a result: summaries and traces do not depend on it.
 */

/** Milliseconds from an arbitrary start, monotonic. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}
