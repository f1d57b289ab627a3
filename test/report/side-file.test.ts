/**
 * The compact side file (sim/report/side-file.ts): `movesim run` writes it beside a large
 * `trace.json` from the events in memory, with the very bytes the server's own encoding of the
 * written trace gives; `movesim view` sends it as it is when it is the encoding of exactly that
 * trace, and otherwise says why not, encodes the trace and keeps that encoding; nothing is ever
 * half-written. The size threshold is lowered here (small scenarios stand in for large runs).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../../sim/cli/io.js';
import { runCommand } from '../../sim/cli/run-command.js';
import { viewSide } from '../../sim/cli/view-side.js';
import { encodeTraceLines, fileLines } from '../../sim/report/compact-lines.js';
import { serveViewer } from '../../sim/report/serve.js';
import {
  compactSidePath,
  readCompactSide,
  traceIdentity,
  writeCompactSide,
} from '../../sim/report/side-file.js';
import { startView } from '../cli/helpers.js';
import { ensureViewerBuilt } from '../viz/build.js';

const SCENARIO = 'scenarios/troubleshoot-b-target-bridge-crash.yaml';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const scratchDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'movesim-side-'));
  dirs.push(d);
  return d;
};

/** Runs the scenario into a new folder (state level, so patches with Maps are in it). */
async function run(
  seed: number,
  sideFileMinBytes: number,
  dir = scratchDir(),
  side: 'on' | 'off' | 'default' = 'on',
  notes?: string[],
): Promise<string> {
  const errs: string[] = notes ?? [];
  const code = await runCommand(
    SCENARIO,
    {
      seed: String(seed),
      out: dir,
      traceLevel: 'state',
      json: true,
      sideFileMinBytes,
      ...(side === 'default' ? {} : { compactSide: side === 'on' }),
    },
    () => undefined,
    (s) => errs.push(s),
  );
  if (notes === undefined) expect(errs).toEqual([]);
  expect(code).toBe(0);
  return join(dir, 'trace.json');
}

/** A stand-in for the built viewer: the server only needs its index.html to exist. */
function distDir(): string {
  const d = scratchDir();
  writeFileSync(join(d, 'index.html'), '<!doctype html>');
  return d;
}

/** The encoding's bytes as the server makes them from the trace file. */
function encodingOf(tracePath: string): Buffer {
  const enc = encodeTraceLines(fileLines(tracePath));
  if (enc === null) throw new Error('not encodable');
  return Buffer.concat([...enc.encoder.parts(enc.header)]);
}

/** An io that keeps stderr's lines. */
function captureIo(): CliIo & { errs: string[] } {
  const errs: string[] = [];
  return {
    errs,
    print: () => undefined,
    printErr: (s) => errs.push(s),
    write: () => undefined,
    writeErr: () => undefined,
    stderrIsTTY: false,
  };
}

/** The compact form a server sends (inflated), as the page asks for it. */
function fetchCompact(url: string): Promise<{ type: string; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(
      new URL('/trace.json', url),
      { headers: { accept: 'application/x-movesim-trace-compact' } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () =>
          done({
            type: String(res.headers['content-type']),
            body: gunzipSync(Buffer.concat(parts)),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('the compact side file', { timeout: 60_000 }, () => {
  it('is written by a run of a large trace with the bytes the server would encode, and view sends it', async () => {
    const trace = await run(1, 0);
    const side = compactSidePath(trace);
    expect(side).toBe(join(trace, '..', 'trace.compact.gz'));
    expect(gunzipSync(readFileSync(side)).equals(encodingOf(trace))).toBe(true);

    const io = captureIo();
    const got = viewSide(trace, io, { minBytes: 0 });
    expect(got.compactGzip).toBeDefined();
    expect(got.onCompactMade).toBeUndefined();
    expect(io.errs.join('\n')).toContain('nothing to encode');
    const served = await serveViewer({
      distDir: distDir(),
      traceText: readFileSync(trace, 'utf8'),
      compactGzip: got.compactGzip!,
      onCompactMade: () => {
        throw new Error('the server encoded a trace whose side file it was given');
      },
    });
    try {
      const sent = await fetchCompact(served.url);
      expect(sent.type).toBe('application/x-movesim-trace-compact');
      expect(sent.body.equals(encodingOf(trace))).toBe(true);
    } finally {
      await served.close();
    }
  });

  it('is not written for a trace under the size threshold or without --compact-side (the default), and a stale one there is removed', async () => {
    for (const [minBytes, side] of [
      [Number.MAX_SAFE_INTEGER, 'on'],
      [0, 'off'],
      [0, 'default'],
    ] as const) {
      const trace = await run(1, 0);
      const dir = join(trace, '..');
      expect(existsSync(compactSidePath(trace))).toBe(true);
      const notes: string[] = [];
      await run(2, minBytes, dir, side, notes);
      expect(existsSync(compactSidePath(trace))).toBe(false);
      // Asked for and too small: one note says why none was written; otherwise nothing is said.
      if (side === 'on') {
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatch(
          /^movesim: no .*trace\.compact\.gz written: .*trace\.json is [\d.]+ [KM]iB, under the [\d.]+ [KM]iB a side file is made for/,
        );
      } else expect(notes).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['cms.log', 'summary.json', 'trace.json']);
    }
  });

  it('of another trace is not served: view says so, encodes, and keeps the new encoding', async () => {
    const one = await run(1, 0);
    const two = await run(2, Number.MAX_SAFE_INTEGER, scratchDir(), 'off');
    copyFileSync(compactSidePath(one), compactSidePath(two));
    const before = readCompactSide(two);
    expect(before.state).toBe('stale');

    const io = captureIo();
    const got = viewSide(two, io, { minBytes: 0 });
    expect(got.compactGzip).toBeUndefined();
    expect(io.errs.join('\n')).toMatch(
      /trace\.compact\.gz is not used: it was made from another trace/,
    );
    const served = await serveViewer({
      distDir: distDir(),
      traceText: readFileSync(two, 'utf8'),
      ...got,
    });
    try {
      const sent = await fetchCompact(served.url);
      expect(sent.body.equals(encodingOf(two))).toBe(true);
    } finally {
      await served.close();
    }
    expect(io.errs.join('\n')).toContain('wrote ');
    const after = readCompactSide(two);
    expect(after.state).toBe('ok');
    if (after.state === 'ok') expect(gunzipSync(after.gzip).equals(encodingOf(two))).toBe(true);
  });

  it('is not served once its trace has changed', async () => {
    const trace = await run(1, 0);
    expect(readCompactSide(trace).state).toBe('ok');
    const text = readFileSync(trace, 'utf8');
    writeFileSync(trace, text.replace('"seed":1', '"seed":7'));
    expect(readCompactSide(trace)).toMatchObject({ state: 'stale' });
  });

  it('made by the version 3 encoder (no opening section) is stale: view says so and encodes version 4 again', async () => {
    const trace = await run(1, 0);
    const side = compactSidePath(trace);
    const file = readFileSync(side);
    // The comment (between the gzip header and its NUL) names the encoder's version.
    const end = file.indexOf(0, 10);
    const comment = JSON.parse(file.subarray(10, end).toString('latin1')) as Record<
      string,
      unknown
    >;
    expect(comment.compactVersion).toBe(4);
    const old = Buffer.from(JSON.stringify({ ...comment, compactVersion: 3 }), 'latin1');
    writeFileSync(side, Buffer.concat([file.subarray(0, 10), old, file.subarray(end)]));
    expect(readCompactSide(trace)).toMatchObject({
      state: 'stale',
      why: 'it holds version 3 of the encoding, not 4',
    });
    const io = captureIo();
    expect(viewSide(trace, io).compactGzip).toBeUndefined();
    expect(io.errs.join('\n')).toMatch(/is not used: it holds version 3 of the encoding/);
  });

  it('that is damaged or cut off is not served, with the reason', async () => {
    const trace = await run(1, 0);
    const side = compactSidePath(trace);
    const good = readFileSync(side);
    const flipped = Buffer.from(good);
    flipped[good.length - 100] = (good[good.length - 100] ?? 0) ^ 0xff;
    const cases: [Buffer, RegExp][] = [
      [flipped, /cut off or changed/],
      [good.subarray(0, good.length - 1), /cut off or changed/],
      [good.subarray(0, 40), /header is cut off/],
      [Buffer.from('not gzip at all'), /not a gzip file/],
    ];
    for (const [bytes, why] of cases) {
      writeFileSync(side, bytes);
      const read = readCompactSide(trace);
      expect(read.state).toBe('damaged');
      if (read.state === 'damaged') expect(read.why).toMatch(why);
      const io = captureIo();
      expect(viewSide(trace, io).compactGzip).toBeUndefined();
      expect(io.errs.join('\n')).toMatch(/is not used/);
    }
  });

  it('is never half-written: a write that fails leaves neither the file nor its temporary', async () => {
    const trace = await run(1, 0);
    const side = compactSidePath(trace);
    const gzip = (readCompactSide(trace) as { gzip: Buffer }).gzip;
    rmSync(side);
    mkdirSync(join(side, 'in-the-way'), { recursive: true });
    expect(() => writeCompactSide(trace, gzip, traceIdentity(trace))).toThrow();
    expect(readdirSync(join(trace, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(side)).toEqual(['in-the-way']);
    // A run into that folder is refused before it runs (exit 2 through the UsageError).
    const dir = scratchDir();
    mkdirSync(join(dir, 'trace.compact.gz'));
    await expect(
      runCommand(
        SCENARIO,
        { out: dir, traceLevel: 'state', json: true, sideFileMinBytes: 0 },
        () => undefined,
        () => undefined,
      ),
    ).rejects.toThrow(/trace\.compact\.gz is a folder, which movesim will not replace/);
    expect(readdirSync(dir)).toEqual(['trace.compact.gz']);
  });

  it('is what movesim view sends, with the trace text read only when asked for', async () => {
    const trace = await run(1, 0);
    await ensureViewerBuilt();
    const { child, url, stderr } = await startView(trace);
    try {
      expect(stderr()).toContain(`compact encoding: ${compactSidePath(trace)}`);
      expect((await fetchCompact(url)).body.equals(encodingOf(trace))).toBe(true);
      const text = await fetch(new URL('/trace.json', url));
      expect(await text.text()).toBe(readFileSync(trace, 'utf8'));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
