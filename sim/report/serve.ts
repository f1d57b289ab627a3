/**
 * A tiny local web server for the viewer: serves the built viewer (viz/dist) and one trace at
 * `/trace.json`, on 127.0.0.1 only. For `movesim view` and the browser tests.
 *
 * The trace is offered in two forms at the same address: its own text, and (to a request that
 * accepts `application/x-movesim-trace-compact`, as the viewer's does) the compact encoding
 * (compact-trace.ts), sent gzip-compressed, which the browser inflates as it receives it. The
 * caller may give that gzip ready-made (a side file's, side-file.ts: sent as it is, nothing is
 * encoded); otherwise it is made once on the first request for it and handed to `onCompactMade`
 * (so the caller can keep it as a side file). A trace the compact encoder does not take as it
 * is (any shape movesim does not write) is offered as text only.
 *
 * It serves files, nothing else: no directory listings, nothing outside viz/dist, no writes
 * (keeping the encoding it made as a side file is the caller's choice).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { encodeTraceLines, encodeTraceValue } from './compact-lines.js';
import type { OpeningOptions } from './compact-opening.js';
import { COMPACT_FORMAT } from './compact-trace.js';
import { vizDistDir } from './html.js';
import { SIDE_GZIP_LEVEL } from './side-file.js';

/** The media type of the compact encoding's bytes. */
const COMPACT_TYPE = `application/x-${COMPACT_FORMAT}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface ServeOptions {
  /** The trace's text, or a function that reads it (called once, on the first need of it). */
  traceText: string | (() => string);
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built viewer's folder; viz/dist of the package by default. */
  distDir?: string;
  /** Whether to offer the compact encoding too (true by default; false serves text only). */
  compact?: boolean;
  /**
   * The compact encoding of `traceText`, already gzip-compressed (a valid side file's), sent as
   * it is. Default: none, the server encodes the trace on the first request for it.
   */
  compactGzip?: Buffer;
  /** Called once with the gzip the server made, when it made one. Default: nothing. */
  onCompactMade?: (gzip: Buffer) => void;
  /**
   * When the encoding the server makes has an opening section (compact-opening.ts). Default:
   * the encoder's (runs of 200,000 events or more); tests make one for a small run.
   */
  opening?: OpeningOptions;
}

/** The trace's compact encoding, gzip-compressed (fast setting), or null when it has none. */
function compactGzip(traceText: string, opening?: OpeningOptions): Buffer | null {
  // A trace on one line is read whole first, so a large one is not parsed twice.
  const oneLine = !traceText.trimEnd().includes('\n');
  const encoded = oneLine
    ? (encodeTraceValue(oneValue(traceText)) ?? encodeTraceLines([traceText]))
    : (encodeTraceLines(traceText.split('\n')) ?? encodeTraceValue(oneValue(traceText)));
  if (encoded === null) return null;
  return gzipSync(Buffer.concat([...encoded.encoder.parts(encoded.header, opening)]), {
    level: SIDE_GZIP_LEVEL,
  });
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

/** A text's one JSON value (a `trace.json` on one line), or undefined. */
function oneValue(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether an Accept header names a media type (without refusing it with q=0). */
function accepts(header: string | undefined, type: string): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...params] = part.split(';').map((x) => x.trim());
    return name === type && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/** Starts the server; resolves once it listens. */
export async function serveViewer(opts: ServeOptions): Promise<Served> {
  const dist = opts.distDir ?? vizDistDir();
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      'The viewer is not built (missing viz/dist/index.html). Run `npm run build:viz` first.',
    );
  }
  // The text's bytes are made on the first request for them: a page that takes the compact form
  // never needs them, and a large trace's take seconds to make.
  let traceBytes: Buffer | undefined;
  let text: string | undefined;
  const traceText = (): string =>
    (text ??= typeof opts.traceText === 'string' ? opts.traceText : opts.traceText());
  // The compact form is made on the first request for it, so the address is printed at once and
  // the page shows its progress while a large trace is encoded; later requests reuse it.
  let compact: Buffer | null | undefined =
    opts.compact === false ? null : (opts.compactGzip ?? undefined);
  let made = false;
  const compactForm = (): Buffer | null => {
    if (compact === undefined) {
      compact = compactGzip(traceText(), opts.opening);
      made = compact !== null;
    }
    return compact;
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const wantsCompact = path === '/trace.json' && accepts(req.headers.accept, COMPACT_TYPE);
    const packed = wantsCompact ? compactForm() : null;
    if (packed !== null) {
      res.writeHead(200, {
        'content-type': COMPACT_TYPE,
        'content-encoding': 'gzip',
        'content-length': packed.length,
        'cache-control': 'no-store',
        vary: 'accept',
      });
      res.end(req.method === 'HEAD' ? undefined : packed);
      if (made) {
        made = false;
        opts.onCompactMade?.(packed);
      }
      return;
    }
    if (path === '/trace.json') {
      let trace: Buffer;
      try {
        trace = traceBytes ??= Buffer.from(traceText(), 'utf8');
      } catch (e) {
        // The text is read from its file only now; a file gone since is said to the page.
        const why = `the trace cannot be read: ${e instanceof Error ? e.message : String(e)}`;
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(why);
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES['.json'] as string,
        'content-length': trace.length,
        'cache-control': 'no-store',
        vary: 'accept',
      });
      res.end(req.method === 'HEAD' ? undefined : trace);
      return;
    }
    const rel = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
    const file = normalize(join(dist, rel));
    if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?trace=/trace.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
