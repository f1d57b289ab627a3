/**
 * Where the `movesim` commands write: lines and raw text on stdout and stderr, and whether stderr
 * is a terminal (for the sweep's progress bar). Tests pass their own to capture output.
 *
 * Raw writes go through the process streams, never `process.exit`, so piped output is flushed.
 * When the reader of a stream goes away (`movesim … | head`), later writes to it are dropped
 * quietly instead of crashing with EPIPE; files are written before the report, so nothing is lost.
 */
import { type InputKind, readInputText } from './input-files.js';

/** The output of a command. */
export interface CliIo {
  /** Prints a line on stdout. */
  print(line: string): void;
  /** Prints a line on stderr. */
  printErr(line: string): void;
  /** Writes text on stdout as it is (exports, JSON). */
  write(text: string): void;
  /** Writes text on stderr as it is (the progress bar). */
  writeErr(text: string): void;
  /** Whether stderr is a terminal. */
  stderrIsTTY: boolean;
}

/** A writer to `stream` that goes quiet once the stream's reader has gone. */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** The process's own streams. */
export function processIo(): CliIo {
  const out = writer(process.stdout);
  const err = writer(process.stderr);
  return {
    print: (line) => out(`${line}\n`),
    printErr: (line) => err(`${line}\n`),
    write: out,
    writeErr: err,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/**
 * Reads a text file named on the command line, after checking it is a regular file within the
 * size limit of its kind (input-files.ts); on failure says why in one line and returns undefined.
 */
export function readInputFile(file: string, io: CliIo, kind: InputKind): string | undefined {
  const read = readInputText(file, kind);
  if (read.ok) return read.text;
  io.printErr(read.message);
  return undefined;
}
