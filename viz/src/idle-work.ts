/**
 * The work on a model done in idle time after its first frame, a slice per idle period (each
 * stops when the period's time is nearly spent, so no frame waits long). For a compact trace
 * read lazily: first what a search of its data lines needs (search-lines.ts), then its log
 * lines, where its text table's entries start and its data's JSON texts (trace-compact.ts), so
 * a search, and the match it selects, find them made; then its participants
 * (participants.ts; their data is parsed for that), so a click finds them. Then the search
 * index (search-index.ts), after which the JSON texts are let go. Where
 * the page has no idle callbacks nothing is done ahead: a click or a search does its own part.
 */
import { readerOf } from './lazy-items.js';
import type { Model } from './model.js';
import { resolverOf } from './participants.js';
import { advance, searchIndex } from './search-index.js';
import { prepareLineSearch } from './search-lines.js';

/** Milliseconds of an idle period left unused (the browser's own work then still fits). */
const SPARE_MS = 2;

/**
 * Makes the model's log lines (a compact trace's are made on first use, about 20 ms for the
 * large run's), so the first message shown with its log lines does not wait for them.
 */
function logLinesMade(model: Model): true {
  void model.logs.length;
  return true;
}

/** Starts the model's idle-time work. */
export function workInIdleTime(model: Model): void {
  const idx = searchIndex(model);
  if (typeof requestIdleCallback !== 'function') return;
  const work = (deadline: IdleDeadline): void => {
    const more = (): boolean => deadline.timeRemaining() > SPARE_MS;
    const reader = readerOf(model);
    const resolver = resolverOf(model);
    const ahead =
      idx.done ||
      (prepareLineSearch(model, more) &&
        logLinesMade(model) &&
        (reader === undefined || (reader.prepareTexts(more) && reader.prepareJson(more))) &&
        (resolver === undefined || resolver.advance(more)));
    if (ahead) while (!idx.done && more()) advance(model, idx);
    if (!idx.done) requestIdleCallback(work);
    else reader?.dropJson();
  };
  requestIdleCallback(work);
}
