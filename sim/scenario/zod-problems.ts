/**
 * Turning zod issues into findings whose messages say what is wrong and how to fix it.
 *
 * Zod reports a failed union as every member's failures; this file picks the member the author
 * meant (by its distinctive key, such as a fault's `crash`) and reports only its failures, or says
 * which keys would make the entry valid. Unknown keys get a "did you mean" among the keys allowed
 * at that place. This file does not read files or look up lines.
 */
import type { z } from 'zod';

import { DURATION_HINT } from './duration.js';
import type { DocPath, Finding } from './problems.js';
import {
  allowedKeysAt,
  chooseUnionOption,
  objectKeys,
  schemaAt,
  type SchemaLike,
  unionOptions,
  valueAt,
} from './schema-walk.js';
import { closest, didYouMean, listWords } from './suggest.js';

/** ` (did you mean "x"?)` for a close candidate, else nothing. */
function suggestion(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean "${c}"?)`;
}

/**
 * The message zod is asked to give issues that have no message of their own, so they are rewritten
 * here.
 */
export const DEFAULT_MESSAGE = '\u0000default';

/** A per-parse error map: keeps schema messages, marks the rest for rewriting. */
export const markDefaults = (): string => DEFAULT_MESSAGE;

type Issue = z.core.$ZodIssue;

/** Everything the conversion needs besides the issues. */
export interface IssueContext {
  /** The scenario schema. */
  schema: SchemaLike;
  /** The plain data that was validated. */
  data: unknown;
  /** The schema of durations as written, to recognise failed durations. */
  durationInput: SchemaLike;
}

const NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping',
  null: 'null',
  literal: 'a fixed value',
};

/** Names an expected type for a message. */
const expectedName = (t: string): string => NAMES[t] ?? t;

/** Describes a value for a message: short strings and numbers as written, collections by kind. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string')
    return v.length > 40 ? `${JSON.stringify(v.slice(0, 40))}…` : JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** Names the kind of entry a list holds, for messages about union members. */
function entryName(path: DocPath): string {
  const list = [...path].reverse().find((s) => typeof s === 'string');
  if (list === 'faults') return 'a fault';
  if (list === 'expect') return 'an expectation';
  return 'this entry';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Converts zod issues (with paths relative to `prefix`) into findings. */
export function issuesToFindings(
  issues: readonly Issue[],
  ctx: IssueContext,
  prefix: DocPath = [],
): Finding[] {
  return issues.flatMap((issue) =>
    convert(issue, ctx, [...prefix, ...(issue.path as (string | number)[])]),
  );
}

function convert(issue: Issue, ctx: IssueContext, path: DocPath): Finding[] {
  const here = valueAt(ctx.data, path);
  const own = issue.message !== DEFAULT_MESSAGE;
  const one = (message: string, at: DocPath = path): Finding[] => [{ path: at, message }];
  const missing = (): Finding[] => {
    const key = path[path.length - 1];
    if (path.length === 0)
      return one('the document is empty; a scenario needs at least name, cluster and spaces');
    return one(`missing required key "${String(key)}"; add it`);
  };

  switch (issue.code) {
    case 'invalid_union':
      if (!here.found) return missing();
      return convertUnion(issue, ctx, path, here.value);
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(ctx.schema, ctx.data, path) ?? [];
      return issue.keys.map((key) => ({
        path: [...path, key],
        message:
          `unknown key "${key}"${suggestion(key, allowed)}` +
          (allowed.length > 0 ? `; allowed keys here: ${listWords(allowed, 20)}` : ''),
      }));
    }
    case 'invalid_type': {
      if (!here.found) return missing();
      if (own) return one(issue.message);
      if (path.length === 0 && here.value == null)
        return one('the file is empty; a scenario needs at least name, cluster and spaces');
      if (path.length === 0)
        return one(
          `a scenario must be a mapping of keys (name, cluster, spaces, …), not ${describeValue(here.value)}`,
        );
      let hint = '';
      if (issue.expected === 'boolean' && typeof here.value === 'string')
        hint = '; write true or false';
      if (issue.expected === 'array' && isPlainObject(here.value))
        hint = '; write list items on lines starting with "- "';
      if (issue.expected === 'int' && typeof here.value === 'number')
        hint = '; write a whole number';
      return one(
        `expected ${expectedName(issue.expected)}, got ${describeValue(here.value)}${hint}`,
      );
    }
    case 'too_small':
    case 'too_big': {
      if (own) return one(issue.message);
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const small = issue.code === 'too_small';
      const v = here.value;
      if (issue.origin === 'array' || issue.origin === 'set') {
        const n = Number(limit);
        return one(
          `needs ${small ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}, has ${Array.isArray(v) ? v.length : 0}`,
        );
      }
      if (issue.origin === 'string') {
        return one(
          small && Number(limit) === 1
            ? 'must not be empty'
            : `must be ${small ? 'at least' : 'at most'} ${String(limit)} characters long`,
        );
      }
      const bound = small
        ? issue.inclusive
          ? 'at least'
          : 'greater than'
        : issue.inclusive
          ? 'at most'
          : 'less than';
      return one(`must be ${bound} ${String(limit)}, got ${describeValue(v)}`);
    }
    case 'invalid_value': {
      if (own) return one(issue.message);
      const values = issue.values.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      const got = describeValue(here.value);
      if (values.length === 1) return one(`must be ${values[0]}, got ${got}`);
      const typo = typeof here.value === 'string' ? didYouMean(here.value, values) : '';
      return one(`must be one of ${values.join(', ')}, got ${got}${typo}`);
    }
    case 'invalid_format':
      return one(
        own ? issue.message : `is not a valid ${issue.format}, got ${describeValue(here.value)}`,
      );
    default:
      return one(own ? issue.message : `is not valid: ${describeValue(here.value)}`);
  }
}

function convertUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  ctx: IssueContext,
  path: DocPath,
  value: unknown,
): Finding[] {
  const one = (message: string, at: DocPath = path): Finding[] => [{ path: at, message }];

  // A discriminated union whose discriminator (`dist`) is missing or unknown.
  if (issue.discriminator !== undefined && issue.errors.length === 0) {
    const options = ('options' in issue ? (issue.options ?? []) : []).map(String);
    const key = issue.discriminator ?? 'dist';
    const objPath = path[path.length - 1] === key ? path.slice(0, -1) : path;
    const obj = valueAt(ctx.data, objPath).value;
    if (!isPlainObject(obj))
      return one(
        `expected a mapping with "${key}" (one of ${options.join(', ')}), got ${describeValue(obj)}`,
        objPath,
      );
    if (!Object.hasOwn(obj, key))
      return one(`missing required key "${key}"; it must be one of ${options.join(', ')}`, [
        ...objPath,
        key,
      ]);
    const got = obj[key];
    const typo = typeof got === 'string' ? didYouMean(got, options) : '';
    return one(
      `unknown ${key} ${describeValue(got)}; it must be one of ${options.join(', ')}${typo}`,
      [...objPath, key],
    );
  }

  const unionSchema = schemaAt(ctx.schema, ctx.data, path);
  const options = unionSchema === undefined ? undefined : unionOptions(unionSchema);

  if (unionSchema === ctx.durationInput) {
    const typeOk = issue.errors.findIndex(
      (errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0),
    );
    const chosen = issue.errors[typeOk];
    if (chosen !== undefined) return issuesToFindings(chosen, ctx, path);
    return one(`expected a duration, got ${describeValue(value)}; ${DURATION_HINT}`);
  }

  // A union of mappings told apart by a key that only one member has.
  if (options !== undefined && isPlainObject(value) && options.length === issue.errors.length) {
    const choice = chooseUnionOption(options, value);
    if (choice.kind === 'one') return issuesToFindings(issue.errors[choice.index] ?? [], ctx, path);
    const kinds = [
      ...new Set(
        choice.distinctive.map((keys) => keys[0]).filter((k): k is string => k !== undefined),
      ),
    ];
    const what = entryName(path);
    if (choice.kind === 'several') {
      const present = choice.indices.map(
        (i) => choice.distinctive[i]?.find((k) => Object.hasOwn(value, k)) ?? '?',
      );
      return one(
        `${what} has exactly one of the keys ${kinds.join(', ')}, but this one has ${present.join(' and ')}; split it into separate entries`,
      );
    }
    if (kinds.length > 0) {
      const allKeys = new Set(options.flatMap((o) => objectKeys(o) ?? []));
      const unknown = Object.keys(value).filter((k) => !allKeys.has(k));
      const typo = unknown.map((k) => ({ k, c: closest(k, kinds) })).find((t) => t.c !== undefined);
      const hint = typo === undefined ? '' : `; did you mean "${typo.c}" instead of "${typo.k}"?`;
      return one(`${what} needs one of the keys ${kinds.join(', ')}${hint}`);
    }
  }

  // Otherwise: the member whose type fits, or a list of the types that would.
  const fitting = issue.errors.filter(
    (errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0),
  );
  if (fitting.length > 0) {
    const fewest = fitting.reduce((a, b) => (b.length < a.length ? b : a));
    return issuesToFindings(fewest, ctx, path);
  }
  const expected = [
    ...new Set(
      issue.errors.flatMap((errs) =>
        errs
          .filter((e) => e.code === 'invalid_type' && e.path.length === 0)
          .map((e) => expectedName((e as { expected: string }).expected)),
      ),
    ),
  ];
  return one(`expected ${expected.join(' or ')}, got ${describeValue(value)}`);
}
