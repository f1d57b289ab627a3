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

/**
 * Short names of two compared runs by what tells them apart: the scenario, the seed and the
 * `--set` overrides one has and the other has not (`seed 2`, `set faults.x=1`, `without
 * faults.x=1`). Runs that differ in none of these keep their given names.
 */
export function runNames(
  a: { model: Model; name: string },
  b: { model: Model; name: string },
): [string, string] {
  const parts = (x: Model, y: Model): string[] => {
    const out: string[] = [];
    if (x.scenario !== y.scenario) out.push(x.scenario || '(no scenario)');
    if (x.seed !== y.seed) out.push(`seed ${x.seed}`);
    const own = x.sets.filter((s) => !y.sets.includes(s));
    const theirs = y.sets.filter((s) => !x.sets.includes(s));
    if (own.length > 0) out.push(`set ${own.join(', ')}`);
    else if (theirs.length > 0) out.push(`without ${theirs.join(', ')}`);
    return out;
  };
  const pa = parts(a.model, b.model);
  const pb = parts(b.model, a.model);
  if (pa.length === 0 && pb.length === 0) {
    const same = a.name === b.name;
    return [same ? `${a.name} (A)` : a.name, same ? `${b.name} (B)` : b.name];
  }
  return [pa.join('; ') || 'defaults', pb.join('; ') || 'defaults'];
}

/** A pane's title: scenario, seed and every `--set` of its run. */
export function runTitle(model: Model, name: string): string {
  const sets = model.sets.length > 0 ? `, set ${model.sets.join(', ')}` : '';
  return `${model.scenario || name}, seed ${model.seed}${sets}`;
}
