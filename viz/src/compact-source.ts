/**
 * A decoded compact trace (sim/engine/trace-compact.ts) as a source for the model: its header
 * read as parse.ts reads a `trace.json`'s, and its events visited straight from the columns, so
 * a large run's model is built without an object for each of its events first, and its data
 * values and log lines are read only when first asked for (lazy-items.ts). A trace whose
 * events are not in seq order (which movesim never writes) is made into events and sorted, as
 * parse.ts does.
 */
import type { TraceEvent } from '../../sim/engine/trace.js';
import { type CompactColumns, forEachCompactEvent } from '../../sim/engine/trace-compact.js';
import type { ModelSource } from './model.js';
import { parseTraceValue } from './parse.js';

/** Whether the events' seq numbers never go down (the seq column holds differences). */
function inSeqOrder(c: CompactColumns): boolean {
  const d = c.cols.seq;
  for (let i = 1; i < c.n; i++) if (d[i]! < 0) return false;
  return true;
}

/** The code of a state event in the `ty` column (trace-compact.ts's order of types). */
const STATE_TYPE = 5;

/**
 * Whether building the model of these columns reads the text and data sections: when the
 * events are out of seq order (they are made into events), or some are state events (their
 * patches are read at once).
 */
export function needsLaterSections(c: CompactColumns): boolean {
  if (!inSeqOrder(c)) return true;
  const ty = c.cols.ty;
  for (let i = 0; i < c.n; i++) if (ty[i] === STATE_TYPE) return true;
  return false;
}

/** The model source of a decoded compact trace, and what reading its header warned of. */
export function compactSource(c: CompactColumns): { trace: ModelSource; warnings: string[] } {
  if (!inSeqOrder(c)) {
    const events: TraceEvent[] = [];
    forEachCompactEvent(c, (e) => events.push({ ...e } as unknown as TraceEvent));
    return parseTraceValue({ ...c.header, events });
  }
  const { trace, warnings } = parseTraceValue({ ...c.header, events: [] });
  const { events: _none, ...header } = trace;
  return {
    trace: {
      ...header,
      eachEvent: (visit) => forEachCompactEvent(c, (e) => visit(e as unknown as TraceEvent), true),
      lazy: {
        data: (ref) => c.rest.value(ref),
        json: (ref) => c.rest.json(ref),
        text: (ref) => c.rest.text(ref),
        prepareTexts: (more) => c.rest.prepareTexts(more),
        prepareJson: (more) => c.rest.prepareJson(more),
        dropJson: () => c.rest.dropJson({ textCache: true }),
        lines: c.rest,
      },
    },
    warnings,
  };
}
