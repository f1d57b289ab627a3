/**
 * The columns of a view, left to right: the time axis, the invariant lane, one load lane per
 * call bridge that has a load series, the lifelines, and the minimap. Pure geometry.
 */

export const HEADER_H = 46;
export const AXIS_W = 78;
export const INVARIANT_W = 18;
export const LOAD_W = 56;
export const MINIMAP_W = 46;
export const GAP = 8;

export interface Columns {
  axis: { x0: number; x1: number };
  invariant: { x0: number; x1: number };
  load: { bridge: string; x0: number; x1: number }[];
  lifelines: { x0: number; x1: number };
  minimap: { x0: number; x1: number };
  top: number;
  bottom: number;
}

/**
 * Splits a view of `width` × `height` pixels into its columns; load lanes narrow in a narrow view.
 */
export function layoutColumns(
  width: number,
  height: number,
  loadBridges: readonly string[],
): Columns {
  const axis = { x0: 0, x1: AXIS_W };
  const invariant = { x0: AXIS_W, x1: AXIS_W + INVARIANT_W };
  let x = invariant.x1 + 4;
  const room = width - AXIS_W - INVARIANT_W - MINIMAP_W - 360;
  // Load lanes take at most a third of the room; past that, the first ones that fit are shown.
  const fit = Math.max(0, Math.floor(room / 3 / 22));
  const shown = loadBridges.slice(0, fit);
  const loadW =
    shown.length === 0
      ? LOAD_W
      : Math.max(18, Math.min(LOAD_W, Math.floor(room / (3 * shown.length)) - 4));
  const load = shown.map((bridge) => {
    const c = { bridge, x0: x, x1: x + loadW };
    x += loadW + 4;
    return c;
  });
  const minimap = {
    x0: Math.max(x + 40, width - MINIMAP_W),
    x1: Math.max(x + 40 + MINIMAP_W, width),
  };
  const lifelines = { x0: x + GAP, x1: minimap.x0 - GAP };
  return {
    axis,
    invariant,
    load,
    lifelines,
    minimap,
    top: HEADER_H + 10,
    bottom: Math.max(HEADER_H + 40, height - 12),
  };
}
