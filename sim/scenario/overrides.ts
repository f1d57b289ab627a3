/**
 * `--set` overrides: `path=value` edits applied to a scenario document before it is validated,
 * such as `cluster.loadBalancing.policy=least-loaded` or `participants.0.canMove=false`.
 *
 * The path is dot-separated; a number selects an item of a list, which must exist. Missing keys of
 * mappings are created. The value is read as YAML, so `false`, `12`, `2s`, `[a, b]` and
 * `{ dist: constant, ms: 3 }` all work. This file edits the document and reports malformed
 * overrides; it does not validate the result.
 */
import {
  type Document,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parse,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

import type { DocPath, Finding } from './problems.js';
import { UNSAFE_KEYS } from './unsafe-keys.js';
import { keyText } from './yaml-lines.js';

/** What applying overrides did. */
export interface OverrideResult {
  /** Malformed or impossible overrides. */
  findings: Finding[];
  /**
   * The document paths whose values came from overrides (their lines are not from the file), with
   * the override.
   */
  overridden: { path: DocPath; text: string }[];
}

const SEGMENT = /^[A-Za-z0-9_$-]+$/;
const EXAMPLE =
  'write PATH=VALUE, such as cluster.loadBalancing.policy=least-loaded or participants.0.canMove=false';

/** A parsed override, or the reason it cannot be read. */
type Parsed = { ok: true; segments: string[]; value: unknown } | { ok: false; message: string };

/** Reads one `path=value` override. */
export function parseOverride(text: string): Parsed {
  const eq = text.indexOf('=');
  if (eq < 0) return { ok: false, message: `no "=" found; ${EXAMPLE}` };
  const pathText = text.slice(0, eq).trim();
  if (pathText === '') return { ok: false, message: `the path before "=" is empty; ${EXAMPLE}` };
  const segments = pathText.split('.');
  for (const seg of segments) {
    if (seg === '')
      return { ok: false, message: `the path "${pathText}" has an empty part; ${EXAMPLE}` };
    if (!SEGMENT.test(seg)) {
      return {
        ok: false,
        message: `the path part "${seg}" is not a key or a list index; ${EXAMPLE}`,
      };
    }
    if (UNSAFE_KEYS.has(seg))
      return { ok: false, message: `the key "${seg}" is not allowed anywhere in a scenario` };
  }
  try {
    return { ok: true, segments, value: parse(text.slice(eq + 1)) };
  } catch (e) {
    const first = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    const reason = first.replace(/\s*at line \d+, column \d+:?\s*$/, '');
    return {
      ok: false,
      message: `the value is not valid YAML (${reason}); quote strings that contain ":" or "#"`,
    };
  }
}

/** Describes a node's type for messages. */
function kindOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v = (node as { value?: unknown } | null)?.value ?? node;
  return v === null || v === undefined ? 'empty' : `a ${typeof v}`;
}

/**
 * The two trees an override is applied to, seen alike: the `yaml` document of the full path and
 * the plain data of the fast path. `setAtPath` walks either through this.
 */
export interface OverrideTree<N> {
  /** What a node is: a mapping, a list, or anything else (a scalar, or empty). */
  shape(node: N): 'mapping' | 'list' | 'other';
  /** The value at a mapping's key; undefined when the key is missing, null when it is empty. */
  child(node: N, key: string): N | null | undefined;
  /** Sets a mapping's key (adding it if missing); returns the node now there. */
  put(node: N, key: string, value: unknown): N;
  /** The item count of a list. */
  size(node: N): number;
  /** The item of a list. */
  item(node: N, index: number): N;
  /** Sets a list's item; returns the node now there. */
  putItem(node: N, index: number, value: unknown): N;
  /** Describes a node for messages: "a mapping", "a string", "empty". */
  describe(node: N): string;
}

/**
 * Sets `value` at `segments` under `root`, the one semantics of `--set`: in a mapping, a missing
 * or empty key on the way is created as a mapping; in a list, a segment must be the index of an
 * existing item. Returns the path it set, or what made it impossible.
 */
export function setAtPath<N>(
  tree: OverrideTree<N>,
  root: N,
  segments: readonly string[],
  value: unknown,
): { ok: true; path: DocPath } | { ok: false; message: string } {
  let node = root;
  const path: (string | number)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const last = i === segments.length - 1;
    const where = path.length === 0 ? 'the document' : `"${segments.slice(0, i).join('.')}"`;
    const shape = tree.shape(node);
    if (shape === 'mapping') {
      path.push(seg);
      const child = tree.child(node, seg);
      if (last) tree.put(node, seg, value);
      else node = child === undefined || child === null ? tree.put(node, seg, {}) : child;
    } else if (shape === 'list') {
      if (!/^\d+$/.test(seg))
        return {
          ok: false,
          message: `${where} is a list, so "${seg}" must be an item index (0, 1, …)`,
        };
      const index = Number(seg);
      const n = tree.size(node);
      if (index >= n)
        return {
          ok: false,
          message: `${where} has ${n} item${n === 1 ? '' : 's'}, so index ${index} does not exist`,
        };
      path.push(index);
      if (last) tree.putItem(node, index, value);
      else node = tree.item(node, index);
    } else {
      return { ok: false, message: `${where} is ${tree.describe(node)}, so it has no "${seg}"` };
    }
  }
  return { ok: true, path };
}

/** A `yaml` document's nodes as an override tree. */
function documentTree(doc: Document): OverrideTree<unknown> {
  const isEmpty = (v: unknown): boolean => v === null || (isScalar(v) && v.value === null);
  return {
    shape: (n) => (isMap(n) ? 'mapping' : isSeq(n) ? 'list' : 'other'),
    child(n, key) {
      const pair = (n as YAMLMap).items.find((p) => keyText(p) === key);
      if (pair === undefined) return undefined;
      return isEmpty(pair.value) ? null : pair.value;
    },
    put(n, key, value) {
      const map = n as YAMLMap;
      const created = doc.createNode(value);
      const pair = map.items.find((p) => keyText(p) === key);
      if (pair === undefined) map.add(doc.createPair(key, created));
      else pair.value = created;
      return created;
    },
    size: (n) => (n as YAMLSeq).items.length,
    item: (n, index) => (n as YAMLSeq).items[index],
    putItem(n, index, value) {
      const created = doc.createNode(value);
      (n as YAMLSeq).items[index] = created;
      return created;
    },
    describe: kindOf,
  };
}

/** Plain data (what the fast path reads) as an override tree. */
export const plainTree: OverrideTree<unknown> = {
  shape: (n) =>
    Array.isArray(n) ? 'list' : typeof n === 'object' && n !== null ? 'mapping' : 'other',
  child: (n, key) =>
    Object.hasOwn(n as object, key) ? (n as Record<string, unknown>)[key] : undefined,
  put(n, key, value) {
    (n as Record<string, unknown>)[key] = value;
    return value;
  },
  size: (n) => (n as unknown[]).length,
  item: (n, index) => (n as unknown[])[index],
  putItem(n, index, value) {
    (n as unknown[])[index] = value;
    return value;
  },
  describe: (n) => (n === null || n === undefined ? 'empty' : `a ${typeof n}`),
};

/** Applies overrides to the document in order; the document is edited in place. */
export function applyOverrides(doc: Document, sets: readonly string[]): OverrideResult {
  const findings: Finding[] = [];
  const overridden: { path: DocPath; text: string }[] = [];
  const tree = documentTree(doc);
  for (const text of sets) {
    const fail = (message: string): void => {
      findings.push({ path: [], message: `--set "${text}": ${message}`, noLine: true });
    };
    const parsed = parseOverride(text);
    if (!parsed.ok) {
      fail(parsed.message);
      continue;
    }
    if (doc.contents === null || !isCollection(doc.contents)) {
      if (doc.contents !== null) {
        fail(`the document is ${kindOf(doc.contents)}, not a mapping`);
        continue;
      }
      doc.contents = doc.createNode({});
    }
    const set = setAtPath(tree, doc.contents, parsed.segments, parsed.value);
    if (set.ok) overridden.push({ path: set.path, text });
    else fail(set.message);
  }
  return { findings, overridden };
}
