/**
 * The work on a model done in idle time after its first frame, a slice per idle period (each
 * stops when the period's time is nearly spent, so no frame waits long): first a compact
 * trace's participants (participants.ts; their data is read for that), so a click finds them,
 * then the search index (search-index.ts), so a search finds it. Where the page has no idle
 * callbacks nothing is done ahead: a click or a search then does its own part.
 */
import type { Model } from './model.js';
import { resolverOf } from './participants.js';
import { advance, searchIndex } from './search-index.js';

/** Milliseconds of an idle period left unused (the browser's own work then still fits). */
const SPARE_MS = 2;

/** Starts the model's idle-time work. */
export function workInIdleTime(model: Model): void {
  const idx = searchIndex(model);
  if (typeof requestIdleCallback !== 'function') return;
  const work = (deadline: IdleDeadline): void => {
    const more = (): boolean => deadline.timeRemaining() > SPARE_MS;
    const resolver = resolverOf(model);
    if (resolver !== undefined && !resolver.advance(more)) {
      requestIdleCallback(work);
      return;
    }
    while (!idx.done && more()) advance(model, idx);
    if (!idx.done) requestIdleCallback(work);
  };
  requestIdleCallback(work);
}
