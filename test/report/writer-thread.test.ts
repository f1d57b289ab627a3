/**
 * Writing from a worker thread: the file holds exactly the bytes an FdWriter writes for the
 * same calls, `flush` returns only once they are in the file, and a failed write is reported
 * to the caller with its reason instead of being lost.
 */
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FdWriter } from '../../sim/report/fd-writer.js';
import { ThreadedFdWriter } from '../../sim/report/writer-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'movesim-writer-thread-'));
let files = 0;

type Call = readonly ['write' | 'line', string];

/** The file's text after `calls` through a writer made by `make`. */
function writtenBy(
  make: (fd: number) => FdWriter | ThreadedFdWriter,
  calls: readonly Call[],
): string {
  const path = join(dir, `out-${files++}.txt`);
  const fd = openSync(path, 'w');
  const w = make(fd);
  for (const [how, text] of calls) {
    if (how === 'write') w.write(text);
    else w.writeLine(text);
  }
  w.flush();
  if (w instanceof ThreadedFdWriter) w.close();
  closeSync(fd);
  return readFileSync(path, 'utf8');
}

describe('a ThreadedFdWriter', () => {
  it('writes the bytes an FdWriter writes: short lines, multi-byte characters and text longer than a batch', () => {
    const calls: Call[] = [];
    for (let i = 0; i < 30_000; i++)
      calls.push(
        i % 5000 === 0
          ? ['write', `é${'漢'.repeat(300_000)}😀`]
          : ['line', `{"seq":${i},"line":"ü ${'x'.repeat(i % 90)}"}`],
      );
    const threaded = writtenBy((fd) => new ThreadedFdWriter(fd), calls);
    expect(threaded).toBe(writtenBy((fd) => new FdWriter(fd, 1 << 20), calls));
    expect(threaded.length).toBeGreaterThan(8 * (1 << 18));
  });

  it('has every byte written so far in the file when flush returns', () => {
    const path = join(dir, `out-${files++}.txt`);
    const fd = openSync(path, 'w');
    const w = new ThreadedFdWriter(fd);
    let expected = '';
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20_000; i++) {
        const line = `round ${round} line ${i}`;
        w.writeLine(line);
        expected += `${line}\n`;
      }
      w.flush();
      expect(readFileSync(path, 'utf8')).toBe(expected);
    }
    w.close();
    closeSync(fd);
  });

  it('reports a write the file refused, with the reason, at the next flush', () => {
    const path = join(dir, `out-${files++}.txt`);
    closeSync(openSync(path, 'w'));
    const readOnly = openSync(path, 'r');
    const w = new ThreadedFdWriter(readOnly);
    w.writeLine('this cannot be written');
    expect(() => w.flush()).toThrow(/writing to file descriptor \d+ failed: .*EBADF/);
    w.abort();
    closeSync(readOnly);
  });

  it('refuses to write after it was aborted', () => {
    const path = join(dir, `out-${files++}.txt`);
    const fd = openSync(path, 'w');
    const w = new ThreadedFdWriter(fd);
    w.abort();
    expect(() => {
      for (let i = 0; i < 100_000; i++) w.writeLine('more text than one batch');
    }).toThrow(/was closed/);
    closeSync(fd);
  });
});
