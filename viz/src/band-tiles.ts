/**
 * Band tiles: the zoomed-out level of detail computed once per zoom level and reused on pan.
 *
 * At one zoom the diagram's "world" (ya · position, in CSS pixels, before the pan offset) is cut
 * into horizontal tiles TILE_PX tall. A tile's bands are counted (computeBands, through the
 * per-lane index) and written as pixels into the tile's own buffer the first time a frame
 * shows it: bands never overlap, so each is a run of one colour per pixel row, with no path to
 * rasterise. Every frame at that zoom only puts the visible tiles' rows on the screen, at whole
 * device pixels. A new scene, zoom or lane layout starts a new set for the canvas; only the
 * most recently used tiles are kept, and tiles let go are pooled, pixels and band lists, so a
 * frame that makes tiles makes no new buffer and little garbage.
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
  newRuns,
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

/**
 * A tile: its pixels, as wide as the lifelines' columns (a put whose rectangle is not the
 * image's whole width was 2.5 times slower, measured in the page: 0.8-1.3 against 0.3-0.5 ms
 * for six tiles), and its bands as runs. Both buffers are pooled and refilled, never made per
 * tile once the pool holds enough.
 */
interface Tile {
  img: ImageData;
  runs: BandRuns;
}

/** The tiles of one canvas at one scene, zoom level and lane layout. */
interface TileSet {
  scene: Scene;
  /** The canvas's width in device pixels when the set was made. */
  canvasWidth: number;
  ya: number;
  lanes: Lane[];
  dpr: number;
  /** The painted columns, in device pixels: the lifelines' span, and its tiles' width. */
  x0: number;
  width: number;
  /** Tiles by index (world y / TILE_PX), in least-recently-used order. */
  tiles: Map<number, Tile>;
}

/**
 * One tile set per canvas: a new scene (a filter, a mode), zoom or lane layout gives the old
 * set's tiles back to the pool, so the next set's tiles reuse their buffers. Kept per scene
 * instead, a new scene left the old tiles to the collector and made every buffer anew (a
 * fresh 1240 × 192 ImageData is first written page by page: 10-20 ms for a frame's five).
 */
const sets = new WeakMap<CanvasRenderingContext2D, TileSet>();

/**
 * Tiles no longer kept, with their pixels cleared, for reuse: a new ImageData costs
 * milliseconds in Chromium (measured: 5-10 ms for a 1240 × 192 one, against 0.7 ms to clear
 * and refill one), and a new run list is garbage to collect.
 */
const pool: Tile[] = [];

/** Gives tile `t` of a set back to the pool, clearing only the pixels its bands wrote. */
function release(set: TileSet, t: number, tile: Tile): void {
  if (pool.length >= MAX_TILES) return;
  writeBands(tile.img, tile.runs, set.lanes, set.dpr, set.x0, t * TILE_PX, true);
  tile.runs.length = 0;
  pool.push(tile);
}

/** A cleared tile of the given pixel size, from the pool when one fits. */
function blank(width: number, height: number): Tile {
  for (;;) {
    const tile = pool.pop();
    if (tile === undefined) return { img: new ImageData(width, height), runs: newRuns() };
    if (tile.img.width === width && tile.img.height === height) return tile;
  }
}

/** The device-pixel columns the lifelines (and self-message loops) span, inside the canvas. */
function columns(
  lanes: readonly Lane[],
  dpr: number,
  canvasWidth: number,
): { x0: number; width: number } {
  const first = lanes[0];
  const last = lanes[lanes.length - 1];
  const x0 = Math.min(
    canvasWidth - 1,
    Math.max(0, Math.floor(((first ? first.x - first.width / 2 : 0) - 4) * dpr)),
  );
  const x1 = Math.min(canvasWidth, Math.ceil(((last ? last.x + last.width / 2 : 0) + 40) * dpr));
  return { x0, width: Math.max(1, x1 - x0) };
}

/**
 * The canvas's tile set for this scene, zoom and lanes, new (the old one's tiles released) when
 * any of them, or the canvas's width, changed.
 */
function tileSet(ctx: CanvasRenderingContext2D, scene: Scene, frame: Frame, dpr: number): TileSet {
  const had = sets.get(ctx);
  if (
    had &&
    had.scene === scene &&
    had.canvasWidth === ctx.canvas.width &&
    had.ya === frame.ya &&
    had.lanes === frame.lanes &&
    had.dpr === dpr
  )
    return had;
  if (had) for (const [t, tile] of had.tiles) release(had, t, tile);
  const set: TileSet = {
    scene,
    canvasWidth: ctx.canvas.width,
    ya: frame.ya,
    lanes: frame.lanes,
    dpr,
    ...columns(frame.lanes, dpr, ctx.canvas.width),
    tiles: new Map(),
  };
  sets.set(ctx, set);
  return set;
}

/** The rows [from, to) of world band rows that tile `t` shows, and its window in positions. */
function tileWindow(ya: number, t: number): { lo: number; hi: number; from: number; to: number } {
  const top = t * TILE_PX;
  return {
    lo: top / ya,
    hi: (top + TILE_PX) / ya,
    from: top / BAND_PX,
    to: (top + TILE_PX) / BAND_PX,
  };
}

/**
 * Gives back, when the pool is empty, the least recently used tile of the set that is not
 * among the visible tiles [t0, t1]: panning makes a tile as another scrolls away, and reusing
 * the one scrolled away costs a recount if it comes back (a fraction of a millisecond), where
 * a fresh buffer costs its first writes (2-9 ms for one tile in the passes measured).
 */
function spare(set: TileSet, t0: number, t1: number): void {
  if (pool.length > 0) return;
  for (const [t, tile] of set.tiles) {
    if (t >= t0 && t <= t1) continue;
    set.tiles.delete(t);
    release(set, t, tile);
    return;
  }
}

/** Counts tile `t`'s bands and writes them into pixels of their own. */
function makeTile(scene: Scene, frame: Frame, set: TileSet, t: number): Tile {
  const tile = blank(set.width, Math.ceil(TILE_PX * set.dpr));
  const w = tileWindow(set.ya, t);
  countBands(scene, frame, w.lo, w.hi, w.from, w.to, tile.runs);
  writeBands(tile.img, tile.runs, set.lanes, set.dpr, set.x0, t * TILE_PX);
  return tile;
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

/** A tile's pixels as 32-bit words, one view per buffer (kept with it). */
const words = new WeakMap<ImageData, Uint32Array>();

function pixelsOf(img: ImageData): Uint32Array {
  let px = words.get(img);
  if (px === undefined) {
    px = new Uint32Array(img.data.buffer);
    words.set(img, px);
  }
  return px;
}

/**
 * Writes bands (runs on `lanes`, world CSS pixels) into a tile's pixels: its columns are the
 * device columns from x0 on, and world row `top` is its first row. A band is as wide as bandsOf
 * makes it. A band one row tall leaves its last pixel row empty, so neighbouring rows of
 * different shades stay apart (as the filled paths did).
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
  const px = pixelsOf(img);
  const { width, height } = img;
  const d = runs.data;
  for (let i = 0; i < runs.length; i += RUN_FIELDS) {
    const l = lanes[d[i] as number] as Lane;
    const w = bandWidth(l);
    const word = clear ? 0 : pixelWord(d[i + 4] as number, (d[i + 5] as number) / 8);
    const c0 = Math.max(0, Math.round((l.x - w / 2) * dpr) - x0);
    const c1 = Math.min(width, Math.round((l.x + w / 2) * dpr) - x0);
    const y = (d[i + 1] as number) * BAND_PX;
    const bh = (d[i + 2] as number) * BAND_PX;
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
 * Returns a function that gives the bands of the tiles shown, in world y: it counts them again
 * when called (an export, a test), since a tile's buffers go back to the pool once it is not
 * kept, and a frame itself needs only the pixels.
 */
export function drawBandTiles(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  frame: Frame,
): () => Band[] {
  const dpr = ctx.getTransform().a || 1;
  const set = tileSet(ctx, scene, frame, dpr);
  const t0 = Math.floor((frame.top - frame.yb) / TILE_PX);
  const t1 = Math.floor((frame.bottom - frame.yb) / TILE_PX);
  // Only the visible rows, in device pixels (putImageData ignores the clip).
  const yTop = Math.floor(frame.top * dpr) - 2;
  const yBottom = Math.ceil(frame.bottom * dpr) + 2;
  for (let t = t0; t <= t1; t++) {
    let tile = set.tiles.get(t);
    if (tile) set.tiles.delete(t);
    else {
      spare(set, t0, t1);
      tile = makeTile(scene, frame, set, t);
    }
    set.tiles.set(t, tile);
    // At whole device pixels: the tile's pixels as they are, no resampling.
    const y = Math.round((t * TILE_PX + frame.yb) * dpr);
    const from = Math.max(0, yTop - y);
    const to = Math.min(tile.img.height, yBottom - y);
    if (to > from) ctx.putImageData(tile.img, set.x0, y, 0, from, set.width, to - from);
  }
  for (const [t, tile] of set.tiles) {
    if (set.tiles.size <= MAX_TILES) break;
    set.tiles.delete(t);
    release(set, t, tile);
  }
  return () => {
    const bands: Band[] = [];
    for (let t = t0; t <= t1; t++) {
      const w = tileWindow(frame.ya, t);
      for (const b of bandsOf(countBands(scene, frame, w.lo, w.hi, w.from, w.to), frame.lanes))
        bands.push(b);
    }
    return bands;
  };
}
