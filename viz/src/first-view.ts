/**
 * The first view of a large compact trace: a model of only what the view a run opens on shows
 * (the opening move's messages and marks, and the crashes, restarts and faults that stay
 * visible under its filter), built from the decoded columns before the whole run's model, so
 * the page draws its opening view first and builds the rest after. Its nodes, outcomes, moves
 * list, time span and load lanes are the whole run's (from the header and the columns); only
 * events of other moves are left out.
 *
 * It is made only when it is sure to open on what the whole model opens on: no violations (a
 * violation can make another move the one to open on, and needs every move's span to say
 * which), no state events and events in seq order (the whole model needs the later sections
 * first then), and a run large enough for it to matter.
 */
import type { TraceEvent } from '../../sim/engine/trace.js';
import { type CompactColumns, forEachCompactEvent } from '../../sim/engine/trace-compact.js';
import { isCauseMark, moveToOpen } from './causes.js';
import { needsLaterSections } from './compact-source.js';
import { buildModel, type Mark, type Model, type ModelSource } from './model.js';
import { parseTraceValue } from './parse.js';

/** Runs with fewer events than this are drawn from their whole model at once (ms count little). */
export const FIRST_VIEW_MIN_EVENTS = 200_000;

/** The `ty` codes of trace-compact.ts's event types used here. */
const TY = { send: 0, local: 3, violation: 6 } as const;

/** A first view's model and the move it opens on. */
export interface FirstView {
  model: Model;
  move: string;
}

/** The header of a decoded compact trace as a model source with no events. */
function headerSource(c: CompactColumns): { trace: ModelSource; warnings: string[] } {
  const { trace, warnings } = parseTraceValue({ ...c.header, events: [] });
  const { events: _none, ...header } = trace;
  return { trace: { ...header, eachEvent: () => undefined }, warnings };
}

/** Whether the columns hold a violation event (or the header lists one). */
function hasViolations(c: CompactColumns): boolean {
  if (Array.isArray(c.header.violations) && c.header.violations.length > 0) return true;
  const ty = c.cols.ty;
  for (let i = 0; i < c.n; i++) if (ty[i] === TY.violation) return true;
  return false;
}

/**
 * Which events the first view keeps (1): those of the move (`moveIndex` in the name table,
 * 1-based as the columns give it), every delivery or drop of a message it sent, and the cause
 * marks; and the whole run's time span as the model would read it (events' times and sends'
 * delivery times).
 */
function keepMask(
  c: CompactColumns,
  moveIndex: number,
): { keep: Uint8Array; span: [number, number] } {
  const { ty, t: tD, msg: msgD, mv, k, x } = c.cols;
  const keep = new Uint8Array(c.n);
  const cause = new Map<number, boolean>();
  const isCause = (kind: number): boolean => {
    let v = cause.get(kind);
    if (v === undefined) {
      v = isCauseMark({ move: undefined, kind: c.strings[kind - 1] ?? '' } as Mark);
      cause.set(kind, v);
    }
    return v;
  };
  const sent = new Set<number>();
  let t = 0;
  let msg = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = 0; i < c.n; i++) {
    t += tD[i]!;
    msg += msgD[i]!;
    const type = ty[i]!;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
    if (type === TY.send && t + x[i]! > t1) t1 = t + x[i]!;
    if (mv[i] === moveIndex) {
      keep[i] = 1;
      if (type === TY.send) sent.add(msg);
    } else if (type === TY.local && mv[i] === 0 && isCause(k[i]!)) keep[i] = 1;
    else if (type < TY.local && type !== TY.send && sent.has(msg)) keep[i] = 1;
  }
  return { keep, span: [t0, t1] };
}

/**
 * The first view of a decoded compact trace, or undefined when the whole model must be built
 * first (see the file's opening). `minEvents`: the smallest run it is made for (default
 * FIRST_VIEW_MIN_EVENTS).
 */
export function firstView(
  c: CompactColumns,
  minEvents = FIRST_VIEW_MIN_EVENTS,
): FirstView | undefined {
  if (c.n < minEvents || needsLaterSections(c) || hasViolations(c)) return undefined;
  const { trace, warnings } = headerSource(c);
  const move = moveToOpen(buildModel(trace, warnings));
  const moveIndex = move === undefined ? -1 : c.strings.indexOf(move) + 1;
  if (move === undefined || moveIndex <= 0) return undefined;
  const { keep, span } = keepMask(c, moveIndex);
  const ready = (): boolean => c.rest.inflated !== undefined;
  const source: ModelSource = {
    ...(trace as Omit<ModelSource, 'eachEvent'>),
    span,
    eachEvent: (visit) =>
      forEachCompactEvent(c, (e) => visit(e as unknown as TraceEvent), true, keep),
    // Drawn before the text and data sections are in: until they are, a data value read (a
    // click on a message) is shown as none, rather than failing, on this short-lived model.
    lazy: {
      data: (ref) => (ready() ? c.rest.value(ref) : undefined),
      json: (ref) => (ready() ? c.rest.json(ref) : ''),
      text: (ref) => (ready() ? c.rest.text(ref) : ''),
      prepareJson: (more) => ready() && c.rest.prepareJson(more),
      dropJson: () => (ready() ? c.rest.dropJson({ textCache: true }) : undefined),
    },
  } as ModelSource;
  return { model: buildModel(source, warnings), move };
}
