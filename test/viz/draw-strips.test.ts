/**
 * The state strips' painter: limbo strips of a lane that overlap on screen are painted as one
 * rectangle of one filled path, strips elsewhere stay apart, and dead lifelines are painted
 * under the limbo. A recording stand-in for the canvas context says what was painted.
 */
import { describe, expect, it } from 'vitest';

import type { Frame } from '../../viz/src/draw-canvas.js';
import { drawStrips, type Strip } from '../../viz/src/draw-strips.js';
import type { Lane } from '../../viz/src/layout.js';

/** A canvas context that records the calls a painter makes, as text. */
function recorder(): { ctx: CanvasRenderingContext2D; calls: string[] } {
  const calls: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get:
        (_t, name) =>
        (...args: unknown[]) =>
          calls.push(`${String(name)}(${args.join(',')})`),
      set: (_t, name, value) => {
        calls.push(`${String(name)}=${String(value)}`);
        return true;
      },
    },
  ) as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

const lane = (x: number): Lane => ({
  key: `n${x}`,
  label: `n${x}`,
  kind: 'browser',
  nodeIds: [`n${x}`],
  x,
  width: 40,
  hidden: false,
  group: false,
});

/** One pixel row per position unit, rows 0 to 1000 visible. */
const frame: Frame = {
  yOf: (p) => p,
  ya: 1,
  yb: 0,
  lo: 0,
  hi: 1000,
  top: 0,
  bottom: 1000,
  lanes: [lane(100), lane(200)],
};

const limbo = (laneIndex: number, p0: number, p1: number): Strip => ({
  lane: laneIndex,
  p0,
  p1,
  kind: 'limbo',
  about: 'm',
});

describe('the state strips painter', () => {
  it('merges limbo strips of a lane that overlap on screen into one rectangle of one fill', () => {
    const { ctx, calls } = recorder();
    const n = drawStrips(ctx, [limbo(0, 10, 50), limbo(0, 40, 90), limbo(0, 91, 95)], frame);
    expect(n).toBe(3);
    expect(calls.filter((c) => c.startsWith('rect('))).toEqual(['rect(97.5,10,5,85)']);
    expect(calls.filter((c) => c === 'fill()')).toHaveLength(1);
  });

  it('keeps limbo strips apart when a gap or another lane separates them', () => {
    const { ctx, calls } = recorder();
    drawStrips(ctx, [limbo(0, 10, 20), limbo(1, 15, 25), limbo(0, 100, 120)], frame);
    expect(calls.filter((c) => c.startsWith('rect(')).sort()).toEqual([
      'rect(197.5,15,5,10)',
      'rect(97.5,10,5,10)',
      'rect(97.5,100,5,20)',
    ]);
  });

  it('paints nothing of strips outside the window or on hidden lanes', () => {
    const { ctx, calls } = recorder();
    const hidden: Frame = { ...frame, lanes: [lane(100), { ...lane(200), hidden: true }] };
    const n = drawStrips(ctx, [limbo(0, 2000, 2100), limbo(1, 10, 20)], hidden);
    expect(n).toBe(0);
    expect(calls.filter((c) => c.startsWith('rect(') || c === 'fill()')).toEqual([]);
  });

  it('paints a dead lifeline before the limbo over it', () => {
    const { ctx, calls } = recorder();
    const dead: Strip = { lane: 0, p0: 0, p1: 500, kind: 'dead', about: 'n100' };
    drawStrips(ctx, [limbo(0, 10, 50), dead], frame);
    const deadFill = calls.findIndex((c) => c.startsWith('fillRect('));
    const limboFill = calls.indexOf('fill()');
    expect(deadFill).toBeGreaterThanOrEqual(0);
    expect(limboFill).toBeGreaterThan(deadFill);
  });
});
