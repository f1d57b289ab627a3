/**
 * Search: matching messages and marks by text or regular expression over their kind and data.
 *
 * It answers which items match, it does not draw or filter. A search term that is not a
 * valid regular expression is reported as an error, never thrown. Searches go through the
 * model's search index (search-index.ts, built in idle time or on the first search);
 * `scanMasks` is the same search without it, the reference the index is tested against.
 */
import type { Mark, Message, Model } from './model.js';
import { complete, safeJson, scanEach, scanPlain, searchIndex } from './search-index.js';

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
  return `${k.kind}\n${safeJson(k.data)}`;
}

/** What a search found: masks (1 = match) by message and mark index, and how many. */
export interface SearchResult {
  messages: Uint8Array;
  marks: Uint8Array;
  count: number;
  error?: string;
}

/**
 * The messages and marks a search matches, through the model's search index; null when the
 * search is empty. Plain text is one scan of the index's text for the term (it cannot cross a
 * line break, so each match lies in one kind or one JSON text); a regular expression is tested
 * on each entry's own text, as `scanMasks` does.
 */
export function searchMasks(model: Model, term: string, regex: boolean): SearchResult | null {
  // A plain term with a line break could span the kind and the data: the scan decides it.
  if (term === '' || (!regex && term.includes('\n'))) return scanMasks(model, term, regex);
  const matcher = compileSearch(term, regex);
  const nMsg = model.messages.length;
  const entries = new Uint8Array(nMsg + model.marks.length);
  if (matcher.error !== undefined) {
    return {
      messages: entries.subarray(0, nMsg),
      marks: entries.subarray(nMsg),
      count: 0,
      error: matcher.error,
    };
  }
  const idx = searchIndex(model);
  complete(model, idx);
  const count = regex
    ? scanEach(idx, matcher.test, entries)
    : scanPlain(idx, new RegExp(escapeRegExp(term), 'gi'), entries);
  return { messages: entries.subarray(0, nMsg), marks: entries.subarray(nMsg), count };
}

/**
 * The messages and marks a search matches by rendering and testing each one's text (no index);
 * null when the search is empty.
 */
export function scanMasks(
  model: Model,
  term: string,
  regex: boolean,
): SearchResult | null {
  if (term === '') return null;
  const matcher = compileSearch(term, regex);
  const messages = new Uint8Array(model.messages.length);
  const marks = new Uint8Array(model.marks.length);
  if (matcher.error !== undefined) return { messages, marks, count: 0, error: matcher.error };
  let count = 0;
  // Plain text cannot span the kind and the data: a kind that matches makes the data's JSON
  // unneeded, and kinds repeat, so each is tested once. A regular expression sees the whole text.
  const kindMatches = new Map<string, boolean>();
  const matches = (m: Message): boolean => {
    if (regex) return matcher.test(`${m.kind}\n${safeJson(m.data)}`);
    let k = kindMatches.get(m.kind);
    if (k === undefined) kindMatches.set(m.kind, (k = matcher.test(m.kind)));
    return k || (m.data !== undefined && matcher.test(safeJson(m.data)));
  };
  model.messages.forEach((m, i) => {
    if (matches(m)) {
      messages[i] = 1;
      count++;
    }
  });
  model.marks.forEach((k, i) => {
    if (matcher.test(markSearchText(k))) {
      marks[i] = 1;
      count++;
    }
  });
  return { messages, marks, count };
}
