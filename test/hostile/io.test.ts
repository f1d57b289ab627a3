/**
 * Hostile output paths and input files, through the real command in a child process: each bad
 * path or file is refused with exit 2 and one line naming it and why, before anything runs,
 * with no stack trace, nothing printed as if the command ran, no file written beside the target,
 * and nothing left in the system's temporary folder (the child's TMPDIR, a fresh folder here).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  BUILT,
  filesUnder,
  movesim,
  removeScratch,
  ROOT,
  SCENARIO,
  scratch,
} from '../cli/helpers.js';

afterAll(removeScratch);

const scenario = join(ROOT, SCENARIO);

/**
 * Runs movesim in a fresh folder with a fresh TMPDIR; returns the result and what each folder holds
 * afterwards.
 */
async function hostile(args: (dir: string) => string[], setup: (dir: string) => void = () => {}) {
  const dir = scratch('movesim-hostile-');
  const tmp = scratch('movesim-hostile-tmp-');
  setup(dir);
  const before = filesUnder(dir);
  const rootBefore = readdirSync('/').filter((n) => n.endsWith('.tmp'));
  const result = await movesim(args(dir), dir, { TMPDIR: tmp });
  return {
    ...result,
    dir,
    before,
    after: filesUnder(dir),
    tmpAfter: filesUnder(tmp),
    rootNew: readdirSync('/').filter((n) => n.endsWith('.tmp') && !rootBefore.includes(n)),
  };
}

type Hostile = Awaited<ReturnType<typeof hostile>>;

/** Exit 2, one line on stderr matching `message`, nothing on stdout, and no file made anywhere. */
function refused(r: Hostile, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(r.after).toEqual(r.before);
  expect(r.tmpAfter).toEqual([]);
  expect(r.rootNew).toEqual([]);
}

describe.skipIf(!BUILT)(
  'output paths are vetted before anything runs',
  { concurrent: true },
  () => {
    it('refuses run --out naming an existing file', async () => {
      const r = await hostile(
        () => [`run`, scenario, '--out', 'afile'],
        (d) => writeFileSync(join(d, 'afile'), 'keep'),
      );
      refused(r, /^movesim: --out afile: is a file, not a folder/);
    });

    it('refuses run --out /dev/null', async () => {
      refused(
        await hostile(() => ['run', scenario, '--out', '/dev/null']),
        /--out \/dev\/null: is a character device, not a folder/,
      );
    });

    it('refuses run --html naming a folder, and leaves no temporary file beside that folder', async () => {
      const r = await hostile(
        (d) => ['run', scenario, '--out', join(d, 'o'), '--html', join(d, 'sub')],
        (d) => mkdirSync(join(d, 'sub')),
      );
      refused(r, /--html .*sub: is a folder; name a file inside it/);
      expect(readdirSync(dirname(r.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    });

    it('refuses check --out under a file before the search runs', async () => {
      const r = await hostile(
        () => ['check', '--runs', '5', '--out', 'afile/sub'],
        (d) => writeFileSync(join(d, 'afile'), 'keep'),
      );
      refused(r, /^movesim: --out afile\/sub: .*afile is a file, not a folder/);
    });

    it('refuses export -o naming a folder', async () => {
      refused(
        await hostile(() => ['export', scenario, '--format', 'cmslog', '-o', '.']),
        /^movesim: -o \.: is a folder/,
      );
    });

    it('refuses merge -o naming a folder', async () => {
      refused(await hostile(() => ['merge', 'x.json', '-o', '.']), /^movesim: -o \.: is a folder/);
    });

    it('refuses an --out under /proc, where no folder can be created, without looping', async () => {
      refused(
        await hostile(() => ['run', scenario, '--out', '/proc/movesim/out']),
        /--out \/proc\/movesim\/out: cannot create files in \/proc/,
      );
    });

    it('refuses an --out under a regular file', async () => {
      const r = await hostile(
        () => ['run', scenario, '--out', 'afile/sub/out'],
        (d) => writeFileSync(join(d, 'afile'), 'keep'),
      );
      refused(r, /--out afile\/sub\/out: .*afile is a file, not a folder/);
    });

    it('refuses a folder it cannot write in, even as root (under /sys)', async () => {
      refused(
        await hostile(() => ['run', scenario, '--out', '/sys/movesim-out']),
        /--out \/sys\/movesim-out: cannot create files in \/sys/,
      );
    });

    it('refuses a folder name longer than a file system allows', async () => {
      refused(
        await hostile(() => ['run', scenario, '--out', 'x'.repeat(300)]),
        /is 300 bytes, longer than the 255 a file system allows/,
      );
    });

    it('refuses a file name that leaves no room for its temporary name', async () => {
      refused(
        await hostile(() => ['export', scenario, '--format', 'cmslog', '-o', 'y'.repeat(250)]),
        /leaves no room for its temporary name/,
      );
    });

    it('refuses an output folder whose trace.json is a folder, which it would not replace', async () => {
      const r = await hostile(
        () => ['run', scenario, '--out', 'o'],
        (d) => mkdirSync(join(d, 'o', 'trace.json'), { recursive: true }),
      );
      refused(r, /--out o: o\/trace.json is a folder, which movesim will not replace/);
    });

    it('refuses sweep --out naming an existing file before running a seed', async () => {
      const r = await hostile(
        () => ['sweep', scenario, '--seeds', '1..3', '--out', 'afile'],
        (d) => writeFileSync(join(d, 'afile'), 'keep'),
      );
      refused(r, /--out afile: is a file, not a folder/);
    });
  },
);

describe.skipIf(!BUILT)('input files are vetted before they are read', { concurrent: true }, () => {
  const fifo = (d: string) => execFileSync('mkfifo', [join(d, 'pipe')]);

  it('refuses a FIFO at once instead of blocking (validate)', async () => {
    refused(
      await hostile(() => ['validate', 'pipe'], fifo),
      /^pipe: is a FIFO \(named pipe\), not a regular file/,
    );
  });

  it('refuses /dev/zero instead of reading forever (validate)', async () => {
    refused(
      await hostile(() => ['validate', '/dev/zero']),
      /^\/dev\/zero: is a character device, not a regular file/,
    );
  });

  it('refuses /dev/urandom as a scenario to run', async () => {
    refused(
      await hostile(() => ['run', '/dev/urandom']),
      /^\/dev\/urandom: is a character device.*nothing was run or written/,
    );
  });

  it('refuses a folder as a trace to export', async () => {
    refused(
      await hostile(() => ['export', '.', '--format', 'mermaid']),
      /^\.: is a folder, not a regular file/,
    );
  });

  it('refuses a FIFO as a trace to view', async () => {
    refused(await hostile(() => ['view', 'pipe'], fifo), /^pipe: is a FIFO/);
  });

  it('refuses a FIFO as a summary to merge', async () => {
    const r = await hostile(() => ['merge', 'pipe'], fifo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pipe: is a FIFO[^\n]*\nnothing was merged or written\.\n$/);
    expect(r.after).toEqual(r.before);
  });

  it('refuses /dev/zero as a scenario to sweep', async () => {
    refused(
      await hostile(() => ['sweep', '/dev/zero', '--seeds', '1..2']),
      /^\/dev\/zero: is a character device/,
    );
  });

  it('refuses a scenario over the 64 MiB limit without reading it', async () => {
    const r = await hostile(
      () => ['validate', 'big.yaml'],
      (d) => {
        writeFileSync(join(d, 'big.yaml'), '');
        truncateSync(join(d, 'big.yaml'), 65 * 1024 * 1024);
      },
    );
    refused(r, /^big\.yaml: is 65\.0 MiB, over the 64 MiB limit for a scenario/);
  });

  it('refuses a trace over the 500 MiB limit without reading it', async () => {
    const r = await hostile(
      () => ['export', 'big.ndjson', '--format', 'cmslog'],
      (d) => {
        writeFileSync(join(d, 'big.ndjson'), '');
        truncateSync(join(d, 'big.ndjson'), 501 * 1024 * 1024);
      },
    );
    refused(r, /^big\.ndjson: is 501\.0 MiB, over the 500 MiB limit for a trace/);
  });

  it('says a missing file is missing', async () => {
    refused(
      await hostile(() => ['validate', 'nope.yaml']),
      /^nope\.yaml: no such file; give a scenario file/,
    );
  });

  it('names a file whose name holds a line break on one line, the break escaped', async () => {
    refused(
      await hostile(() => ['validate', 'two\nlines.yaml']),
      /^two\\nlines\.yaml: no such file/,
    );
  });

  it('keeps a problem line about a broken file with a line break in its name on one line', async () => {
    const r = await hostile(
      () => ['validate', 'bad\nname.yaml'],
      (d) => writeFileSync(join(d, 'bad\nname.yaml'), 'name: [unclosed'),
    );
    expect(r.code).toBe(2);
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^bad\\nname\.yaml/);
  });
});
