/**
 * The view written to the page address's hash, so a view can be shared as a link (as Perfetto
 * does): the mode, the filter, the selected event, the visible time window, the hidden
 * lifelines and the browser grouping. The trace itself is in the query (`?trace=`) or inlined.
 * Pure: it turns a view into a hash and back; the app reads and writes `location.hash`.
 */
import type { Filter } from './filter.js';
import { type Mode, MODES } from './scene.js';

/** What the hash holds; every field is optional (absent: the viewer's default). */
export interface UrlView {
  mode?: Mode;
  filter?: Filter;
  /** The seq of the selected event. */
  sel?: number;
  /** The visible window, in virtual time (µs). */
  window?: [number, number];
  hidden?: string[];
  groupBrowsers?: boolean;
}

const FILTER_KEYS = ['move', 'participant', 'node', 'kind'] as const;

/** The hash (without `#`) of a view. */
export function encodeView(v: UrlView): string {
  const p = new URLSearchParams();
  if (v.mode) p.set('mode', v.mode);
  for (const k of FILTER_KEYS) {
    const x = v.filter?.[k];
    if (x !== undefined) p.set(k, x);
  }
  if (v.filter?.step !== undefined) p.set('step', String(v.filter.step));
  if (v.sel !== undefined) p.set('sel', String(v.sel));
  if (v.window) p.set('t', v.window.map((t) => Math.round(t)).join(','));
  if (v.hidden && v.hidden.length > 0) p.set('hidden', v.hidden.join(','));
  if (v.groupBrowsers !== undefined) p.set('group', v.groupBrowsers ? '1' : '0');
  return p.toString();
}

const num = (s: string | null): number | undefined => {
  if (s === null || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

/** The view a hash describes, or null when the hash is empty (the viewer then chooses). */
export function decodeView(hash: string): UrlView | null {
  const text = hash.replace(/^#/, '');
  if (text.trim() === '') return null;
  const p = new URLSearchParams(text);
  const out: UrlView = {};
  const mode = p.get('mode');
  if (mode !== null && (MODES as readonly string[]).includes(mode)) out.mode = mode as Mode;
  const filter: Filter = {};
  for (const k of FILTER_KEYS) {
    const x = p.get(k);
    if (x !== null && x !== '') filter[k] = x;
  }
  const step = num(p.get('step'));
  if (step !== undefined) filter.step = step;
  out.filter = filter;
  const sel = num(p.get('sel'));
  if (sel !== undefined) out.sel = sel;
  const t = (p.get('t') ?? '').split(',').map((x) => num(x));
  if (t.length === 2 && t[0] !== undefined && t[1] !== undefined && t[1] > t[0])
    out.window = [t[0], t[1]];
  const hidden = p.get('hidden');
  if (hidden) out.hidden = hidden.split(',').filter((h) => h !== '');
  const group = p.get('group');
  if (group === '1' || group === '0') out.groupBrowsers = group === '1';
  return out;
}
