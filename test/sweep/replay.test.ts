/**
 * Replay commands run as printed: every argument `shellQuote` writes reads back, through a real
 * shell, as the very argument it quoted — plain text, quotes, backslashes and control characters
 * (a line break in a file name) alike — and the quoted form is always one line.
 */
import { execFileSync } from 'node:child_process';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { replayCommand, shellQuote } from '../../sim/sweep/replay.js';

/** What bash reads `quoted` as: the argument printf receives. */
function readBack(quoted: string): string {
  return execFileSync('bash', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it('leaves safe arguments bare and quotes the rest so a shell reads them back unchanged', () => {
    expect(shellQuote('scenarios/move-across-bridges.yaml')).toBe(
      'scenarios/move-across-bridges.yaml',
    );
    for (const arg of [
      "it's",
      'a b',
      'line\nbreak',
      'tab\there',
      'back\\slash',
      "both'\n\\",
      '$HOME',
      '',
    ]) {
      const quoted = shellQuote(arg);
      expect(quoted).not.toMatch(/[\n\r]/);
      expect(readBack(quoted)).toBe(arg);
    }
  });

  it('round-trips arbitrary text without NUL through bash, with control characters generated', () => {
    let withControl = 0;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii', maxLength: 12 }).filter((s) => !s.includes('\u0000')),
        (arg) => {
          // eslint-disable-next-line no-control-regex -- counting control characters is the point.
          if (/[\u0001-\u001f\u007f]/.test(arg)) withControl++;
          const quoted = shellQuote(arg);
          expect(quoted).not.toMatch(/[\n\r]/);
          expect(readBack(quoted)).toBe(arg);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
    expect(withControl).toBeGreaterThan(10);
  });

  it('writes a replay command for a file whose name holds a line break on one line', () => {
    const cmd = replayCommand('bad\nname.yaml', 3);
    expect(cmd).toBe("npx movesim run $'bad\\x0aname.yaml' --seed 3");
  });
});
