/**
 * Streaming the log files: each file is read in chunks (gunzipped when it starts with gzip's
 * magic bytes), cut into physical lines of bounded length and into entries (`parse.ts`), and
 * the files' entries are merged by timestamp. Memory holds one chunk and one pending entry per
 * file, whatever the files' sizes.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';

import { type Entry, splitLine } from './parse.js';

/** A line longer than this is cut off there and counted (`overlongLines`); 1 MiB. */
export const MAX_LINE_CHARS = 1 << 20;

/** What reading saw, beyond the entries: the counts a report prints. */
export interface ReadCounts {
  files: number;
  physicalLines: number;
  entries: number;
  /** Lines (or parts of lines) that were no entry: noise, cut or foreign lines. */
  noiseLines: number;
  overlongLines: number;
  /** Entries with and without a date; both non-zero means the files mix the two forms. */
  dated: number;
  undated: number;
  /** Entries earlier than the one before them from the same server (clock or order trouble). */
  backwards: number;
  /** Files that held no entry at all. */
  emptyFiles: string[];
}

/** A file that cannot be read as text: exit 2 with this message. */
export class LogInputError extends Error {}

/** A fresh set of counts. */
export function newCounts(): ReadCounts {
  return {
    files: 0,
    physicalLines: 0,
    entries: 0,
    noiseLines: 0,
    overlongLines: 0,
    dated: 0,
    undated: 0,
    backwards: 0,
    emptyFiles: [],
  };
}

/** Whether the first bytes are gzip's; throws `LogInputError` for a binary (NUL) head. */
async function sniff(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new LogInputError(`movesim logs: cannot read ${path} (${reason}); check the path`);
  }
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return true;
    if (head.includes(0))
      throw new LogInputError(
        `movesim logs: ${path} is a binary file, not syslog text; pass the CMS log files (text or .gz)`,
      );
    return false;
  } finally {
    await fh.close();
  }
}

/** The physical lines of a file, each cut at `MAX_LINE_CHARS`. */
async function* physicalLines(path: string, counts: ReadCounts): AsyncGenerator<string> {
  const gz = await sniff(path);
  const raw = createReadStream(path);
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  stream.setEncoding('utf8');
  let carry = '';
  let cut = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = carry + chunk;
      let nl = text.indexOf('\n');
      let from = 0;
      while (nl !== -1) {
        if (!cut) yield text.slice(from, nl).replace(/\r$/, '');
        cut = false;
        from = nl + 1;
        nl = text.indexOf('\n', from);
      }
      text = text.slice(from);
      if (text.length > MAX_LINE_CHARS) {
        if (!cut) {
          counts.overlongLines++;
          yield text.slice(0, MAX_LINE_CHARS);
        }
        cut = true;
        text = '';
      }
      carry = text;
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LogInputError(
      `movesim logs: ${path} could not be read to its end (${reason}); a truncated .gz? Pass the file uncompressed`,
    );
  }
  if (carry !== '' && !cut) yield carry;
}

/** The entries of one file, in file order. */
async function* fileEntries(path: string, counts: ReadCounts): AsyncGenerator<Entry> {
  const fileNode = basename(path).replace(/\.(log|txt)?(\.gz)?$/i, '') || path;
  let n = 0;
  let any = false;
  const last = new Map<string, number>();
  for await (const text of physicalLines(path, counts)) {
    n++;
    counts.physicalLines++;
    const { entries, noise } = splitLine(text, basename(path), n, fileNode);
    if (noise) counts.noiseLines++;
    for (const e of entries) {
      any = true;
      counts.entries++;
      if (e.dated) counts.dated++;
      else counts.undated++;
      const before = last.get(e.node);
      if (before !== undefined && e.ms < before) counts.backwards++;
      last.set(e.node, e.ms);
      yield e;
    }
  }
  if (!any) counts.emptyFiles.push(path);
}

/**
 * Every entry of `paths`, merged by timestamp (ties keep the files' order). Throws
 * `LogInputError` for a file that cannot be read.
 */
export async function* readEntries(
  paths: readonly string[],
  counts: ReadCounts,
): AsyncGenerator<Entry> {
  counts.files = paths.length;
  for (const p of paths) await sniff(p);
  const its = paths.map((p) => fileEntries(p, counts));
  const heads: (Entry | undefined)[] = [];
  for (const it of its) heads.push((await it.next()).value ?? undefined);
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && (best === -1 || h.ms < heads[best]!.ms)) best = i;
    }
    if (best === -1) return;
    yield heads[best]!;
    heads[best] = (await its[best]!.next()).value ?? undefined;
  }
}
