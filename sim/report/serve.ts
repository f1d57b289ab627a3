/**
 * A tiny local web server for the viewer: serves the built viewer (viz/dist) and one trace at
 * `/trace.json`, on 127.0.0.1 only. For `movesim view` and the browser tests.
 *
 * It serves files, nothing else: no directory listings, nothing outside viz/dist, no writes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

import { vizDistDir } from './html.js';

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
  traceText: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built viewer's folder; viz/dist of the package by default. */
  distDir?: string;
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

/** Starts the server; resolves once it listens. */
export async function serveViewer(opts: ServeOptions): Promise<Served> {
  const dist = opts.distDir ?? vizDistDir();
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      'The viewer is not built (missing viz/dist/index.html). Run `npm run build:viz` first.',
    );
  }
  const trace = Buffer.from(opts.traceText, 'utf8');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/trace.json') {
      res.writeHead(200, {
        'content-type': TYPES['.json'] as string,
        'content-length': trace.length,
        'cache-control': 'no-store',
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
