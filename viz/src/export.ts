/**
 * Exporting what the views show as an SVG file (arrows, bands and marks as vector shapes, the
 * overlay's text as text) or a PNG file (the same picture rasterised).
 *
 * It reads what the views last drew; it never re-lays-out. Trace strings reach the export as
 * text nodes copied from the overlay and are escaped by the XML serializer.
 */
import { STEPS } from '../../sim/cms/protocol.js';
import { bandsOnScreen } from './bands.js';
import { DEAD_COLOR, DROP_COLOR, LIMBO_COLOR, stepColor, VIOLATION_COLOR } from './colors.js';
import { DROP_CROSS_R as R } from './draw-canvas.js';
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
          d: `M${x - R},${y - R}L${x + R},${y + R}M${x - R},${y + R}L${x + R},${y - R}`,
          stroke: DROP_COLOR,
          'stroke-width': 2.5,
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
  // The headers' node buttons are controls, not part of the picture.
  for (const b of Array.from(overlay.querySelectorAll('.node-select'))) b.remove();
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

/** Height of the export's title band and of its legend row, in pixels. */
const TITLE_H = 44;
const LEGEND_H = 26;

/** What an export says about itself: each run's name, scenario and seed, the filter, the mode. */
export interface ExportCaption {
  runs: string[];
  filter: string;
  mode: string;
}

/** The title band: the runs, then the filter and mode, as text. */
function titleBand(width: number, caption: ExportCaption): SVGGElement {
  const g = el('g', { class: 'export-title' });
  g.append(el('rect', { x: 0, y: 0, width, height: TITLE_H, fill: '#f9fafb' }));
  const line = (y: number, text: string, size: number, weight: number): void => {
    const t = el('text', { x: 10, y, 'font-size': size, 'font-weight': weight, fill: '#111827' });
    t.textContent = text;
    g.append(t);
  };
  line(18, caption.runs.join('  |  '), 13, 700);
  line(36, `filter: ${caption.filter}  ·  ${caption.mode}`, 11, 400);
  return g;
}

/** The legend row: each step's colour and number, then the drop and violation shapes. */
function legendRow(y: number, width: number): SVGGElement {
  const g = el('g', { class: 'export-legend', transform: `translate(0,${y})` });
  g.append(el('rect', { x: 0, y: 0, width, height: LEGEND_H, fill: '#f9fafb' }));
  let x = 10;
  const text = (s: string): void => {
    const t = el('text', { x, y: 17, 'font-size': 11, fill: '#111827' });
    t.textContent = s;
    g.append(t);
    x += s.length * 6.2 + 12;
  };
  text('steps:');
  for (const step of STEPS) {
    g.append(el('rect', { x, y: 8, width: 10, height: 10, fill: stepColor(step.number) }));
    x += 13;
    text(String(step.number));
  }
  g.append(el('rect', { x, y: 8, width: 10, height: 10, fill: stepColor(0) }));
  x += 13;
  text('no step');
  g.append(
    el('path', {
      d: `M${x},8L${x + 10},18M${x},18L${x + 10},8`,
      stroke: DROP_COLOR,
      'stroke-width': 2.5,
    }),
  );
  x += 14;
  text('dropped');
  g.append(el('rect', { x, y: 10, width: 12, height: 6, fill: VIOLATION_COLOR }));
  x += 16;
  text('violation');
  g.append(el('rect', { x, y: 6, width: 6, height: 14, fill: DEAD_COLOR, opacity: 0.45 }));
  x += 10;
  text('node down');
  g.append(el('rect', { x, y: 6, width: 4, height: 14, fill: LIMBO_COLOR }));
  x += 8;
  text('limbo');
  return g;
}

/** The views side by side as one SVG document's text, under a title band, over a legend. */
export function exportSvgText(views: readonly View[], caption: ExportCaption): string {
  const width = views.reduce((w, v) => w + v.width, 0);
  const viewsH = views.reduce((h, v) => Math.max(h, v.height), 0);
  const height = TITLE_H + viewsH + LEGEND_H;
  const root = el('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  const title = el('title', {});
  title.textContent = `${caption.runs.join(' | ')} (filter: ${caption.filter})`;
  root.append(title);
  root.append(titleBand(width, caption));
  let x = 0;
  for (const v of views) {
    const s = viewSvg(v);
    s.setAttribute('x', String(x));
    s.setAttribute('y', String(TITLE_H));
    x += v.width;
    root.append(s);
  }
  root.append(legendRow(TITLE_H + viewsH, width));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

/** The views rasterised to a PNG blob, at the screen's pixel ratio. */
export async function exportPngBlob(views: readonly View[], caption: ExportCaption): Promise<Blob> {
  const text = exportSvgText(views, caption);
  const width = views.reduce((w, v) => w + v.width, 0);
  const height = TITLE_H + views.reduce((h, v) => Math.max(h, v.height), 0) + LEGEND_H;
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
