/**
 * Search: matching messages and marks by text or regular expression over their kind and data.
 *
 * Pure; it answers which items match, it does not draw or filter. A search term that is not a
 * valid regular expression is reported as an error, never thrown.
 */
import type { Mark, Message, Model } from './model.js';

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
    re = new RegExp(regex ? term : term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  return { test: (s) => re.test(s) };
}

/** The text a search looks at for a mark. */
export function markSearchText(k: Mark): string {
  return `${k.kind}\n${safeJson(k.data)}`;
}

/** JSON of a value, never throwing (cycles and BigInts become a note). */
export function safeJson(v: unknown, indent?: number): string {
  if (v === undefined) return '';
  try {
    return JSON.stringify(v, null, indent) ?? '';
  } catch {
    return '(data that cannot be shown as JSON)';
  }
}

/** Masks (1 = match) of the messages and marks a search matches; null when the search is empty. */
export function searchMasks(
  model: Model,
  term: string,
  regex: boolean,
): { messages: Uint8Array; marks: Uint8Array; count: number; error?: string } | null {
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
