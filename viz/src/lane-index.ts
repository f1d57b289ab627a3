/**
 * The arrows of a scene indexed per lifeline, once per scene: for each lane, the start
 * positions of the arrows that touch it (as sender or receiver), sorted, with their steps.
 *
 * Level of detail at a zoom where arrows are summed into bands: instead of visiting every arrow
 * of the window at each zoom step (630,000 on the whole large run), each lane's bands are
 * counted by binary search over its sorted starts, one search per band row that has arrows.
 * Pure data; no drawing.
 */
import { lowerBound, upperBound } from './layout.js';
import type { Scene } from './scene.js';

/** Per lane: the sorted start positions of its arrows, and each one's step (0 for none). */
export interface LaneIndex {
  starts: Float64Array[];
  steps: Uint8Array[];
}

const cache = new WeakMap<Scene, LaneIndex>();

/** The scene's lane index for `nLanes` lanes (built on first use, then kept with the scene). */
export function laneIndex(scene: Scene, nLanes: number): LaneIndex {
  const had = cache.get(scene);
  if (had && had.starts.length === nLanes) return had;
  const { p0 } = scene.arrowIndex;
  const pair = scene.arrowPair;
  const n = new Uint32Array(nLanes);
  for (let i = 0; i < pair.length; i++) {
    const pr = pair[i] as number;
    const from = Math.floor(pr / nLanes);
    const to = pr % nLanes;
    n[from] = (n[from] as number) + 1;
    if (to !== from) n[to] = (n[to] as number) + 1;
  }
  const starts = Array.from(n, (k) => new Float64Array(k));
  const steps = Array.from(n, (k) => new Uint8Array(k));
  const at = new Uint32Array(nLanes);
  const put = (lane: number, p: number, step: number): void => {
    const j = at[lane] as number;
    (starts[lane] as Float64Array)[j] = p;
    (steps[lane] as Uint8Array)[j] = step;
    at[lane] = j + 1;
  };
  // The scene's arrows are sorted by start, so each lane's starts come out sorted.
  for (let i = 0; i < pair.length; i++) {
    const pr = pair[i] as number;
    const from = Math.floor(pr / nLanes);
    const to = pr % nLanes;
    const s = scene.arrowStep[i] as number;
    put(from, p0[i] as number, s);
    if (to !== from) put(to, p0[i] as number, s);
  }
  const idx = { starts, steps };
  cache.set(scene, idx);
  return idx;
}

/**
 * Counts each lane's arrows starting in each band row of [lo, hi] (row r covers world pixels
 * [(r0 + r) · rowPx, (r0 + r + 1) · rowPx) at `ya` pixels per position unit) into `counts` and
 * the first one's step into `steps` (cell r · nLanes + lane), and calls `used` for each cell
 * that has any. A row's end is searched for outwards from the row's first arrow in doubling
 * steps, then by halves ("galloping"): the row's arrows are a run next to it, so the probes stay
 * near one another in memory, where a binary search over the rest of the lane (tens of
 * thousands of starts a lane on the large run) jumps across it; measured in
 * docs/performance.md, "Whole-run frames without garbage".
 */
export function countLaneRows(
  idx: LaneIndex,
  grid: { ya: number; lo: number; hi: number; r0: number; rows: number; rowPx: number },
  counts: Uint32Array,
  steps: Uint8Array,
  used: (key: number) => void,
): void {
  const { ya, lo, hi, r0, rows, rowPx } = grid;
  const nLanes = idx.starts.length;
  for (let lane = 0; lane < nLanes; lane++) {
    const a = idx.starts[lane] as Float64Array;
    const st = idx.steps[lane] as Uint8Array;
    const end = upperBound(a, hi);
    let i = lowerBound(a, lo);
    while (i < end) {
      let r = Math.floor((ya * (a[i] as number)) / rowPx) - r0;
      if (r < 0) r = 0;
      else if (r >= rows) r = rows - 1;
      // The first start past this row (the row's end in positions), at least one past i (a
      // start rounded onto the row's edge still moves on), galloping as said above; written
      // out here so that the loop calls nothing while it is not compiled yet.
      const rowEnd = r >= rows - 1 ? Infinity : ((r0 + r + 1) * rowPx) / ya;
      let j = end;
      if (rowEnd !== Infinity) {
        let from = i + 1;
        let to = from;
        let step = 1;
        while (to < end && (a[to] as number) < rowEnd) {
          from = to + 1;
          to = from + step;
          step *= 2;
        }
        if (to > end) to = end;
        while (from < to) {
          const mid = (from + to) >> 1;
          if ((a[mid] as number) < rowEnd) from = mid + 1;
          else to = mid;
        }
        j = from;
      }
      const key = r * nLanes + lane;
      if (counts[key] === 0) {
        steps[key] = st[i] as number;
        used(key);
      }
      counts[key] = (counts[key] as number) + (j - i);
      i = j;
    }
  }
}
