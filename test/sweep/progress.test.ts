/**
 * Tests of the sweep's progress display with a fake clock: on a terminal one bar is redrawn in
 * place, no more often than asked; elsewhere plain lines appear at each tenth and when time passes.
 */
import { describe, expect, it } from 'vitest';

import { createProgress } from '../../sim/sweep/progress.js';

function fake(tty: boolean, total: number) {
  let now = 0;
  const written: string[] = [];
  const p = createProgress({
    total,
    tty,
    write: (t) => written.push(t),
    clockMs: () => now,
    redrawEveryMs: 100,
    plainEveryMs: 15_000,
  });
  return { p, written, advance: (ms: number) => (now += ms) };
}

describe('createProgress', () => {
  it('redraws one bar in place on a terminal, at most every redrawEveryMs, and ends the line when finished', () => {
    const { p, written, advance } = fake(true, 100);
    for (let done = 1; done <= 100; done++) {
      advance(10);
      p.update(done, 0);
    }
    p.finish(100, 0);
    // 1000 ms of updates at 100 ms apart: about ten redraws, plus the final one at 100 %.
    expect(written.length).toBeGreaterThanOrEqual(9);
    expect(written.length).toBeLessThanOrEqual(13);
    expect(written.every((w) => w.startsWith('\r['))).toBe(true);
    // eslint-disable-next-line no-control-regex -- the progress line ends with an escape code.
    expect(written.at(-1)).toMatch(/^\r\[#{30}\] 100\/100 seeds, 0 failed, in 1\.0 s\u001b\[K\n$/);
  });

  it('prints a plain line at each tenth without a terminal, and no bar', () => {
    const { p, written, advance } = fake(false, 50);
    for (let done = 1; done <= 50; done++) {
      advance(1);
      p.update(done, done > 40 ? 1 : 0);
    }
    p.finish(50, 1);
    expect(written.length).toBe(10);
    expect(
      written.every((w) => w.startsWith('sweep: ') && w.endsWith('\n') && !w.includes('\r')),
    ).toBe(true);
    expect(written[0]).toContain('5/50 seeds, 0 failed');
    expect(written.at(-1)).toBe('sweep: 50/50 seeds, 1 failed, in 0.1 s\n');
  });

  it('prints a plain line when plainEveryMs passes even if no tenth was reached', () => {
    const { p, written, advance } = fake(false, 1_000_000);
    p.update(1, 0);
    expect(written).toEqual([]);
    advance(15_000);
    p.update(2, 0);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('2/1000000 seeds');
  });
  it('counts runs and names the grid point being run, with the rate and an ETA, for a parameter sweep', () => {
    let now = 0;
    let point = 'point 1/2 policy=cms';
    const written: string[] = [];
    const p = createProgress({
      total: 20,
      tty: false,
      write: (t) => written.push(t),
      clockMs: () => now,
      unit: 'runs',
      detail: () => point,
    });
    for (let done = 1; done <= 20; done++) {
      now += 1000;
      if (done > 10) point = 'point 2/2 policy=least-loaded';
      p.update(done, 0);
    }
    expect(written[0]).toBe(
      'sweep: 2/20 runs, 0 failed, 1.0 runs/s, ETA 18s, point 1/2 policy=cms\n',
    );
    expect(written.at(-1)).toMatch(/runs\/s, ETA 2s, point 2\/2 policy=least-loaded\n$/);
  });
});
