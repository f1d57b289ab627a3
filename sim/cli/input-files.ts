/**
 * Checking an input file before it is read: only a regular file is read, and only up to a
 * documented size, so a FIFO, a device (`/dev/zero`), a folder or a huge file is refused at
 * once with one line saying what and why, instead of blocking or filling memory. Every command
 * that reads a file named on the command line goes through `readInputText`. The caps are listed
 * in docs/cli.md ("Limits").
 */
import { readFileSync, type Stats, statSync } from 'node:fs';

import { oneLine } from '../scenario/one-line.js';

/** What an input file is expected to hold; decides its size cap and the words of the messages. */
export type InputKind = 'scenario' | 'trace' | 'summary' | 'sweep';

const MiB = 1024 * 1024;

/**
 * The largest file of each kind movesim reads, in bytes. A trace is read whole, so its cap stays
 * below the longest string Node can hold.
 */
export const INPUT_MAX_BYTES: Record<InputKind, number> = {
  scenario: 64 * MiB,
  trace: 500 * MiB,
  summary: 64 * MiB,
  sweep: 256 * MiB,
};

const WHAT: Record<InputKind, string> = {
  scenario: 'a scenario file (YAML or JSON)',
  trace: 'a trace.json or a streamed trace (trace.ndjson) that movesim wrote',
  summary: "a sweep's summary.json (or a parameter sweep's sweep.json)",
  sweep: "a parameter sweep's sweep.json",
};

/** What kind of thing a non-regular file is, in words. */
function typeOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `file` cannot be read as `kind`, in one line, or undefined when it can. Never opens the file.
 */
export function inputProblem(file: string, kind: InputKind): string | undefined {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${oneLine(file)}: no such file; give ${WHAT[kind]}`;
    if (code === 'EACCES')
      return `${oneLine(file)}: permission denied; give ${WHAT[kind]} you can read`;
    if (code === 'ENOTDIR')
      return `${oneLine(file)}: a part of the path is a file, not a folder; give ${WHAT[kind]}`;
    return `${oneLine(file)}: cannot read the file (${code ?? String(e)})`;
  }
  if (!st.isFile())
    return `${oneLine(file)}: is ${typeOf(st)}, not a regular file; movesim reads only regular files, so give ${WHAT[kind]}`;
  const cap = INPUT_MAX_BYTES[kind];
  if (st.size > cap) {
    return `${oneLine(file)}: is ${(st.size / MiB).toFixed(1)} MiB, over the ${cap / MiB} MiB limit for a ${kind} (docs/cli.md, "Limits")`;
  }
  return undefined;
}

/** The text of an input file, or the one-line reason it cannot be read. */
export function readInputText(
  file: string,
  kind: InputKind,
): { ok: true; text: string } | { ok: false; message: string } {
  const problem = inputProblem(file, kind);
  if (problem !== undefined) return { ok: false, message: problem };
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message: `${oneLine(file)}: cannot read the file (${code ?? (e instanceof Error ? e.message : String(e))})`,
    };
  }
}
