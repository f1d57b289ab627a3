/**
 * Comparing two runs side by side: a common time span for both views so their time axes line
 * up, zoom/pan of one applied to the other (by time, so compact panes line up by matching
 * events rather than by row number), the first event where the runs diverge, and the moves
 * whose outcomes differ. Pure helpers plus the sync rule; the views are made by the app.
 */
import type { ZoomTransform } from 'd3';

import type { Item, Model } from './model.js';
import type { View } from './view.js';

/** The time span that covers every model, so equal times sit at equal heights. */
export function commonSpan(models: readonly Model[]): [number, number] | undefined {
  if (models.length < 2) return undefined;
  return [Math.min(...models.map((m) => m.t0)), Math.max(...models.map((m) => m.t1))];
}

/**
 * Applies one view's zoom to all the others. On the true time axis they share the transform;
 * in compact and nonlinear modes (where positions differ per run) they show the same span of
 * time, so the same events face each other.
 */
export function syncZoom(views: readonly View[], source: View, t: ZoomTransform): void {
  const f = source.last?.frame;
  for (const v of views) {
    if (v === source) continue;
    if (source.scene.mode === 'time' || !f) v.setTransform(t);
    else v.syncToTimes(source.scene.pToTime(f.lo), source.scene.pToTime(f.hi));
  }
}

/** What an event is, leaving out when: its type, and kind and nodes (or the invariant). */
function eventKey(m: Model, it: Item): string {
  if (it.type === 'local') {
    const k = m.marks[it.ref];
    return `local ${k?.kind} ${k?.node}`;
  }
  if (it.type === 'violation') return `violation ${m.violations[it.ref]?.invariant}`;
  const x = m.messages[it.ref];
  return `${it.type} ${x?.kind} ${x?.from} ${x?.to}`;
}

/**
 * The first event (in each run's order) where the two runs do something different, or null
 * when one run's events are the start of the other's.
 */
export function firstDivergence(a: Model, b: Model): { seqA: number; seqB: number } | null {
  const n = Math.min(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i] as Item;
    const y = b.items[i] as Item;
    if (eventKey(a, x) !== eventKey(b, y)) return { seqA: x.seq, seqB: y.seq };
  }
  const longer = a.items.length > b.items.length ? a : b;
  const extra = longer.items[n];
  if (!extra) return null;
  return longer === a ? { seqA: extra.seq, seqB: -1 } : { seqA: -1, seqB: extra.seq };
}

/** The other run's result of each move whose result differs (or that it lacks). */
export function outcomeDiffs(a: Model, b: Model): Map<string, string> {
  const other = new Map(b.outcomes.map((o) => [o.move, o.result]));
  const out = new Map<string, string>();
  for (const o of a.outcomes) {
    const r = other.get(o.move) ?? 'absent';
    if (r !== o.result) out.set(o.move, r);
  }
  return out;
}
