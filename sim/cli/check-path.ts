/**
 * `movesim check --path`: the fast-check path of a counterexample (`"26:3:0"`), which replays one
 * case of a search. A path is run indices joined by ":"; anything else, and a path that runs past
 * the cases or shrinks the search can make, is refused in one line (exit 2) instead of
 * fast-check's stack trace.
 *
 * This file only reads paths and fast-check's replay errors; check-command.ts prints and exits.
 */

/** The most digits of one segment: more cannot be a real run or shrink index. */
const MAX_SEGMENT_DIGITS = 9;

/** Why `path` is not a fast-check path, or undefined when it is well formed. */
export function checkPathProblem(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const segment = `\\d{1,${MAX_SEGMENT_DIGITS}}`;
  if (new RegExp(`^${segment}(:${segment})*$`).test(path)) return undefined;
  return `--path "${path}" is not a fast-check path; copy it from the counterexample's "path:" line or the printed replay command (numbers joined by ":", such as "26:3:0")`;
}

/**
 * The one-line message for an error fast-check throws while replaying `path` (a path that runs
 * past what the search can generate or shrink), or undefined for any other error.
 */
export function replayPathProblem(e: unknown, path: string | undefined): string | undefined {
  if (path === undefined || !(e instanceof Error) || !/Unable to replay/.test(e.message))
    return undefined;
  return `--path "${path}" does not lead to a case with this --seed (it shrinks further than the search can); check that --seed and --path come from the same counterexample`;
}
