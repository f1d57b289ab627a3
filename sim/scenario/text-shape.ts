/**
 * The shape of scenario text before and around parsing: what is accepted as it is (a byte-order
 * mark at the start, lines ended by a carriage return alone), and what is refused with a plain
 * message instead of a parser's or the runtime's (nesting deeper than MAX_NESTING levels, a list
 * or mapping used as a key).
 *
 * This file does not parse; `load.ts` calls it before and after the parsers.
 */
import { type Document, isCollection, isPair, type LineCounter, visit } from 'yaml';

import type { Problem } from './problems.js';

/**
 * The deepest nesting of lists and mappings a scenario may have. A real scenario nests about six
 * levels (`network.latency.links[0].latency.dist`); deeper input is refused before it can exhaust
 * the parsers' stack.
 */
export const MAX_NESTING = 64;

/** The message for input nested deeper than MAX_NESTING levels. */
export const NESTING_MESSAGE = `the document is nested deeper than ${MAX_NESTING} levels of lists and mappings; a scenario needs fewer than 10`;

/**
 * The text with a byte-order mark at its start removed and every carriage return that is not
 * followed by a line feed (old Mac line endings) made a line feed. Both keep every offset and
 * line number except the first line's columns, so problems point where they did.
 */
export function normalizeText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r(?!\n)/g, '\n') : body;
}

/** Whether an error is the runtime's stack overflow (deep input in a recursive parser). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Whether plain data nests lists and mappings deeper than MAX_NESTING levels; iterative, so it
 * cannot overflow.
 */
export function nestedTooDeep(data: unknown): boolean {
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_NESTING) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value))
      stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Problems for every list or mapping used as a mapping key (`? [a, b] : 1`, `[a]: 1`). Keys of a
 * scenario are names, and turning such a key into a name is a guess that the YAML reader warns
 * about on stderr; they are refused here, before that conversion.
 */
export function collectionKeyProblems(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isCollection(pair.key)) return;
      const offset = pair.key.range?.[0];
      const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
      out.push({
        file,
        ...(line === undefined ? {} : { line }),
        path: '',
        message:
          'a list or mapping is used as a key; keys of a scenario are plain names such as "id" or "cluster"',
      });
    },
  });
  return out;
}
