/**
 * Problems found in a scenario file, and how they are printed.
 *
 * A problem names the file, the line when known, the place in the document as a path such as
 * `moves[0].to`, and a message that says what is wrong and how to fix it. This file does not find
 * problems; the loader and its checks do. Warnings (accepted input that is probably a mistake) have
 * the same shape and are printed with `warning:` before the message.
 */
import { oneLine } from './one-line.js';

/** One thing wrong with a scenario file. */
export interface Problem {
  /** The file name as given to the loader. */
  file: string;
  /** The 1-based line of the offending node, when known. */
  line?: number;
  /** Where in the document, such as `moves[0].to`; empty for the whole document. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** A path into a document: keys of mappings and indices of lists. */
export type DocPath = readonly (string | number)[];

/** A problem found before the file name and line are attached. */
export interface Finding {
  path: DocPath;
  message: string;
  /** The line, when the finder knows it better than a lookup of the path would. */
  line?: number;
  /** When true, the line is not looked up (the value did not come from the file). */
  noLine?: boolean;
}

/** Writes a path the way messages show it: `cluster.callBridges[0].id`. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Prints a problem as `file:line: path: message`, leaving out the parts that are unknown. The
 * line is kept one line (`one-line.ts`): a file name or a quoted value with a line break cannot
 * start a line that looks like another problem.
 */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return oneLine(p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`);
}

/** Prints a warning as `file:line: path: warning: message`, one line, like a problem. */
export function formatWarning(p: Problem): string {
  return formatProblem({ ...p, message: `warning: ${p.message}` });
}

/**
 * Orders problems by line (problems without a line last), keeping the order of equal lines, and
 * drops repeats.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.line ?? ''}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}
