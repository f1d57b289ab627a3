/**
 * Line lookup: the line of the YAML (or JSON) node at a document path.
 *
 * A path that reaches a key of a mapping gives the line of that key; a path that reaches an item
 * of a list gives the line where the item starts; a path that runs out (a missing key) gives the
 * line of the deepest node that exists, which is the parent of the missing key. This file only
 * reads the document; it does not report problems.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
} from 'yaml';

import type { DocPath } from './problems.js';

/** The scalar value of a mapping key, as a string, or undefined for complex keys. */
export function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  if (k === null || typeof k !== 'object')
    return k === null || k === undefined ? undefined : String(k);
  return undefined;
}

/** The node that an alias points to, or the node itself. */
function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The offset where a node starts, when the node came from the source text. */
function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/**
 * The 1-based line of the node at `path`, or of its deepest existing ancestor.
 * Undefined when no node on the way came from the source text.
 */
export function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: DocPath,
): number | undefined {
  let node: unknown = resolve(doc, doc.contents);
  let offset = startOf(node);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p) === String(seg));
      if (pair === undefined) break;
      offset = startOf(pair.key) ?? startOf(pair.value) ?? offset;
      node = resolve(doc, pair.value);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      offset = startOf(item) ?? offset;
      node = resolve(doc, item);
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
