/**
 * Plain-text search of a compact trace's data lines, for the part of a search that the search
 * index (search-index.ts) does not hold yet. Instead of cutting each message's data JSON text
 * from its line and testing it (630,000 tests on the large run), one regular-expression scan of
 * each data line's JSON text finds the values that hold the term, and a table from data value
 * to message or mark (made once per model, in idle time) says whose they are; kinds are tested
 * once per distinct kind. It finds exactly what search.ts's scanMasks finds: a match must lie
 * inside one value's text, as it does when each value's text is tested alone. Pure data.
 */
import { LazyMark, LazyMessage, readerOf } from './lazy-items.js';
import type { Model } from './model.js';

/**
 * What a line search needs of a model besides its lines, made once (in slices, in idle time:
 * `prepareLineSearch`): for each data value the entry (messages, then marks) it is the data
 * of, or -1, and each entry's kind as a number into the list of distinct kinds.
 */
interface Table {
  owner: Int32Array;
  kindOf: Uint32Array;
  kinds: string[];
  kindIds: Map<string, number>;
  /** How many entries are entered so far. */
  done: number;
}

const tables = new WeakMap<Model, Table>();

/** Entries a slice of `prepareLineSearch` enters before it asks for more time. */
const SLICE_ENTRIES = 20_000;

/**
 * Makes the model's table for line searches while `more()` says there is time, `sliceEntries`
 * entries at a time; says whether it is complete (true at once for a model whose data cannot be
 * read a line at a time).
 */
export function prepareLineSearch(
  model: Model,
  more: () => boolean = () => true,
  sliceEntries = SLICE_ENTRIES,
): boolean {
  const lines = readerOf(model)?.lines;
  if (lines === undefined) return true;
  const n = model.messages.length;
  const total = n + model.marks.length;
  let t = tables.get(model);
  if (t === undefined) {
    t = {
      owner: new Int32Array(lines.size).fill(-1),
      kindOf: new Uint32Array(total),
      kinds: [],
      kindIds: new Map(),
      done: 0,
    };
    tables.set(model, t);
  }
  while (t.done < total && more()) {
    const end = Math.min(total, t.done + Math.max(1, Math.floor(sliceEntries)));
    for (let i = t.done; i < end; i++) {
      const item = i < n ? model.messages[i] : model.marks[i - n];
      if (item === undefined) continue;
      let id = t.kindIds.get(item.kind);
      if (id === undefined) {
        id = t.kinds.length;
        t.kinds.push(item.kind);
        t.kindIds.set(item.kind, id);
      }
      t.kindOf[i] = id;
      const ref = item instanceof LazyMessage || item instanceof LazyMark ? item.dataRef : -1;
      if (ref >= 0) t.owner[ref] = i;
    }
    t.done = end;
  }
  return t.done >= total;
}

/** The value of a line whose text holds character `at` (the last start at or before it). */
function valueAt(starts: ArrayLike<number>, count: number, at: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Marks (1) in `entries` each entry from `from` on (messages, then marks) whose kind `test`
 * accepts or whose data's JSON text `re` matches in; returns how many it marked. `re` is the
 * plain term as a global regular expression that cannot match a line break; `test` is the same
 * search on one text. Returns undefined, marking nothing, when the model's data cannot be read
 * a line at a time (not a compact trace, or its data section not given yet).
 */
export function searchLines(
  model: Model,
  re: RegExp,
  test: (s: string) => boolean,
  from: number,
  entries: Uint8Array,
): number | undefined {
  const lines = readerOf(model)?.lines;
  if (lines === undefined || lines.inflated === undefined) return undefined;
  const n = model.messages.length;
  const total = n + model.marks.length;
  if (from >= total) return 0;
  prepareLineSearch(model);
  const { owner, kindOf, kinds } = tables.get(model) as Table;
  let count = 0;
  const hit = (e: number): void => {
    if (e >= from && entries[e] === 0) {
      entries[e] = 1;
      count++;
    }
  };
  // Kinds: each distinct one tested once.
  const kindHits = Uint8Array.from(kinds, (k) => (test(k) ? 1 : 0));
  for (let i = from; i < total; i++) if (kindHits[kindOf[i] as number] === 1) hit(i);
  for (let k = 0; k < lines.lineCount; k++) {
    const first = lines.firstValueOf(k);
    const values = lines.firstValueOf(k + 1) - first;
    if (values <= 0) continue;
    const { text, starts, sep } = lines.lineJson(k);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const j = valueAt(starts, values, m.index);
      const next = starts[j + 1] as number;
      if (m.index >= (starts[j] as number) && m.index + m[0].length <= next - sep) {
        hit(owner[first + j] as number);
        // The rest of this value cannot add anything: go on from the next one.
        re.lastIndex = next;
      } else re.lastIndex = m.index + 1;
    }
  }
  return count;
}
