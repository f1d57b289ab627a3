/**
 * The compact side file: a trace's compact encoding (compact-trace.ts), gzip-compressed and
 * written beside the trace (`trace.json` → `trace.compact.gz`), so that `movesim view` sends it
 * as it is instead of reading and encoding the whole trace when the page asks for it.
 *
 * It is an ordinary gzip file (RFC 1952; `zcat` gives the encoding's bytes) whose header carries
 * a comment (the FCOMMENT field): one line of JSON naming what it encodes, so that a side file
 * is served only for exactly the trace it was made from:
 * `{"format":"movesim-trace-compact-side","version":1,"compactVersion":3,
 * "trace":{"bytes":N,"sampleSha256":"…"},"body":{"bytes":M,"crc32":C}}`. `compactVersion` is
 * the encoder's version (a side file of another version is remade); `trace` is the trace
 * file's byte size and the sha256 of its first and last MiB and of 4 KiB at 32 evenly spread
 * places (read in a few milliseconds, whatever the size); `body` is the size and CRC-32 of the
 * bytes after the comment, so a cut-off or damaged file is refused without inflating it. The
 * file is written under a temporary name and renamed into place, never half-written. This file
 * does not depend on the encoding's byte layout: it stores whatever the encoder made.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { crc32, createGzip } from 'node:zlib';

import { COMPACT_VERSION } from './compact-trace.js';

/** The format name of the side file's comment. */
const SIDE_FORMAT = 'movesim-trace-compact-side';
const SIDE_VERSION = 1;

/** The gzip level of side files and of the server's own encoding: fast (1). */
export const SIDE_GZIP_LEVEL = 1;

/** Bytes of the trace's head and tail that the identity hashes. */
const END_BYTES = 1 << 20;
/** How many places between head and tail the identity samples, and how much at each. */
const SAMPLES = 32;
const SAMPLE_BYTES = 4096;

/** The gzip header's flag byte (offset 3) and its comment flag. */
const FLG_OFFSET = 3;
const FCOMMENT = 0x10;
/** The fixed part of a gzip header (magic, method, flags, time, extra flags, system). */
const GZIP_HEAD_BYTES = 10;

/** What a side file names of its trace: its byte size and a hash of sampled bytes. */
export interface TraceIdentity {
  bytes: number;
  sampleSha256: string;
}

/** What reading a side file gives. */
export type SideRead =
  { state: 'absent' } | { state: 'ok'; gzip: Buffer } | { state: 'stale' | 'damaged'; why: string };

/** The side file's path for a trace: its name with the last extension replaced. */
export function compactSidePath(tracePath: string): string {
  const name = basename(tracePath);
  const stem = extname(name) === '' ? name : name.slice(0, -extname(name).length);
  return join(dirname(tracePath), `${stem}.compact.gz`);
}

/** The identity of a trace file (its size and sampled bytes), read through one descriptor. */
export function traceIdentity(tracePath: string): TraceIdentity {
  const fd = openSync(tracePath, 'r');
  try {
    const bytes = fstatSync(fd).size;
    const hash = createHash('sha256');
    const read = (at: number, n: number): void => {
      const buf = Buffer.alloc(Math.max(0, Math.min(n, bytes - at)));
      let got = 0;
      while (got < buf.length) {
        const k = readSync(fd, buf, got, buf.length - got, at + got);
        if (k === 0) break;
        got += k;
      }
      hash.update(buf.subarray(0, got));
    };
    read(0, END_BYTES);
    for (let i = 1; i <= SAMPLES; i++) read(Math.floor((bytes * i) / (SAMPLES + 1)), SAMPLE_BYTES);
    read(Math.max(0, bytes - END_BYTES), END_BYTES);
    return { bytes, sampleSha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** A gzip (as zlib makes it: no optional header fields) compressed a part at a time. */
export async function gzipParts(parts: Iterable<Buffer>): Promise<Buffer> {
  const gz = createGzip({ level: SIDE_GZIP_LEVEL });
  const out: Buffer[] = [];
  gz.on('data', (b: Buffer) => out.push(b));
  const ended = once(gz, 'end');
  for (const p of parts) if (p.length > 0 && !gz.write(p)) await once(gz, 'drain');
  gz.end();
  await ended;
  return Buffer.concat(out);
}

/**
 * Writes a side file for the trace at `tracePath` from the gzip of its encoding (one without
 * optional header fields, as zlib makes it), under a temporary name renamed into place; on an
 * error nothing is left and the error is thrown.
 */
export function writeCompactSide(tracePath: string, gzip: Buffer, trace: TraceIdentity): string {
  if (gzip.length < GZIP_HEAD_BYTES || gzip[0] !== 0x1f || gzip[1] !== 0x8b || gzip[FLG_OFFSET])
    throw new Error('not a plain gzip (internal error)');
  const body = gzip.subarray(GZIP_HEAD_BYTES);
  const comment = {
    format: SIDE_FORMAT,
    version: SIDE_VERSION,
    compactVersion: COMPACT_VERSION,
    trace,
    body: { bytes: body.length, crc32: crc32(body) },
  };
  const head = Buffer.from(gzip.subarray(0, GZIP_HEAD_BYTES));
  head[FLG_OFFSET] = FCOMMENT;
  const path = compactSidePath(tracePath);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([head, Buffer.from(`${JSON.stringify(comment)}\0`), body]));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return path;
}

/** Removes a trace's side file if there is one (a run that writes none leaves no stale one). */
export function removeCompactSide(tracePath: string): void {
  rmSync(compactSidePath(tracePath), { force: true });
}

/** The comment of a side file, or a reason it has none. */
function sideComment(file: Buffer): { comment: Record<string, unknown>; end: number } | string {
  if (file.length < GZIP_HEAD_BYTES || file[0] !== 0x1f || file[1] !== 0x8b || file[2] !== 8)
    return 'it is not a gzip file';
  if (file[FLG_OFFSET] !== FCOMMENT) return 'its gzip header has no movesim comment';
  const end = file.indexOf(0, GZIP_HEAD_BYTES);
  if (end < 0) return 'its gzip header is cut off';
  try {
    const comment: unknown = JSON.parse(file.subarray(GZIP_HEAD_BYTES, end).toString('latin1'));
    if (typeof comment === 'object' && comment !== null && !Array.isArray(comment))
      return { comment: comment as Record<string, unknown>, end: end + 1 };
  } catch {
    // Said below.
  }
  return 'its gzip comment is not the JSON movesim writes';
}

/**
 * Reads the side file of the trace at `tracePath` and checks it is the encoding of exactly that
 * trace, as the encoder of this build makes it; gives it as a plain gzip to send, or says why
 * it is not used.
 */
export function readCompactSide(tracePath: string): SideRead {
  let file: Buffer;
  try {
    file = readFileSync(compactSidePath(tracePath));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'absent' };
    return { state: 'damaged', why: `it cannot be read (${code ?? String(e)})` };
  }
  const read = sideComment(file);
  if (typeof read === 'string') return { state: 'damaged', why: read };
  const { comment, end } = read;
  if (comment.format !== SIDE_FORMAT || comment.version !== SIDE_VERSION)
    return { state: 'damaged', why: 'its comment names another format or version' };
  const body = file.subarray(end);
  const want = comment.body as { bytes?: unknown; crc32?: unknown } | undefined;
  if (want?.bytes !== body.length || want.crc32 !== crc32(body))
    return { state: 'damaged', why: 'its compressed bytes are cut off or changed' };
  if (comment.compactVersion !== COMPACT_VERSION)
    return {
      state: 'stale',
      why: `it holds version ${String(comment.compactVersion)} of the encoding, not ${COMPACT_VERSION}`,
    };
  const trace = comment.trace as Partial<TraceIdentity> | undefined;
  const now = traceIdentity(tracePath);
  if (trace?.bytes !== now.bytes || trace.sampleSha256 !== now.sampleSha256)
    return { state: 'stale', why: 'it was made from another trace (or before the trace changed)' };
  const head = Buffer.from(file.subarray(0, GZIP_HEAD_BYTES));
  head[FLG_OFFSET] = 0;
  return { state: 'ok', gzip: Buffer.concat([head, body]) };
}
