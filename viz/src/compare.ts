/**
 * Comparing two runs side by side: a common time span for both views so their time axes line
 * up, and zoom/pan of one applied to the other. Pure helpers plus the sync rule; the views
 * themselves are made by the app.
 */
import type { ZoomTransform } from 'd3';

import type { Model } from './model.js';
import type { View } from './view.js';

/** The time span that covers every model, so equal times sit at equal heights. */
export function commonSpan(models: readonly Model[]): [number, number] | undefined {
  if (models.length < 2) return undefined;
  return [Math.min(...models.map((m) => m.t0)), Math.max(...models.map((m) => m.t1))];
}

/** Applies one view's zoom to all the others (they share the time axis). */
export function syncZoom(views: readonly View[], source: View, t: ZoomTransform): void {
  for (const v of views) {
    if (v !== source) v.setTransform(t);
  }
}
