/**
 * `--set` overrides: `path=value` edits applied to a scenario document before it is validated,
 * such as `cluster.loadBalancing.policy=least-loaded` or `participants.0.canMove=false`.
 *
 * The path is dot-separated; a number selects an item of a list, which must exist. Missing keys of
 * mappings are created. The value is read as YAML, so `false`, `12`, `2s`, `[a, b]` and
 * `{ dist: constant, ms: 3 }` all work. This file edits the document and reports malformed
 * overrides; it does not validate the result.
 */
import { isCollection, isMap, isScalar, isSeq, parse, type Document } from 'yaml';
import type { DocPath, Finding } from './problems.js';
import { UNSAFE_KEYS } from './unsafe-keys.js';
import { keyText } from './yaml-lines.js';

/** What applying overrides did. */
export interface OverrideResult {
  /** Malformed or impossible overrides. */
  findings: Finding[];
  /** The document paths whose values came from overrides (their lines are not from the file), with the override. */
  overridden: { path: DocPath; text: string }[];
}

const SEGMENT = /^[A-Za-z0-9_$-]+$/;
const EXAMPLE = 'write PATH=VALUE, such as cluster.loadBalancing.policy=least-loaded or participants.0.canMove=false';

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
    if (seg === '') return { ok: false, message: `the path "${pathText}" has an empty part; ${EXAMPLE}` };
    if (!SEGMENT.test(seg)) {
      return { ok: false, message: `the path part "${seg}" is not a key or a list index; ${EXAMPLE}` };
    }
    if (UNSAFE_KEYS.has(seg)) return { ok: false, message: `the key "${seg}" is not allowed anywhere in a scenario` };
  }
  try {
    return { ok: true, segments, value: parse(text.slice(eq + 1)) };
  } catch (e) {
    const first = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    const reason = first.replace(/\s*at line \d+, column \d+:?\s*$/, '');
    return { ok: false, message: `the value is not valid YAML (${reason}); quote strings that contain ":" or "#"` };
  }
}

/** Describes a node's type for messages. */
function kindOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v = (node as { value?: unknown } | null)?.value ?? node;
  return v === null || v === undefined ? 'empty' : `a ${typeof v}`;
}

/** Applies overrides to the document in order; the document is edited in place. */
export function applyOverrides(doc: Document, sets: readonly string[]): OverrideResult {
  const findings: Finding[] = [];
  const overridden: { path: DocPath; text: string }[] = [];
  sets.forEach((text) => {
    const fail = (message: string, path: DocPath = []): void => {
      findings.push({ path, message: `--set "${text}": ${message}`, noLine: true });
    };
    const parsed = parseOverride(text);
    if (!parsed.ok) return fail(parsed.message);
    const { segments, value } = parsed;
    if (doc.contents === null || !isCollection(doc.contents)) {
      if (doc.contents !== null) return fail(`the document is ${kindOf(doc.contents)}, not a mapping`);
      doc.contents = doc.createNode({});
    }
    let node: unknown = doc.contents;
    const docPath: (string | number)[] = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] ?? '';
      const last = i === segments.length - 1;
      const where = docPath.length === 0 ? 'the document' : `"${segments.slice(0, i).join('.')}"`;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p) === seg);
        docPath.push(seg);
        if (last) {
          if (pair === undefined) node.add(doc.createPair(seg, value));
          else pair.value = doc.createNode(value);
        } else if (pair === undefined || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
          const child = doc.createNode({});
          if (pair === undefined) node.add(doc.createPair(seg, child));
          else pair.value = child;
          node = child;
        } else {
          node = pair.value;
        }
      } else if (isSeq(node)) {
        if (!/^\d+$/.test(seg)) {
          return fail(`${where} is a list, so "${seg}" must be an item index (0, 1, …)`);
        }
        const index = Number(seg);
        if (index >= node.items.length) {
          const n = node.items.length;
          return fail(`${where} has ${n} item${n === 1 ? '' : 's'}, so index ${index} does not exist`);
        }
        docPath.push(index);
        if (last) node.items[index] = doc.createNode(value);
        else node = node.items[index];
      } else {
        return fail(`${where} is ${kindOf(node)}, so it has no "${seg}"`);
      }
    }
    overridden.push({ path: docPath, text });
  });
  return { findings, overridden };
}
