/**
 * The fast path of loading: reads scenario text with js-yaml, which is many times faster than the
 * `yaml` Document that the full path in `load.ts` builds to know the line of every node, and
 * gives the plain data the full path would give, or says that the full path must be taken.
 *
 * It gives data only where it is certain that the full path (`parseDocument`, `--set`, removing
 * prototype keys, `toJS`) gives the same data. Wherever the two readers could differ, a rule
 * below answers "full path"; the rules are conservative, since the full path is always right and
 * only slower. This file does not validate, report problems or find lines: when anything is
 * wrong, the full path finds it and says where. It never throws.
 */
import { FAILSAFE_SCHEMA, load as readYaml, Type } from 'js-yaml';
import { Document, isScalar, type ScalarTag } from 'yaml';

import { parseOverride, plainTree, setAtPath } from './overrides.js';
import { UNSAFE_KEYS } from './unsafe-keys.js';

/** What the fast path found: the plain data, or why the full path must be taken. */
export type FastParse = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

/** An answer of "full path", with the rule that gave it. */
const fullPath = (reason: string): FastParse => ({ ok: false, reason });

/**
 * The scalar tags of the `yaml` core schema that a plain scalar is tested against, in the order
 * the full path tests them (null, bool, the ints, the floats). Taken from `yaml` itself, so the
 * fast path resolves `0x1F`, `+.5`, `1_000` or `Null` exactly as the full path does; js-yaml's
 * own CORE_SCHEMA differs on such scalars.
 */
const CORE_SCALAR_TAGS: readonly ScalarTag[] = new Document().schema.tags.filter(
  (tag): tag is ScalarTag => tag.default === true && tag.test instanceof RegExp,
);

/**
 * The tests of the core tags, as `yaml` 2 writes them; the first-character filter below is made for
 * these.
 */
const KNOWN_CORE_TESTS = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
].map((test) => test.source);

/**
 * What a plain scalar must look like for any core test to match: empty, or starting with one of
 * `~ n N t T f F + - .` or a digit. Most scalars of a scenario (ids, names, durations such as
 * `5s`) fail it at once. Should `yaml` ever change its core tests, every scalar is tested.
 */
const MAY_BE_CORE =
  CORE_SCALAR_TAGS.map((tag) => tag.test?.source).join('\n') === KNOWN_CORE_TESTS.join('\n')
    ? /^(?:[-+.~0-9nNtTfF]|$)/
    : /(?:)/;

/** The core tag that resolves a plain scalar, as the full path chooses it; none for a string. */
const coreTagOf = (text: string): ScalarTag | undefined =>
  MAY_BE_CORE.test(text)
    ? CORE_SCALAR_TAGS.find((tag) => tag.test?.test(text) === true)
    : undefined;

/** Resolves a plain scalar with its core tag; an error of the tag goes to the full path. */
function resolvePlain(text: string): unknown {
  const tag = coreTagOf(text);
  if (tag === undefined) return text;
  const value = tag.resolve(
    text,
    (message) => {
      throw new Error(message);
    },
    { intAsBigInt: false },
  );
  return isScalar(value) ? value.value : value;
}

/**
 * The js-yaml schema of the fast path: strings, lists and mappings, and plain scalars resolved by
 * the `yaml` core schema's own tests. It has no merge key (`<<`), as the full path has none.
 */
const FAST_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:movesim,2025:core-plain-scalar', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && coreTagOf(data) !== undefined,
      construct: (data: string) => resolvePlain(data),
    }),
  ],
});

/**
 * Characters that readers treat differently: a byte order mark, YAML 1.1 line breaks, a lone
 * carriage return.
 */
const ODD_CHARACTERS = /[\uFEFF\u0085\u2028\u2029]|\r(?!\n)/;

/** A line that is only a comment; it can hold no anchor, alias, tag or key. */
const COMMENT_LINE = /^[ \t]*#/;

/**
 * The longest line read on the fast path. The full path refuses an implicit key whose ":" comes
 * more than 1024 characters after its start, which js-yaml allows; implicit keys are on one line.
 */
const MAX_LINE = 1000;

/**
 * The text rules for YAML: each names something where js-yaml and the full path could differ,
 * tested on every line that is not only a comment.
 */
const LINE_RULES: readonly { test: RegExp; reason: string }[] = [
  // A directive such as `%YAML 1.1` changes the full path's schema; js-yaml ignores the version.
  { test: /^%/, reason: 'a directive' },
  // js-yaml shares an aliased object where the full path copies it and counts aliases; a tag may
  // make a value that js-yaml and the full path build differently.
  { test: /[&*!]/, reason: 'an anchor, alias or tag indicator' },
  // An explicit key (`? key`) or a value without a key (`: value`) may make a key that is null or
  // a collection, which the two readers turn into different strings.
  { test: /(^|[ \t{[,])\?|^[ \t]*:([ \t]|$)/, reason: 'an explicit key or value indicator' },
  // A list or mapping used as a key (`[a, b]: c`), which the two readers turn into different
  // strings.
  { test: /[\]}][ \t]*:/, reason: 'a list or mapping used as a key' },
  // A block scalar (`|` or `>`): the full path refuses some leading empty lines that js-yaml
  // allows.
  { test: /(^[ \t]*|[:?-][ \t]+)[|>]/, reason: 'a block scalar' },
  // A list item with nothing after it on its line (`-` or `- -` at the end): js-yaml may take a
  // less indented item that follows into the same list.
  { test: /(^|[ \t])-[ \t]*(#.*)?$/, reason: 'an empty list item' },
  // A comment right after a bracket, brace, quote or comma (`{ a: 1 }# note`): the full path
  // requires white space before it, js-yaml does not.
  { test: /[\]}[{"',]#/, reason: 'a comment without white space before it' },
];

/** The first text rule the YAML text breaks, or undefined when it breaks none. */
function yamlTextRefusal(text: string): string | undefined {
  if (ODD_CHARACTERS.test(text))
    return 'a byte order mark, a lone carriage return or a YAML 1.1 line break';
  let content = false;
  for (const line of text.split(/\r?\n/)) {
    // The full path refuses a tab in some indentation that js-yaml allows.
    if (/^[ ]*\t/.test(line)) return 'a tab in the indentation';
    if (COMMENT_LINE.test(line)) continue;
    if (line.length > MAX_LINE) return `a line longer than ${MAX_LINE} characters`;
    // A lone `---` (perhaps with a comment) may start the document. Any other line that starts
    // like a document marker may start a second document, which is a problem on the full path,
    // or be read as a marker by one reader and as text by the other (`---#`).
    if (!content && /^---([ \t]+#.*)?[ \t]*$/.test(line)) {
      content = true;
      continue;
    }
    if (/^(---|\.\.\.)/.test(line)) return 'a document marker other than a lone --- at the start';
    if (line.trim() !== '') content = true;
    for (const rule of LINE_RULES) if (rule.test.test(line)) return rule.reason;
  }
  return undefined;
}

/**
 * What js-yaml read: the value, and every list and mapping it built, to find those used as keys.
 */
interface JsYamlRead {
  value: unknown;
  collections: Set<object>;
}

/** Reads text with js-yaml and the fast schema; a warning or an error gives undefined. */
function readWithJsYaml(text: string): JsYamlRead | undefined {
  let warned = false;
  const collections = new Set<object>();
  try {
    const value = readYaml(text, {
      schema: FAST_SCHEMA,
      onWarning: () => {
        warned = true;
      },
      // js-yaml reports every node it has built; the lists and mappings are kept.
      listener: (event, state) => {
        const built: unknown = state.result;
        if (event === 'close' && typeof built === 'object' && built !== null)
          collections.add(built);
      },
    });
    return warned ? undefined : { value, collections };
  } catch {
    return undefined;
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether two plain data values are the same, compared as `Object.is` at the leaves. */
function sameData(a: unknown, b: unknown): boolean {
  const pairs: [unknown, unknown][] = [[a, b]];
  while (pairs.length > 0) {
    const [x, y] = pairs.pop() as [unknown, unknown];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      x.forEach((item, i) => pairs.push([item, y[i]]));
    } else if (isMapping(x) && isMapping(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        pairs.push([x[key], y[key]]);
      }
    } else if (!Object.is(x, y)) {
      return false;
    }
  }
  return true;
}

/**
 * The first data rule that data read from the file or from a `--set` value breaks, or undefined.
 * The data must be a tree of plain mappings, lists, strings, numbers, booleans and nulls, and no
 * key may be `__proto__`, `constructor` or `prototype` (the full path reports them), `null` (a
 * null key is "null" to js-yaml and "" to the full path) or `<<` (a merge key to some readers).
 * Every list and mapping in `built` (those js-yaml built) must be in the tree: one that is not was
 * used as a key (`{ [a]: b }`, `{ {a}, b: c }`), which js-yaml writes as "a" or "[object Object]"
 * and the full path as YAML.
 */
function dataRefusal(data: unknown, built: Set<object> = new Set()): string | undefined {
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    )
      continue;
    if (typeof value !== 'object') return `a value of type ${typeof value}`;
    if (seen.has(value)) return 'an object that appears twice';
    seen.add(value);
    built.delete(value);
    if (Array.isArray(value)) {
      if (Object.keys(value).length !== value.length) return 'a list with holes';
      for (const item of value) stack.push(item);
      continue;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype)
      return 'an object that is not a plain mapping';
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== 'string') return 'a symbol key';
      if (UNSAFE_KEYS.has(key)) return `the key "${key}"`;
      if (key === 'null' || key === '<<') return `the key "${key}"`;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return built.size === 0 ? undefined : 'a list or mapping used as a key';
}

/**
 * Applies `--set` overrides to plain data in place, by the same `setAtPath` as the full path's
 * `applyOverrides`; the value is read by `parseOverride`. Gives the reason for the full path
 * when an override is malformed or impossible (the full path reports it), when its text holds
 * an anchor, alias or tag, or when its value breaks a data rule.
 */
function applySets(data: Record<string, unknown>, sets: readonly string[]): string | undefined {
  for (const text of sets) {
    if (/[&*!]/.test(text)) return 'an anchor, alias or tag indicator in a --set';
    const parsed = parseOverride(text);
    if (!parsed.ok) return 'a malformed --set';
    const { segments, value } = parsed;
    const valueRefusal = dataRefusal(value);
    if (valueRefusal !== undefined) return `${valueRefusal} in a --set`;
    if (!setAtPath(plainTree, data, segments, value).ok) return 'an impossible --set';
  }
  return undefined;
}

/**
 * Reads a scenario text on the fast path: the plain data the full path would give for this text
 * and these `--set` overrides, or the rule that sends it to the full path. `fileName` decides
 * JSON (by its `.json` extension) or YAML, as on the full path.
 *
 * YAML text must break no text rule and be read by js-yaml without error or warning. JSON text
 * must be read by `JSON.parse` and, without error, by js-yaml (which refuses duplicate keys that
 * `JSON.parse` silently merges), both giving the same data. The data must break no data rule;
 * then the overrides are applied.
 */
export function fastParse(text: string, fileName: string, sets: readonly string[] = []): FastParse {
  try {
    let read: JsYamlRead | undefined;
    if (/\.json$/i.test(fileName)) {
      if (ODD_CHARACTERS.test(text))
        return fullPath('a byte order mark, a lone carriage return or a YAML 1.1 line break');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return fullPath('JSON that JSON.parse refuses');
      }
      read = readWithJsYaml(text);
      if (read === undefined) return fullPath('JSON that js-yaml refuses, such as a duplicate key');
      if (!sameData(json, read.value))
        return fullPath('JSON that JSON.parse and js-yaml read differently');
    } else {
      const refusal = yamlTextRefusal(text);
      if (refusal !== undefined) return fullPath(refusal);
      read = readWithJsYaml(text);
      if (read === undefined) return fullPath('YAML that js-yaml refuses or warns about');
    }
    const data = read.value;
    if (!isMapping(data)) return fullPath('the document is not a mapping');
    const dataRefused = dataRefusal(data, read.collections);
    if (dataRefused !== undefined) return fullPath(dataRefused);
    const setRefusal = applySets(data, sets);
    return setRefusal === undefined ? { ok: true, data } : fullPath(setRefusal);
  } catch (e) {
    return fullPath(`the fast path failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
