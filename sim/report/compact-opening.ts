/**
 * The opening section of the compact encoding (version 4, compact-trace.ts): the events of the
 * move a large run opens on (sim/engine/trace-opening.ts's rule), every delivery or drop of a
 * message it sent, and the cause marks (crashes, restarts, faults), with the trace's header
 * (without `meta.rerun`, the scenario a what-if runs again, which the page reads with the whole
 * run), name table and time span, written before the main section so that a page can draw its
 * opening view from a few hundred kilobytes before it reads the rest. Its columns are laid
 * out as the main section's and refer to the same name table; it carries no text or data (its
 * `hd` column is all 0, a log's line reference 0), which the page reads with the whole run.
 *
 * It is written only when the opening view is sure to be the one the whole run's model opens
 * on: no violations (one can make another move the one to open on), no state events and events
 * in seq order (the page's whole model needs the text and data first then), and a run of at
 * least `minEvents` events (below it the page builds the whole model at once in well under a
 * second).
 */
import { isCauseKind, openingMove, openingOutcome } from '../engine/trace-opening.js';
import { type Column, sectionParts } from './compact-section.js';

/** How the encoder writes an opening section. */
export interface OpeningOptions {
  /** Runs with fewer events get none (default OPENING_MIN_EVENTS: 200,000 events). */
  minEvents?: number;
}

/** Runs with fewer events than this get no opening section. */
export const OPENING_MIN_EVENTS = 200_000;

/** The `ty` codes (compact-trace.ts's TYPE_CODES order) read here. */
const TY = { send: 0, local: 3, log: 4, state: 5, violation: 6 } as const;

/** What the encoder gives this file: its columns, its name table and its head's fields. */
export interface EncodedColumns {
  n: number;
  col: (name: string) => Column;
  names: readonly string[];
  /** The main section's head without the header, events and columns (format, version, ...). */
  head: Record<string, unknown>;
  columnNames: readonly string[];
}

/** Whether the run can have an opening section: no violations, no state events, seq order. */
function eligible(e: EncodedColumns, header: Record<string, unknown>): boolean {
  if (Array.isArray(header.violations) && header.violations.length > 0) return false;
  const ty = e.col('ty');
  const seq = e.col('seq');
  for (let i = 0; i < e.n; i++) {
    const type = ty.get(i);
    if (type === TY.violation || type === TY.state || seq.get(i) < 0) return false;
  }
  return true;
}

/** The move to open on and its index in the name table (1-based), if it has events. */
function openingIndex(
  e: EncodedColumns,
  header: Record<string, unknown>,
): { move: string; index: number } | undefined {
  const outcomes = Array.isArray(header.outcomes) ? header.outcomes : [];
  const move = openingMove(outcomes.flatMap((o) => openingOutcome(o) ?? []));
  if (move === undefined) return undefined;
  const index = e.names.indexOf(move) + 1;
  return index > 0 ? { move, index } : undefined;
}

/**
 * Which events the opening keeps (1): the move's, every delivery or drop of a message it sent,
 * and the cause marks; and the run's time span (events' times and sends' delivery times).
 */
function keepMask(e: EncodedColumns, moveIndex: number): { keep: Uint8Array; span: number[] } {
  const [ty, tD, msgD, mv, k, x] = ['ty', 't', 'msg', 'mv', 'k', 'x'].map((c) => e.col(c));
  const keep = new Uint8Array(e.n);
  const cause = new Map<number, boolean>();
  const isCause = (kind: number): boolean => {
    let v = cause.get(kind);
    if (v === undefined) cause.set(kind, (v = isCauseKind(e.names[kind - 1] ?? '')));
    return v;
  };
  const sent = new Set<number>();
  let t = 0;
  let msg = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = 0; i < e.n; i++) {
    t += tD!.get(i);
    msg += msgD!.get(i);
    const type = ty!.get(i);
    t0 = Math.min(t0, t);
    t1 = Math.max(t1, type === TY.send ? t + x!.get(i) : t);
    if (mv!.get(i) === moveIndex) {
      keep[i] = 1;
      if (type === TY.send) sent.add(msg);
    } else if (type === TY.local && mv!.get(i) === 0 && isCause(k!.get(i))) keep[i] = 1;
    else if (type < TY.local && type !== TY.send && sent.has(msg)) keep[i] = 1;
  }
  return { keep, span: e.n === 0 ? [0, 0] : [t0, t1] };
}

/** The kept events' columns: differences taken again between kept events; no text or data. */
function keptColumns(
  e: EncodedColumns,
  keep: Uint8Array,
  make: () => Column,
): { columns: Column[]; m: number } {
  const out = e.columnNames.map(() => make());
  const src = e.columnNames.map((c) => e.col(c));
  const delta = new Set(['seq', 't', 'msg']);
  const abs = e.columnNames.map(() => 0);
  const prev = e.columnNames.map(() => 0);
  const ty = e.col('ty');
  let m = 0;
  for (let i = 0; i < e.n; i++) {
    e.columnNames.forEach((c, j) => {
      if (delta.has(c)) abs[j]! += src[j]!.get(i);
    });
    if (keep[i] !== 1) continue;
    m++;
    e.columnNames.forEach((c, j) => {
      let v = src[j]!.get(i);
      if (delta.has(c)) {
        v = abs[j]! - prev[j]!;
        prev[j] = abs[j]!;
      } else if (c === 'hd' || (c === 'x' && ty.get(i) === TY.log)) v = 0;
      out[j]!.push(v);
    });
  }
  return { columns: out, m };
}

/** The header the opening section carries: the trace's, without `meta.rerun`. */
function openingHeader(header: Record<string, unknown>): Record<string, unknown> {
  const meta = header.meta;
  if (typeof meta !== 'object' || meta === null || !('rerun' in meta)) return header;
  const { rerun: _rerun, ...rest } = meta as Record<string, unknown>;
  return { ...header, meta: rest };
}

/**
 * The opening section of an encoded run (see the file's opening), a part at a time, or
 * undefined when the run gets none. `make` makes an empty column (compact-section.ts's Column).
 */
export function openingSection(
  e: EncodedColumns,
  header: Record<string, unknown>,
  make: () => Column,
  options: OpeningOptions = {},
): Buffer[] | undefined {
  if (e.n < (options.minEvents ?? OPENING_MIN_EVENTS) || !eligible(e, header)) return undefined;
  const open = openingIndex(e, header);
  if (open === undefined) return undefined;
  const { keep, span } = keepMask(e, open.index);
  const { columns, m } = keptColumns(e, keep, make);
  const head = {
    ...e.head,
    opening: { move: open.move, span },
    header: openingHeader(header),
    events: m,
    columns: e.columnNames.map((c, j) => [c, columns[j]!.width()]),
    texts: 0,
    chunks: [],
  };
  return [...sectionParts(head, e.names, columns)];
}
