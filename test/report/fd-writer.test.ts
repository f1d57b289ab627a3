/**
 * Buffered writing to a file descriptor: whatever the buffer size, the file holds exactly the
 * text written, multi-byte characters and over-long lines included.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FdWriter } from '../../sim/report/fd-writer.js';
import { TextFileWriter } from '../../sim/report/text-file-writer.js';

function written(
  capacityChars: number,
  parts: readonly (readonly ['write' | 'line', string])[],
): string {
  const path = join(mkdtempSync(join(tmpdir(), 'movesim-fd-')), 'out.txt');
  const fd = openSync(path, 'w');
  const w = new FdWriter(fd, capacityChars);
  for (const [how, text] of parts) {
    if (how === 'write') w.write(text);
    else w.writeLine(text);
  }
  w.flush();
  closeSync(fd);
  return readFileSync(path, 'utf8');
}

describe('an FdWriter', () => {
  const parts = [
    ['line', 'plain ascii'],
    ['write', 'é ü — 漢字 😀'],
    ['line', ''],
    ['line', 'x'.repeat(50)],
    ['write', 'tail without newline'],
  ] as const;
  const expected = 'plain ascii\né ü — 漢字 😀\n' + `${'x'.repeat(50)}\ntail without newline`;

  it.each([1, 2, 7, 16, 1 << 20])(
    'writes exactly the text given with a buffer of %i characters',
    (capacity) => {
      expect(written(capacity, parts)).toBe(expected);
    },
  );

  it('writes many short lines in order across many flushes', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'ä'.repeat(i % 7)}`);
    expect(
      written(
        64,
        lines.map((l) => ['line', l] as const),
      ),
    ).toBe(lines.map((l) => `${l}\n`).join(''));
  });

  it('writes lines joined into batches, and text longer than a batch, in order with the default buffer', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      i % 997 === 0 ? `long ${i} ${'漢'.repeat(70_000)}` : `line ${i} ${'é'.repeat(i % 5)}`,
    );
    expect(
      written(
        1 << 20,
        lines.map((l) => ['line', l] as const),
      ),
    ).toBe(lines.map((l) => `${l}\n`).join(''));
  });
});

describe('a TextFileWriter', () => {
  it('puts the file in place only when closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-text-'));
    const w = new TextFileWriter(join(dir, 'cms.log'), 4);
    w.write('first line\n');
    w.write('second line\n');
    expect(existsSync(join(dir, 'cms.log'))).toBe(false);
    w.close();
    expect(readFileSync(join(dir, 'cms.log'), 'utf8')).toBe('first line\nsecond line\n');
    expect(readdirSync(dir)).toEqual(['cms.log']);
  });

  it('keeps the closed file when aborted after closing (the clean-up of a run that failed later)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-text-'));
    const w = new TextFileWriter(join(dir, 'cms.log'), 4);
    w.write('kept\n');
    w.close();
    w.abort();
    expect(readFileSync(join(dir, 'cms.log'), 'utf8')).toBe('kept\n');
    expect(readdirSync(dir)).toEqual(['cms.log']);
  });

  it('leaves nothing behind when aborted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'movesim-text-'));
    const w = new TextFileWriter(join(dir, 'cms.log'), 4);
    w.write('a line that is flushed before the abort\n');
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
