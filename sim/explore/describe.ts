/**
 * Explore's results in words: a deviation, a path, and the report `movesim explore` prints.
 */
import { formatMs } from '../engine/index.js';
import type { Deviation, Path } from './search.js';

/** One deviation in a few words, e.g. `step 20: lose msg 14 ws.fail wbA->userX`. */
export function describeDeviation(d: Deviation): string {
  if (d.type === 'crash') {
    const restart =
      d.restartAfterUs === undefined
        ? ', no restart'
        : `, restart after ${formatMs(d.restartAfterUs)} ms`;
    return `step ${d.step}: crash ${d.node} at ${formatMs(d.atUs)} ms${restart}`;
  }
  const what = `msg ${d.msg} ${d.kind} ${d.from}->${d.to}`;
  if (d.type === 'drop') return `step ${d.step}: lose ${what}`;
  const overtaken = d.type === 'reorder' ? ', overtaken on its link' : '';
  return `step ${d.step}: delay ${what} by ${formatMs(d.delayUs)} ms${overtaken}`;
}

/** A path in one line: its deviations, or the scenario's own schedule. */
export function describePath(p: Path): string {
  return p.deviations.length === 0
    ? `the scenario's own schedule (${p.steps} steps)`
    : `${p.deviations.map(describeDeviation).join('; ')} (${p.steps} steps)`;
}
