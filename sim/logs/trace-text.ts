/**
 * The text of a reconstructed trace: the `trace.json` form a run writes (header, then one event
 * a line), so the readers of traces take it as they take a run's.
 */
import type { TraceFile } from '../engine/index.js';
import { eventJson } from '../report/event-json.js';

/** `trace.json` text of `t`. */
export function traceText(t: TraceFile): string {
  const { events, ...header } = t;
  const body = events.map(eventJson).join(',\n');
  return `${JSON.stringify(header).slice(0, -1)},"events":[\n${body}\n]}\n`;
}
