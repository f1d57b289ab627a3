/**
 * Search: matching messages and marks by text or regular expression over their kind and data.
 *
 * It answers which items match, it does not draw or filter. A search term that is not a
 * valid regular expression is reported as an error, never thrown. Searches go through the
 * model's search index (search-index.ts, built in idle time or on the first search), and what
 * it does not hold yet through a compact trace's data lines (search-lines.ts, plain text) or
 * item by item; `scanMasks` is the same search without either, the reference they are tested
 * against.
 */
import type { Mark, Message, Model } from './model.js';
import { dataText, scanEach, scanPlain, searchIndex } from './search-index.js';
import { searchLines } from './search-lines.js';

/** A compiled search, or an error to show. */
export type Matcher =
  { test: (s: string) => boolean; error?: undefined } | { test?: undefined; error: string };

/**
 * Compiles a search term: plain text matches case-insensitively (as a regular expression of
 * the escaped text, so no lower-cased copy of each text is made), regex mode uses RegExp.
 */
export function compileSearch(term: string, regex: boolean): Matcher {
  let re: RegExp;
  try {
    re = new RegExp(regex ? term : escapeRegExp(term), 'i');
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  return { test: (s) => re.test(s) };
}

/** Text as a regular expression that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text a search looks at for a mark. */
export function markSearchText(k: Mark): string {
  return `${k.kind}\n${dataText(k)}`;
}

/** What a search found: masks (1 = match) by message and mark index, and how many. */
export interface SearchResult {
  messages: Uint8Array;
  marks: Uint8Array;
  count: number;
  error?: string;
}

/**
 * The messages and marks a search matches, through the model's search index as far as it is
 * built (the rest is scanned, as `scanMasks` does); null when the search is empty. Plain text
 * is one scan of the index's text for the term (it cannot cross a line break, so each match
 * lies in one kind or one JSON text); a regular expression is tested on each entry's own text.
 */
export function searchMasks(model: Model, term: string, regex: boolean): SearchResult | null {
  // A plain term with a line break could span the kind and the data: the scan decides it.
  if (term === '' || (!regex && term.includes('\n'))) return scanMasks(model, term, regex);
  const matcher = compileSearch(term, regex);
  const entries = new Uint8Array(model.messages.length + model.marks.length);
  if (matcher.error !== undefined) return result(model, entries, 0, matcher.error);
  const idx = searchIndex(model);
  const global = new RegExp(escapeRegExp(term), 'gi');
  let count = regex ? scanEach(idx, matcher.test, entries) : scanPlain(idx, global, entries);
  // The rest: a compact trace's data lines scanned whole for a plain term, else item by item.
  const fromLines = regex
    ? undefined
    : searchLines(model, global, matcher.test, idx.built, entries);
  count += fromLines ?? scanFrom(model, matcher.test, regex, idx.built, entries);
  return result(model, entries, count);
}

/**
 * The messages and marks a search matches by rendering and testing each one's text (no index);
 * null when the search is empty.
 */
export function scanMasks(model: Model, term: string, regex: boolean): SearchResult | null {
  if (term === '') return null;
  const matcher = compileSearch(term, regex);
  const entries = new Uint8Array(model.messages.length + model.marks.length);
  if (matcher.error !== undefined) return result(model, entries, 0, matcher.error);
  return result(model, entries, scanFrom(model, matcher.test, regex, 0, entries));
}

/** Masks by message and mark from one array of entries (messages, then marks). */
function result(model: Model, entries: Uint8Array, count: number, error?: string): SearchResult {
  const n = model.messages.length;
  const r: SearchResult = { messages: entries.subarray(0, n), marks: entries.subarray(n), count };
  if (error !== undefined) r.error = error;
  return r;
}

/**
 * Marks (1) the entries from `from` on (messages, then marks) whose text a search matches, by
 * rendering each one's text; returns how many.
 */
function scanFrom(
  model: Model,
  test: (s: string) => boolean,
  regex: boolean,
  from: number,
  entries: Uint8Array,
): number {
  let count = 0;
  // Plain text cannot span the kind and the data: a kind that matches makes the data's JSON
  // unneeded, and kinds repeat, so each is tested once. A regular expression sees the whole text.
  const kindMatches = new Map<string, boolean>();
  const matches = (m: Message): boolean => {
    if (regex) return test(`${m.kind}\n${dataText(m)}`);
    let k = kindMatches.get(m.kind);
    if (k === undefined) kindMatches.set(m.kind, (k = test(m.kind)));
    if (k) return true;
    // Data's JSON text is '' only without data (JSON.stringify never gives '' for a value).
    const json = dataText(m);
    return json !== '' && test(json);
  };
  const n = model.messages.length;
  for (let i = from; i < n; i++) {
    if (matches(model.messages[i] as Message)) {
      entries[i] = 1;
      count++;
    }
  }
  for (let i = Math.max(0, from - n); i < model.marks.length; i++) {
    if (test(markSearchText(model.marks[i] as Mark))) {
      entries[n + i] = 1;
      count++;
    }
  }
  return count;
}
