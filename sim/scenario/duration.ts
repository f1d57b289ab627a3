/**
 * Durations in scenario files: parsing `250ms`, `1.5s`, `2m`, `1h`, `500us` or a bare number of
 * milliseconds into a number of milliseconds.
 *
 * This file only converts and explains; it does not know where a duration appears in a scenario.
 * The schema uses it through a zod pipe so that every duration in a parsed scenario is
 * milliseconds.
 */

/** Milliseconds per unit, for every unit a duration string may carry. */
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * The longest duration, in milliseconds: 365 days (8760h). Virtual time is counted in integer
 * microseconds, and sums of durations must stay exact integers (below 2^53 µs, about 285 years),
 * so a larger duration is refused rather than overflowing into times a trace cannot hold.
 */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

/** The units a duration string may carry, in the order the error messages list them. */
export const DURATION_UNITS: readonly string[] = Object.keys(MS_PER_UNIT);

/** A duration string: a non-negative decimal number followed by a unit, spaces allowed around. */
export const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m|h)\s*$/;

/** A short sentence of what a duration may look like, for the end of error messages. */
export const DURATION_HINT =
  'write a non-negative number of milliseconds or a string with a unit, such as "250ms", "1.5s", "2m", "1h" or "500us"';

/**
 * Converts a duration to milliseconds.
 * Throws an Error whose message says what is wrong and how to write it, for negative, non-finite,
 * unitless or otherwise unreadable values.
 */
export function parseDurationMs(v: number | string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new Error(`duration ${String(v)} is not a finite number; ${DURATION_HINT}`);
    if (v < 0)
      throw new Error(`duration ${v} is negative; durations cannot be negative; ${DURATION_HINT}`);
    return notTooLong(v, String(v));
  }
  if (typeof v !== 'string') {
    throw new Error(
      `a duration must be a number or a string, not ${v === null ? 'null' : typeof v}; ${DURATION_HINT}`,
    );
  }
  const text = v.trim();
  if (text === '') throw new Error(`duration is an empty string; ${DURATION_HINT}`);
  if (/^-/.test(text))
    throw new Error(`duration "${v}" is negative; durations cannot be negative; ${DURATION_HINT}`);
  const match = DURATION_PATTERN.exec(text);
  if (match === null) {
    if (/^\d+(?:\.\d+)?$/.test(text)) {
      throw new Error(`duration "${v}" has no unit; write "${text}ms" or the number ${text}`);
    }
    const unit = /^[\d.]+\s*([^\d\s]+)$/.exec(text)?.[1];
    if (unit !== undefined) {
      throw new Error(
        `duration "${v}" has unknown unit "${unit}"; units are ${DURATION_UNITS.join(', ')}`,
      );
    }
    throw new Error(`duration "${v}" is not readable; ${DURATION_HINT}`);
  }
  const amount = Number(match[1]);
  const perUnit = MS_PER_UNIT[match[2] ?? ''];
  if (perUnit === undefined || !Number.isFinite(amount)) {
    throw new Error(`duration "${v}" is not readable; ${DURATION_HINT}`);
  }
  return notTooLong(amount * perUnit, `"${v}"`);
}

/** `ms`, or an Error when it is longer than MAX_DURATION_MS. */
function notTooLong(ms: number, written: string): number {
  if (ms <= MAX_DURATION_MS) return ms;
  throw new Error(
    `duration ${written} is longer than 8760h (365 days), the longest movesim accepts; virtual time is counted in microseconds and must stay exact`,
  );
}

/** The message parseDurationMs would throw for `v`, or undefined when `v` is a valid duration. */
export function durationProblem(v: unknown): string | undefined {
  try {
    parseDurationMs(v as number | string);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A whole number of milliseconds as an author would write it: `24h`, `2m`, `10s`, or `250ms`. */
export function durationText(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
