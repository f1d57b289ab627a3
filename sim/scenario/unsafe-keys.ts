/**
 * Refusal of the keys `__proto__`, `constructor` and `prototype` anywhere in a scenario document.
 *
 * Such keys can change the prototype of the objects a document becomes, so they are reported and
 * removed from the document before it is turned into plain data. This file does not validate
 * anything else.
 */
import { type Document, isMap, isSeq, type LineCounter } from 'yaml';

import type { DocPath, Finding } from './problems.js';
import { keyText } from './yaml-lines.js';

/** The keys refused anywhere in a scenario. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The message for an unsafe key. */
export function unsafeKeyMessage(key: string): string {
  return `the key "${key}" is not allowed anywhere in a scenario (it could alter object prototypes); remove it`;
}

/** Reports every unsafe key in the document, with its line, and removes it from the document. */
export function removeUnsafeKeys(doc: Document, lineCounter: LineCounter): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: unknown, path: DocPath): void => {
    if (isMap(node)) {
      node.items = node.items.filter((pair) => {
        const key = keyText(pair);
        if (key !== undefined && UNSAFE_KEYS.has(key)) {
          const start = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
          findings.push({
            path: [...path, key],
            message: unsafeKeyMessage(key),
            ...(start === undefined ? { noLine: true } : { line: lineCounter.linePos(start).line }),
          });
          return false;
        }
        visit(pair.value, [...path, key ?? '?']);
        return true;
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    }
  };
  visit(doc.contents, []);
  return findings;
}
