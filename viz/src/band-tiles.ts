/**
 * Band tiles: the zoomed-out level of detail computed once per zoom level and reused on pan.
 *
 * At one zoom the diagram's "world" (ya · position, in CSS pixels, before the pan offset) is cut
 * into horizontal tiles TILE_PX tall. A tile's bands are counted (computeBands, through the
 * per-lane index) and written as pixels into the tile's own buffer the first time a frame
 * shows it: bands never overlap, so each is a run of one colour per pixel row, with no path to
 * rasterise. Every frame at that zoom only puts the visible tiles' rows on the screen, at whole
 * device pixels. A new zoom or lane layout starts a new set; only the most recently used
 * tiles are kept.
 *
 * Measured in headless Chromium (software canvas) on the large run, docs/performance.md:
 * filling band paths each frame, and a layer canvas scrolled into itself, cost more than
 * writing the pixels once and putting them (a canvas drawn from and then changed is copied).
 */
import {
  type Band,
  BAND_PX,
  type BandRuns,
  bandsOf,
  bandWidth,
  countBands,
  RUN_FIELDS,
} from './bands.js';
import { stepColor } from './colors.js';
import type { Frame } from './draw-canvas.js';
import type { Lane } from './layout.js';
import type { Scene } from './scene.js';

/** Height of one tile in world CSS pixels (a multiple of the band row height, 3 px). */
export const TILE_PX = 192;

/** Tiles kept at one zoom (about four screens of a 1000-pixel-high view). */
const MAX_TILES = 24;

interface Tile {
  img: ImageData;
  /** The tile's bands as runs (Band objects are made only when asked for: `bandsOf`). */
  runs: BandRuns;
}

/** The tiles of one zoom level and lane layout. */
interface TileSet {
  ya: number;
  lanes: Lane[];
  dpr: number;
  /** The painted columns, in device pixels: the lifelines' span. */
  x0: number;
  width: number;
  /** Tiles by index (world y / TILE_PX), in least-recently-used order. */
  tiles: Map<number, Tile>;
}

const sets = new WeakMap<Scene, TileSet>();

/**
 * Cleared pixel buffers of tiles no longer kept, for reuse: a new ImageData costs milliseconds
 * in Chromium (measured: 5-10 ms for a 1240 × 192 one, against 0.7 ms to clear and refill one).
 */
const pool: ImageData[] = [];

/** Gives tile `t` of a set back to the pool, clearing only the pixels its bands wrote. */
function release(set: TileSet, t: number, tile: Tile): void {
  if (pool.length >= MAX_TILES) return;
  writeBands(tile.img, tile.runs, set.lanes, set.dpr, set.x0, t * TILE_PX, true);
  pool.push(tile.img);
}

/** A cleared pixel buffer of the given size, from the pool when one fits. */
function blank(width: number, height: number): ImageData {
  for (;;) {
    const img = pool.pop();
    if (img === undefined) return new ImageData(width, height);
    if (img.width === width && img.height === height) return img;
  }
}

/** The device-pixel columns the lifelines (and self-message loops) span. */
function columns(lanes: readonly Lane[], dpr: number): { x0: number; width: number } {
  const first = lanes[0];
  const last = lanes[lanes.length - 1];
  const x0 = Math.max(0, Math.floor(((first ? first.x - first.width / 2 : 0) - 4) * dpr));
  const x1 = Math.ceil(((last ? last.x + last.width / 2 : 0) + 40) * dpr);
  return { x0, width: Math.max(1, x1 - x0) };
}

/** The tile set of the scene at this frame's zoom and lanes, new when either changed. */
function tileSet(scene: Scene, frame: Frame, dpr: number): TileSet {
  const had = sets.get(scene);
  if (had && had.ya === frame.ya && had.lanes === frame.lanes && had.dpr === dpr) return had;
  if (had) for (const [t, tile] of had.tiles) release(had, t, tile);
  const set: TileSet = {
    ya: frame.ya,
    lanes: frame.lanes,
    dpr,
    ...columns(frame.lanes, dpr),
    tiles: new Map(),
  };
  sets.set(scene, set);
  return set;
}

/** Counts tile `t`'s bands and writes them into pixels of their own. */
function makeTile(scene: Scene, frame: Frame, set: TileSet, t: number): Tile {
  const top = t * TILE_PX;
  const lo = top / set.ya;
  const hi = (top + TILE_PX) / set.ya;
  const rowFrom = top / BAND_PX;
  const runs = countBands(scene, frame, lo, hi, rowFrom, rowFrom + TILE_PX / BAND_PX);
  const img = blank(set.width, Math.ceil(TILE_PX * set.dpr));
  writeBands(img, runs, set.lanes, set.dpr, set.x0, top);
  return { img, runs };
}

/** Each step colour and opacity level as one RGBA pixel word (little-endian: 0xAABBGGRR). */
const pixelWords = new Map<number, number>();

function pixelWord(step: number, alpha: number): number {
  const key = step * 16 + Math.round(alpha * 8);
  let w = pixelWords.get(key);
  if (w === undefined) {
    const hex = parseInt(stepColor(step).slice(1), 16);
    const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
    w = ((a << 24) | ((hex & 0xff) << 16) | (hex & 0xff00) | ((hex >> 16) & 0xff)) >>> 0;
    pixelWords.set(key, w);
  }
  return w;
}

/**
 * Writes bands (runs on `lanes`, world CSS pixels) into a tile's pixels: device column x0 and
 * world row `top` are the tile's origin. A band is as wide as bandsOf makes it. A band one row
 * tall leaves its last pixel row empty, so neighbouring rows of different shades stay apart
 * (as the filled paths did).
 */
function writeBands(
  img: ImageData,
  runs: BandRuns,
  lanes: readonly Lane[],
  dpr: number,
  x0: number,
  top: number,
  clear = false,
): void {
  const px = new Uint32Array(img.data.buffer);
  const { width, height } = img;
  for (let i = 0; i < runs.length; i += RUN_FIELDS) {
    const l = lanes[runs[i] as number] as Lane;
    const w = bandWidth(l);
    const word = clear ? 0 : pixelWord(runs[i + 4] as number, (runs[i + 5] as number) / 8);
    const c0 = Math.max(0, Math.round((l.x - w / 2) * dpr) - x0);
    const c1 = Math.min(width, Math.round((l.x + w / 2) * dpr) - x0);
    const y = (runs[i + 1] as number) * BAND_PX;
    const bh = (runs[i + 2] as number) * BAND_PX;
    const r0 = Math.max(0, Math.round((y - top) * dpr));
    const h = bh - (bh > BAND_PX ? 0 : 1);
    const r1 = Math.min(height, Math.round((y + h - top) * dpr));
    if (c1 <= c0) continue;
    // A band is a few pixels wide: a plain loop beats a fill call per pixel row.
    for (let r = r0; r < r1; r++) {
      const end = r * width + c1;
      for (let k = r * width + c0; k < end; k++) px[k] = word;
    }
  }
}

/**
 * Puts the bands of the frame's visible rows on the screen from their tiles (making the tiles
 * not made yet at this zoom). The tiles' pixels replace what the lifelines' columns held in
 * those rows (putImageData does not blend): what goes with the bands is drawn after them.
 * Returns a function that gives the bands of the tiles shown, in world y (made when called: a
 * frame needs only the pixels).
 */
export function drawBandTiles(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  frame: Frame,
): () => Band[] {
  const dpr = ctx.getTransform().a || 1;
  const set = tileSet(scene, frame, dpr);
  const t0 = Math.floor((frame.top - frame.yb) / TILE_PX);
  const t1 = Math.floor((frame.bottom - frame.yb) / TILE_PX);
  // Only the visible rows, in device pixels (putImageData ignores the clip).
  const yTop = Math.floor(frame.top * dpr) - 2;
  const yBottom = Math.ceil(frame.bottom * dpr) + 2;
  const shown: BandRuns[] = [];
  for (let t = t0; t <= t1; t++) {
    let tile = set.tiles.get(t);
    if (tile) set.tiles.delete(t);
    else tile = makeTile(scene, frame, set, t);
    set.tiles.set(t, tile);
    // At whole device pixels: the tile's pixels as they are, no resampling.
    const y = Math.round((t * TILE_PX + frame.yb) * dpr);
    const from = Math.max(0, yTop - y);
    const to = Math.min(tile.img.height, yBottom - y);
    if (to > from) ctx.putImageData(tile.img, set.x0, y, 0, from, set.width, to - from);
    shown.push(tile.runs);
  }
  for (const [t, tile] of set.tiles) {
    if (set.tiles.size <= MAX_TILES) break;
    set.tiles.delete(t);
    release(set, t, tile);
  }
  const lanes = set.lanes;
  return () => shown.flatMap((runs) => bandsOf(runs, lanes));
}
