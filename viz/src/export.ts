/**
 * Exporting what the views show as an SVG file (arrows, bands and marks as vector shapes, the
 * overlay's text as text) or a PNG file (the same picture rasterised).
 *
 * It reads what the views last drew; it never re-lays-out. Trace strings reach the export as
 * text nodes copied from the overlay and are escaped by the XML serializer.
 */
import { DROP_COLOR, stepColor } from './colors.js';
import { bandsOnScreen } from './draw-canvas.js';
import type { Lane } from './layout.js';
import { OVERLAY_CSS } from './overlay-style.js';
import type { SceneArrow } from './scene.js';
import type { View } from './view.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The vector shapes of what a view's canvas last showed. */
function vectorLayer(view: View): SVGGElement {
  const g = el('g', { class: 'arrows' });
  const last = view.last;
  if (!last) return g;
  const { parts } = { parts: view.parts() };
  // The load lanes and minimap stay bitmaps: they are context, not the diagram.
  const cols = view.cols;
  if (cols.load.length > 0) {
    const clipId = `clip-${Math.random().toString(36).slice(2)}`;
    const clip = el('clipPath', { id: clipId });
    clip.append(
      el('rect', {
        x: cols.load[0]?.x0 ?? 0,
        y: 0,
        width: (cols.load[cols.load.length - 1]?.x1 ?? 0) - (cols.load[0]?.x0 ?? 0),
        height: view.height,
      }),
    );
    g.append(clip);
    g.append(
      el('image', {
        href: parts.canvas.toDataURL('image/png'),
        x: 0,
        y: 0,
        width: view.width,
        height: view.height,
        'clip-path': `url(#${clipId})`,
      }),
    );
  }
  g.append(
    el('image', {
      href: parts.minimap.toDataURL('image/png'),
      x: 0,
      y: 0,
      width: view.width,
      height: view.height,
      opacity: 1,
      'clip-path': 'none',
    }),
  );
  for (const b of bandsOnScreen(last.draw.bands, last.frame)) {
    g.append(
      el('rect', {
        x: b.x0,
        y: b.y,
        width: b.x1 - b.x0,
        height: b.h - 0.5,
        fill: stepColor(b.step),
        'fill-opacity': b.alpha,
      }),
    );
  }
  for (const d of last.draw.drawn) {
    const a = view.scene.arrows[d.i] as SceneArrow;
    const c = stepColor(a.step);
    const geo = d.g;
    const path = geo.self
      ? `M${geo.x0},${geo.y0}H${geo.x0 + 22}V${geo.y1}H${geo.x1}`
      : `M${geo.x0},${geo.y0}L${geo.x1},${geo.y1}`;
    g.append(
      el('path', {
        d: path,
        stroke: c,
        'stroke-width': 1.4,
        fill: 'none',
        ...(a.dashed ? { 'stroke-dasharray': '5 4' } : {}),
      }),
    );
    if (geo.cross) {
      const { x, y } = geo.cross;
      g.append(
        el('path', {
          d: `M${x - 4.5},${y - 4.5}L${x + 4.5},${y + 4.5}M${x - 4.5},${y + 4.5}L${x + 4.5},${y - 4.5}`,
          stroke: DROP_COLOR,
          'stroke-width': 2,
        }),
      );
    } else if (!geo.self) {
      const ang = Math.atan2(geo.y1 - geo.y0, geo.x1 - geo.x0);
      const p = (da: number): string =>
        `${geo.x1 - 7 * Math.cos(ang + da)},${geo.y1 - 7 * Math.sin(ang + da)}`;
      g.append(el('polygon', { points: `${geo.x1},${geo.y1} ${p(-0.42)} ${p(0.42)}`, fill: c }));
    }
  }
  for (const i of last.marks) {
    const m = view.scene.marks[i];
    if (!m) continue;
    g.append(
      el('circle', {
        cx: (last.frame.lanes[m.lane] as Lane).x,
        cy: last.frame.yOf(m.p),
        r: 4.5,
        fill: stepColor(m.mark.step),
        stroke: '#ffffff',
      }),
    );
  }
  return g;
}

/** One view as an SVG element: background, vector arrows, then a copy of the overlay. */
function viewSvg(view: View): SVGSVGElement {
  const svg = el('svg', {
    xmlns: SVG_NS,
    width: view.width,
    height: view.height,
    viewBox: `0 0 ${view.width} ${view.height}`,
    class: 'overlay',
  });
  const style = el('style', {});
  style.textContent = OVERLAY_CSS;
  svg.append(style);
  svg.append(el('rect', { x: 0, y: 0, width: view.width, height: view.height, fill: '#ffffff' }));
  svg.append(vectorLayer(view));
  const overlay = view.parts().svg.cloneNode(true) as SVGSVGElement;
  for (const child of Array.from(overlay.childNodes)) {
    if (
      child instanceof SVGGElement &&
      (child.classList.contains('hover') ||
        child.classList.contains('cursor') ||
        child.classList.contains('minimap-view'))
    )
      continue;
    svg.append(child);
  }
  return svg;
}

/** The views side by side as one SVG document's text. */
export function exportSvgText(views: readonly View[]): string {
  const width = views.reduce((w, v) => w + v.width, 0);
  const height = views.reduce((h, v) => Math.max(h, v.height), 0);
  const root = el('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  let x = 0;
  for (const v of views) {
    const s = viewSvg(v);
    s.setAttribute('x', String(x));
    x += v.width;
    root.append(s);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

/** The views rasterised to a PNG blob, at the screen's pixel ratio. */
export async function exportPngBlob(views: readonly View[]): Promise<Blob> {
  const text = exportSvgText(views);
  const width = views.reduce((w, v) => w + v.width, 0);
  const height = views.reduce((h, v) => Math.max(h, v.height), 0);
  const scale = Math.max(1, window.devicePixelRatio || 1);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.width = width;
    img.height = height;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The SVG of the view could not be rasterised.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offers a blob as a file download. */
export function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
