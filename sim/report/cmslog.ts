/**
 * `cms.log`: the run's log lines in the shape of a CMS syslog, one line each, in time order.
 *
 * Virtual time is printed as a clock from 00:00:00.000, then the node, then the line, so the
 * file reads like the tech note's sample with the bridge that wrote each line. A line break or
 * control character inside a line (from a display name or label) is written as a visible escape
 * (`one-line.ts`), so no text of a scenario or trace can start a line of its own.
 */
import type { TraceEvent } from '../engine/index.js';
import { oneLine } from '../scenario/one-line.js';

/** `n` with a leading zero below 10. */
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `n` (0-999) as three digits. */
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `HH:MM:SS.mmm` of a virtual time in microseconds. */
export function clock(us: number): string {
  const ms = Math.floor(us / 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${two(h)}:${two(m)}:${two(s)}.${three(ms % 1000)}`;
}

/** One `cms.log` line, with its newline. */
export function cmsLogLine(t: number, node: string, line: string): string {
  return `${clock(t)} ${oneLine(node)} Info ${oneLine(line)}\n`;
}

/**
 * An `onLog` for one run that hands each line, as `cmsLogLine` formats it, to `write`. Lines
 * come in time order and in bursts at one instant (about 2.4 a millisecond in the large run),
 * so it keeps the clock text of the last millisecond it printed.
 */
export function cmsLogTo(
  write: (text: string) => void,
): (t: number, node: string, line: string) => void {
  let lastMs = -1;
  let lastClock = '';
  // Node ids of a run match the scenario's id pattern, so only the line needs escaping.
  return (t, node, line) => {
    const ms = Math.floor(t / 1000);
    if (ms !== lastMs) {
      lastMs = ms;
      lastClock = clock(t);
    }
    write(`${lastClock} ${node} Info ${oneLine(line)}\n`);
  };
}

/** Formats log lines `[t, node, line]` as `cms.log` text. */
export function formatCmsLog(logs: readonly [number, string, string][]): string {
  return logs.map(([t, node, line]) => cmsLogLine(t, node, line)).join('');
}

/** The log lines of a trace (at the `logs` level or above). */
export function logsOfTrace(events: Iterable<TraceEvent>): [number, string, string][] {
  const out: [number, string, string][] = [];
  for (const e of events) if (e.type === 'log') out.push([e.t, e.node, e.line]);
  return out;
}
