/**
 * The compact side file for `movesim view` (sim/report/side-file.ts): the encoding `movesim run`
 * wrote beside a large trace is sent as it is when it is the encoding of exactly that trace; a
 * stale or damaged one is not used (a line on stderr says why) and the server encodes the trace
 * as before. When the server did encode a large trace, its encoding is kept as the side file
 * (under a temporary name renamed into place), so the next view of it has nothing to encode;
 * a folder that cannot be written only gets a note.
 */
import { statSync } from 'node:fs';

import { SIDE_FILE_MIN_BYTES } from '../report/side-encode.js';
import {
  compactSidePath,
  readCompactSide,
  traceIdentity,
  writeCompactSide,
} from '../report/side-file.js';
import { oneLine } from '../scenario/one-line.js';
import type { CliIo } from './io.js';

/** What the viewer's server gets for the compact form of a trace file. */
export interface ViewSide {
  /** The side file's gzip, when it is valid. */
  compactGzip?: Buffer;
  /** Keeps the server's own encoding as the side file (large traces only). */
  onCompactMade?: (gzip: Buffer) => void;
}

/** Options of `viewSide`. */
export interface ViewSideOptions {
  /** Keep the server's encoding as a side file only for traces of this many bytes (16 MiB). */
  minBytes?: number;
}

const message = (e: unknown): string => oneLine(e instanceof Error ? e.message : String(e));

/** The side file of the trace file `file` for the server, saying on stderr what is done. */
export function viewSide(file: string, io: CliIo, opts: ViewSideOptions = {}): ViewSide {
  const path = compactSidePath(file);
  const read = readCompactSide(file);
  if (read.state === 'ok') {
    io.printErr(`compact encoding: ${path} (written with the trace; nothing to encode)`);
    return { compactGzip: read.gzip };
  }
  if (read.state !== 'absent')
    io.printErr(
      `movesim: view: ${path} is not used: ${read.why}; the trace is encoded when the page asks for it instead`,
    );
  let identity: ReturnType<typeof traceIdentity>;
  try {
    if (statSync(file).size < (opts.minBytes ?? SIDE_FILE_MIN_BYTES)) return {};
    identity = traceIdentity(file);
  } catch {
    return {};
  }
  return {
    onCompactMade: (gzip) => {
      try {
        writeCompactSide(file, gzip, identity);
        io.printErr(`wrote ${path} (the compact encoding; the next view of this trace uses it)`);
      } catch (e) {
        io.printErr(
          `note: ${path} was not written (${message(e)}); the next view encodes the trace again`,
        );
      }
    },
  };
}
