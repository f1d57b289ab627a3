/**
 * Virtual time: an integer number of microseconds since the start of a run.
 *
 * This file only converts between units. It does not parse duration strings (the scenario
 * layer does that, once, on load) and it never reads a wall clock.
 */

/** A point or span of virtual time, in integer microseconds. */
export type Micros = number;

/** Milliseconds (possibly fractional) to integer microseconds, rounded to the nearest. */
export function msToUs(ms: number): Micros {
  return Math.round(ms * 1000);
}

/** Integer microseconds to milliseconds. */
export function usToMs(us: Micros): number {
  return us / 1000;
}

/** Formats microseconds as milliseconds with three decimals, e.g. `5007.250`. */
export function formatMs(us: Micros): string {
  return (us / 1000).toFixed(3);
}
