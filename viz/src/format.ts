/**
 * Formatting of virtual time (integer microseconds) and of small values for display.
 * Pure string functions; what they return is always rendered as text.
 */

/**
 * Formats a virtual time (µs) with as much precision as a visible span of `spanUs` needs:
 * seconds with up to three decimals, and below a millisecond's resolution seconds plus
 * milliseconds (`5 s 43.159 ms`), never a six-decimal number of seconds.
 */
export function formatTime(us: number, spanUs = 1e6): string {
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(Math.max(spanUs, 1) / 1e6)) + 2));
  if (decimals <= 3) return `${(us / 1e6).toFixed(decimals)} s`;
  const sign = us < 0 ? '-' : '';
  const a = Math.abs(us);
  const s = Math.floor(a / 1e6);
  return `${sign}${s} s ${((a - s * 1e6) / 1e3).toFixed(decimals - 3)} ms`;
}

/** Formats a time relative to an origin (µs), signed: `+7.5 ms`, `-120 µs`, `+2.25 s`. */
export function formatRelative(dUs: number, spanUs = 1e6): string {
  const a = Math.abs(dUs);
  const sign = dUs < 0 ? '-' : '+';
  const unit = a >= 1e6 || spanUs >= 2e6 ? 1e6 : a >= 1e3 || spanUs >= 2e3 ? 1e3 : 1;
  const name = unit === 1e6 ? 's' : unit === 1e3 ? 'ms' : 'µs';
  const res = Math.max(spanUs / 10, 1) / unit;
  const decimals = Math.max(0, Math.min(3, Math.ceil(-Math.log10(res))));
  return `${sign}${+(a / unit).toFixed(decimals)} ${name}`;
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
