/**
 * Loading scenario files: YAML or JSON text in, a validated Scenario or every problem out.
 *
 * The full path's steps are: parse (syntax errors with lines), apply `--set` overrides, refuse
 * prototype keys, validate with the zod schema, check ids and references, then attach lines to
 * every problem. Keeping the lines makes parsing slow, so a fast path (`fast-parse.ts`) is tried
 * first: when it reads the same data and that data is a valid scenario, its scenario is the
 * result; anything else is loaded again on the full path, so every problem keeps its line. Bad
 * input never throws; it gives problems. This file does not run scenarios.
 */
import { readFileSync } from 'node:fs';

import { Document, LineCounter, parseDocument, type YAMLError } from 'yaml';

import { fastParse } from './fast-parse.js';
import { applyOverrides, type OverrideResult } from './overrides.js';
import { type DocPath, type Finding, formatPath, type Problem, sortProblems } from './problems.js';
import { checkReferences } from './references.js';
import { type Scenario, ScenarioSchema } from './schema.js';
import { DurationInputSchema } from './schema-parts.js';
import {
  collectionKeyProblems,
  isStackOverflow,
  nestedTooDeep,
  NESTING_MESSAGE,
  normalizeText,
} from './text-shape.js';
import { removeUnsafeKeys } from './unsafe-keys.js';
import { scenarioWarnings } from './warnings.js';
import { lineOfPath } from './yaml-lines.js';
import { issuesToFindings, markDefaults } from './zod-problems.js';

export { formatProblem, formatWarning, type Problem } from './problems.js';

/** Options of the loaders. */
export interface LoadOptions {
  /** Overrides such as `cluster.loadBalancing.policy=least-loaded`, applied before validation. */
  set?: readonly string[];
  /**
   * For tests and debugging: false skips the fast path and always loads on the full path, which
   * gives the same result, only more slowly. Default true.
   */
  fastPath?: boolean;
}

/**
 * The result of loading: the scenario with its warnings (valid input that is probably a mistake,
 * see `warnings.ts`; usually none), or every problem found.
 */
export type LoadResult =
  { ok: true; scenario: Scenario; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** Whether a file name is JSON (by extension); everything else is read as YAML. */
const isJsonFile = (fileName: string): boolean => /\.json$/i.test(fileName);

/** The first line of a parser message, without its "at line L, column C" tail. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
}

/** The key written at an offset of the text, quoted as written or in double quotes. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const quoted = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')/.exec(rest)?.[1];
  if (quoted !== undefined) return quoted;
  return JSON.stringify((/^[^:,\n{}[\]]*/.exec(rest)?.[0] ?? '').trim());
}

/** Problems for YAML parse errors. */
function yamlErrors(
  errors: readonly YAMLError[],
  file: string,
  text: string,
  language = 'YAML',
): Problem[] {
  return errors.map((e) => {
    const line = e.linePos?.[0]?.line;
    const message =
      e.code === 'DUPLICATE_KEY'
        ? `${language} error: the key ${keyAt(text, e.pos[0])} appears twice in the same mapping; keep one`
        : e.code === 'MULTIPLE_DOCS'
          ? 'a second YAML document starts here; movesim reads one scenario per file, so put each in its own file (or remove this "---")'
          : /call stack/i.test(e.message)
            ? NESTING_MESSAGE
            : `${language} syntax error: ${firstLine(e.message)}`;
    return { file, ...(line === undefined ? {} : { line }), path: '', message };
  });
}

/** The problem for a JSON syntax error, with the line computed from the reported position. */
function jsonError(e: unknown, text: string, file: string): Problem {
  const message = e instanceof Error ? e.message : String(e);
  const position = /position (\d+)/.exec(message)?.[1];
  const lineText = /line (\d+)/.exec(message)?.[1];
  let line: number | undefined;
  if (position !== undefined) line = text.slice(0, Number(position)).split('\n').length;
  else if (lineText !== undefined) line = Number(lineText);
  const reason = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '');
  return {
    file,
    ...(line === undefined ? {} : { line }),
    path: '',
    message: `JSON syntax error: ${reason}`,
  };
}

/**
 * The options of the YAML reader: lines counted, and its warnings (which Node would print on
 * stderr) silenced, since everything they warn about is reported as a problem instead.
 */
const YAML_OPTIONS = (lineCounter: LineCounter) => ({
  lineCounter,
  prettyErrors: true,
  logLevel: 'error' as const,
});

/** Parses the text into a YAML document with line information, or gives syntax problems. */
function parseText(
  text: string,
  file: string,
  lineCounter: LineCounter,
): { doc: Document } | { problems: Problem[] } {
  if (!isJsonFile(file)) {
    const doc = parseDocument(text, YAML_OPTIONS(lineCounter));
    return doc.errors.length > 0 ? { problems: yamlErrors(doc.errors, file, text) } : { doc };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problems: [jsonError(e, text, file)] };
  }
  // JSON is read again as YAML for the lines of its nodes; duplicate keys are reported from there.
  const doc = parseDocument(text, YAML_OPTIONS(lineCounter));
  if (doc.errors.length === 0) return { doc };
  const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length === doc.errors.length)
    return { problems: yamlErrors(duplicates, file, text, 'JSON') };
  return { doc: new Document(value) };
}

/** Whether `path` is `prefix` or lies under it. */
const under = (path: DocPath, prefix: DocPath): boolean =>
  prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

/** Loads a scenario from its text. `fileName` names it in problems and decides JSON or YAML. */
export function loadScenarioText(
  text: string,
  fileName: string,
  opts: LoadOptions = {},
): LoadResult {
  try {
    return load(normalizeText(text), fileName, opts);
  } catch (e) {
    if (isStackOverflow(e))
      return { ok: false, problems: [{ file: fileName, path: '', message: NESTING_MESSAGE }] };
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [{ file: fileName, path: '', message: `could not load the scenario: ${message}` }],
    };
  }
}

/** Loads a scenario file; a file that cannot be read is a problem. */
export function loadScenarioFile(path: string, opts: LoadOptions = {}): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [{ file: path, path: '', message: `cannot read the file: ${reason}` }],
    };
  }
  return loadScenarioText(text, path, opts);
}

/**
 * Loads on the fast path when it gives a valid scenario, else on the full path. A valid scenario
 * with warnings is read again on the full path for the warnings' lines (rare, and only then).
 */
function load(text: string, file: string, opts: LoadOptions): LoadResult {
  if (opts.fastPath !== false) {
    const scenario = loadFast(text, file, opts.set ?? []);
    if (scenario !== undefined && scenarioWarnings(scenario).length === 0)
      return { ok: true, scenario, warnings: [] };
  }
  return loadFull(text, file, opts);
}

/** The scenario when the fast path reads the text and the data is valid; else undefined. */
function loadFast(text: string, file: string, sets: readonly string[]): Scenario | undefined {
  try {
    const read = fastParse(text, file, sets);
    if (!read.ok || nestedTooDeep(read.data)) return undefined;
    const result = ScenarioSchema.safeParse(read.data, { error: markDefaults });
    if (!result.success || checkReferences(read.data).length > 0) return undefined;
    return result.data;
  } catch {
    return undefined;
  }
}

/** What the full path reads before validating: the document with its lines, and its plain data. */
export interface FullRead {
  /** The document, with the overrides applied and the prototype keys removed. */
  doc: Document;
  /** The lines of the document's text. */
  lineCounter: LineCounter;
  /** What applying the overrides did. */
  overrides: OverrideResult;
  /** Malformed overrides and prototype keys. */
  findings: Finding[];
  /** The document as plain data. */
  data: unknown;
}

/**
 * The full path up to validation: parses with lines, applies the overrides, removes prototype
 * keys and makes the plain data. Exported for the tests that compare it with the fast path.
 */
export function readFullPath(
  text: string,
  file: string,
  sets: readonly string[] = [],
): FullRead | { problems: Problem[] } {
  const lineCounter = new LineCounter();
  const parsed = parseText(text, file, lineCounter);
  if ('problems' in parsed) return { problems: sortProblems(parsed.problems) };
  const { doc } = parsed;
  const overrides = applyOverrides(doc, sets);
  const keyProblems = collectionKeyProblems(doc, lineCounter, file);
  if (keyProblems.length > 0) return { problems: sortProblems(keyProblems) };
  const findings: Finding[] = [...overrides.findings, ...removeUnsafeKeys(doc, lineCounter)];
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (nestedTooDeep(data)) return { problems: [{ file, path: '', message: NESTING_MESSAGE }] };
  return { doc, lineCounter, overrides, findings, data };
}

/** Loads on the full path, which gives every problem with its line. */
function loadFull(text: string, file: string, opts: LoadOptions): LoadResult {
  const read = readFullPath(text, file, opts.set ?? []);
  if ('problems' in read) return { ok: false, problems: read.problems };
  const { doc, lineCounter, overrides, findings, data } = read;

  const result = ScenarioSchema.safeParse(data, { error: markDefaults });
  if (!result.success) {
    findings.push(
      ...issuesToFindings(result.error.issues, {
        schema: ScenarioSchema,
        data,
        durationInput: DurationInputSchema,
      }),
    );
  }
  findings.push(...checkReferences(data));

  /** A finding as a problem of the file: its line, or the --set its value comes from. */
  const toProblem = (f: Finding): Problem => {
    const fromSet = overrides.overridden.find((o) => under(f.path, o.path));
    const line =
      f.noLine || fromSet !== undefined
        ? undefined
        : (f.line ?? lineOfPath(doc, lineCounter, f.path));
    const message =
      fromSet === undefined
        ? f.message
        : `${f.message} (the value comes from --set "${fromSet.text}")`;
    return { file, ...(line === undefined ? {} : { line }), path: formatPath(f.path), message };
  };
  if (findings.length === 0 && result.success) {
    return {
      ok: true,
      scenario: result.data,
      warnings: sortProblems(scenarioWarnings(result.data).map(toProblem)),
    };
  }
  return { ok: false, problems: sortProblems(findings.map(toProblem)) };
}
