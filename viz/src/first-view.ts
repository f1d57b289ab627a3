/**
 * The first view of a large compact trace: a model of only what the view a run opens on shows
 * (the opening move's messages and marks, and the crashes, restarts and faults that stay
 * visible under its filter), built from the trace's opening section (version 4; the encoder
 * writes one for a large run without violations, sim/report/compact-opening.ts) before the
 * whole run is read, so the page draws its opening view first and builds the rest after. Its
 * nodes, outcomes, moves list, time span and load lanes are the whole run's (the opening
 * section carries the whole header and span); only events of other moves are left out.
 *
 * The opening section carries no text or data: a data value or a log line read from this
 * short-lived model (a click on a message before the whole model takes over) is shown as none.
 */
import type { TraceEvent } from '../../sim/engine/trace.js';
import { type CompactOpening, forEachCompactEvent } from '../../sim/engine/trace-compact.js';
import { buildModel, type Model, type ModelSource } from './model.js';
import { parseTraceValue } from './parse.js';

/** A first view's model and the move it opens on. */
export interface FirstView {
  model: Model;
  move: string;
}

/** The first view of a decoded opening section. */
export function firstView(c: CompactOpening): FirstView {
  const { trace, warnings } = parseTraceValue({ ...c.header, events: [] });
  const { events: _none, ...header } = trace;
  const source: ModelSource = {
    ...header,
    span: c.span,
    eachEvent: (visit) => forEachCompactEvent(c, (e) => visit(e as unknown as TraceEvent), true),
    lazy: {
      data: () => undefined,
      json: () => '',
      text: () => '',
      prepareTexts: () => false,
      prepareJson: () => false,
      dropJson: () => undefined,
    },
  };
  return { model: buildModel(source, warnings), move: c.move };
}
