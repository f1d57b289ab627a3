/**
 * Formatting of virtual time (integer microseconds) and of small values for display.
 * Pure string functions; what they return is always rendered as text.
 */

/** Formats microseconds as seconds, with as many decimals as a visible span of `spanUs` needs. */
export function formatTime(us: number, spanUs = 1e6): string {
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(Math.max(spanUs, 1) / 1e6)) + 2));
  return `${(us / 1e6).toFixed(decimals)} s`;
}

/** Formats a duration in microseconds with a unit that suits it. */
export function formatDuration(us: number): string {
  const a = Math.abs(us);
  if (a >= 1e6) return `${+(us / 1e6).toFixed(3)} s`;
  if (a >= 1e3) return `${+(us / 1e3).toFixed(3)} ms`;
  return `${us} µs`;
}

/** Cuts a string to `max` characters, with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
