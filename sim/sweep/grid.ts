/**
 * The grid of a parameter sweep: `--vary KEY=VALUES` read into a key and its values (a list
 * `a,b,c`, a range `100..1000:100`, or a JSON array `["a,b", "c"]` for values that hold commas,
 * read in vary-json.ts), the key checked against the scenario schema (with a
 * did-you-mean), and the grid points, the product of every key's values, each as the `--set`
 * overrides that make it.
 *
 * Parsing returns messages instead of throwing; the CLI turns them into exit 2. This file runs
 * nothing; whether each point's scenario is valid is the loader's question.
 */
import type { Vary } from '../report/sweep-data.js';
import type { DocPath } from '../scenario/problems.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { allowedKeysAt, schemaAt, type SchemaLike, valueAt } from '../scenario/schema-walk.js';
import { didYouMean, listWords } from '../scenario/suggest.js';
import type { Parsed } from './seeds.js';
import { jsonArrayValues } from './vary-json.js';

export type { Vary };

/** One point of the grid: its index, each varied key's value, and the overrides that make it. */
export interface GridPoint {
  index: number;
  values: Record<string, string>;
  set: string[];
}

/** The most values one range may give; more is surely a typo in the step. */
const MAX_RANGE_VALUES = 100_000;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const EXAMPLE =
  'such as --vary cluster.loadBalancing.policy=cms,least-loaded or --vary population.0.count=100..1000:100';

/** The values of a range `A..B:STEP` (STEP 1 when absent), both ends included. */
function rangeValues(text: string, key: string): Parsed<string[]> {
  const m = /^\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*(?::\s*([\d.]+))?\s*$/.exec(text);
  if (m === null || ![m[1], m[2], m[3] ?? '1'].every((v) => NUMBER.test(v!)))
    return {
      ok: false,
      message: `--vary ${key}: "${text}" is not a range; write A..B:STEP, ${EXAMPLE}`,
    };
  const [from, to, step] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '1')];
  if (!(step > 0))
    return { ok: false, message: `--vary ${key}: the step of "${text}" must be above 0` };
  if (from > to)
    return {
      ok: false,
      message: `--vary ${key}: "${text}" is empty (the first value is above the last); write ${to}..${from}`,
    };
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > MAX_RANGE_VALUES)
    return {
      ok: false,
      message: `--vary ${key}: "${text}" gives ${n} values, more than ${MAX_RANGE_VALUES}; use a larger step`,
    };
  // Multiplying (not adding) keeps decimal steps free of accumulated rounding.
  const digits = Math.max(...[m[1]!, m[3] ?? '1'].map((v) => v.split('.')[1]?.length ?? 0));
  return {
    ok: true,
    value: Array.from({ length: n }, (_, i) => String(Number((from + i * step).toFixed(digits)))),
  };
}

/** Reads one `--vary KEY=VALUES`. */
export function parseVary(text: string): Parsed<Vary> {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  if (key === '') return { ok: false, message: `--vary "${text}" needs KEY=VALUES, ${EXAMPLE}` };
  const rest = text.slice(eq + 1).trim();
  if (rest === '')
    return { ok: false, message: `--vary ${key} has no values, so the grid is empty; ${EXAMPLE}` };
  if (rest.startsWith('{'))
    return {
      ok: false,
      message: `--vary ${key}: "${rest}" is one mapping, but the values of --vary are a list; write them as a JSON array, such as --vary '${key}=[{"a": 1}, {"a": 2}]'`,
    };
  if (rest.startsWith('[')) {
    const list = jsonArrayValues(rest, key);
    return list.ok ? { ok: true, value: { key, values: list.value } } : list;
  }
  if (/^-?[\d.]+\s*\.\./.test(rest)) {
    const range = rangeValues(rest, key);
    return range.ok ? { ok: true, value: { key, values: range.value } } : range;
  }
  const values = rest.split(',').map((v) => v.trim());
  if (values.some((v) => v === ''))
    return {
      ok: false,
      message: `--vary ${key}: "${rest}" has an empty value; separate values by single commas (for values that hold commas, write a JSON array: --vary '${key}=["a,b", "c"]')`,
    };
  if (new Set(values).size !== values.length)
    return { ok: false, message: `--vary ${key}: "${rest}" lists a value twice; give each once` };
  return { ok: true, value: { key, values } };
}

/** The path of a key, with list indices as numbers. */
const pathOf = (key: string): DocPath =>
  key.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/**
 * Why a key names nothing in the scenario schema (with a did-you-mean), or undefined when it is
 * a key: every part must be a key of the mapping there, or an index of a list in the file.
 */
export function varyKeyProblem(key: string, data: unknown): string | undefined {
  const path = pathOf(key);
  const root = ScenarioSchema as unknown as SchemaLike;
  for (let i = 0; i < path.length; i++) {
    const parent = path.slice(0, i);
    const seg = path[i]!;
    const where = i === 0 ? 'at the top of a scenario' : `under ${parent.join('.')}`;
    if (typeof seg === 'number') {
      const list = valueAt(data, parent).value;
      if (!Array.isArray(list) || seg >= list.length)
        return `--vary ${key}: ${parent.join('.')} has no item ${seg} in the scenario (items are counted from 0)`;
      continue;
    }
    const keys = allowedKeysAt(root, data, parent);
    if (keys === undefined) {
      if (schemaAt(root, data, parent) === undefined)
        return `--vary ${key}: the scenario has no key ${parent.join('.')}`;
      return `--vary ${key}: ${parent.join('.')} is not a mapping, so it has no key "${seg}"`;
    }
    if (!keys.includes(seg))
      return `--vary ${key}: there is no key "${seg}" ${where}${didYouMean(seg, keys)} (keys there: ${listWords(keys, 20)})`;
  }
  return undefined;
}

/** How many points the grid has: the product of the numbers of values. */
export const gridSize = (varies: readonly Vary[]): number =>
  varies.reduce((n, v) => n * v.values.length, 1);

/** The grid points, the first `--vary` changing slowest; overrides in `--vary` order. */
export function gridPoints(varies: readonly Vary[]): GridPoint[] {
  const points: GridPoint[] = [];
  const total = gridSize(varies);
  for (let index = 0; index < total; index++) {
    let rest = index;
    const picked: [string, string][] = [];
    for (let k = varies.length - 1; k >= 0; k--) {
      const v = varies[k]!;
      picked.unshift([v.key, v.values[rest % v.values.length]!]);
      rest = Math.floor(rest / v.values.length);
    }
    points.push({
      index,
      values: Object.fromEntries(picked),
      set: picked.map(([key, value]) => `${key}=${value}`),
    });
  }
  return points;
}
