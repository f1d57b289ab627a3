/**
 * The per-lane index behind zoomed-out bands (lane-index.ts): counting each lane's arrows per
 * band row by binary search gives the counts, and the first arrow's step, that visiting every
 * arrow of the window gives.
 */
import { describe, expect, it } from 'vitest';

import { countLaneRows, laneIndex } from '../../viz/src/lane-index.js';
import { buildModel } from '../../viz/src/model.js';
import { buildScene, type Scene } from '../../viz/src/scene.js';
import { bigRun } from './fixtures.js';

/** The counts and steps of every (row, lane) cell, by visiting each arrow (the reference). */
function bruteForce(
  scene: Scene,
  nLanes: number,
  g: { ya: number; lo: number; hi: number; r0: number; rows: number; rowPx: number },
): Map<number, { count: number; step: number }> {
  const out = new Map<number, { count: number; step: number }>();
  const { p0 } = scene.arrowIndex;
  for (let i = 0; i < p0.length; i++) {
    const p = p0[i] as number;
    if (p < g.lo || p > g.hi) continue;
    const r = Math.min(g.rows - 1, Math.max(0, Math.floor((g.ya * p) / g.rowPx) - g.r0));
    const pr = scene.arrowPair[i] as number;
    const lanes = new Set([Math.floor(pr / nLanes), pr % nLanes]);
    for (const lane of lanes) {
      const key = r * nLanes + lane;
      const c = out.get(key) ?? { count: 0, step: scene.arrowStep[i] as number };
      c.count++;
      out.set(key, c);
    }
  }
  return out;
}

describe('bands from the per-lane index', () => {
  it('counts the arrows of each lane and band row as visiting every arrow does', () => {
    const model = buildModel(bigRun(4_000));
    const scene = buildScene(model, {
      mode: 'time',
      filter: {},
      lanes: { hidden: new Set(), groupBrowsers: true, left: 0, width: 1200 },
    });
    const nLanes = scene.lanes.lanes.length;
    const idx = laneIndex(scene, nLanes);
    let cells = 0;
    let multi = 0;
    const span = scene.pMax - scene.pMin;
    // Windows of several sizes and zooms (rows of 3 px, `ya` pixels per microsecond).
    for (const [from, frac, ya] of [
      [0, 1, 900 / span],
      [0.2, 0.1, 9000 / span],
      [0.55, 0.01, 90_000 / span],
    ] as const) {
      const lo = scene.pMin + from * span;
      const hi = lo + frac * span;
      const r0 = Math.floor((ya * lo) / 3);
      const rows = Math.max(1, Math.floor((ya * hi) / 3) - r0 + 1);
      const g = { ya, lo, hi, r0, rows, rowPx: 3 };
      const counts = new Uint32Array(rows * nLanes);
      const steps = new Uint8Array(rows * nLanes);
      const used: number[] = [];
      countLaneRows(idx, g, counts, steps, (k) => used.push(k));
      const ref = bruteForce(scene, nLanes, g);
      expect(new Set(used)).toEqual(new Set(ref.keys()));
      for (const [key, c] of ref) {
        expect(counts[key]).toBe(c.count);
        expect(steps[key]).toBe(c.step);
        cells++;
        if (c.count > 1) multi++;
      }
    }
    // The windows hold many cells, and cells with several arrows (so counting is exercised).
    expect(cells).toBeGreaterThan(100);
    expect(multi).toBeGreaterThan(20);
  });
});
