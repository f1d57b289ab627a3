/**
 * Walking the zod scenario schema alongside a document, to learn what the schema expects at a
 * place: the keys allowed there, or which member of a union a value is meant to be.
 *
 * It reads zod's public definition objects (`_zod.def`) on the input side of pipes, and chooses a
 * member of a union by the keys only that member has (a fault's `crash`, a distribution's `dist`).
 * It does not validate; zod does.
 */
import type { DocPath } from './problems.js';

/** The parts of a zod definition this walk reads. */
interface Def {
  type: string;
  innerType?: SchemaLike;
  in?: SchemaLike;
  shape?: Record<string, SchemaLike>;
  element?: SchemaLike;
  items?: SchemaLike[];
  options?: SchemaLike[];
  values?: unknown[];
}

/** Any zod schema, seen through its definition. */
export interface SchemaLike {
  _zod: { def: unknown };
}

const defOf = (s: SchemaLike): Def => s._zod.def as Def;

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
]);

/** The schema under wrappers (optional, default, …) and on the input side of pipes. */
export function unwrap(schema: SchemaLike): SchemaLike {
  let s = schema;
  for (let guard = 0; guard < 50; guard++) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) s = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) s = def.in;
    else break;
  }
  return s;
}

/** The keys of an object schema, or undefined for other schemas. */
export function objectKeys(schema: SchemaLike): string[] | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : undefined;
}

/** The members of a union schema, or undefined for other schemas. */
export function unionOptions(schema: SchemaLike): SchemaLike[] | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'union' ? def.options : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** For each member of a union, the keys that no other member has. */
export function distinctiveKeys(options: readonly SchemaLike[]): string[][] {
  const keys = options.map((o) => objectKeys(o) ?? []);
  return keys.map((own, i) =>
    own.filter((k) => keys.every((other, j) => j === i || !other.includes(k))),
  );
}

/** How a union member was chosen for a value. */
export type UnionChoice =
  | { kind: 'one'; index: number }
  | { kind: 'none'; distinctive: string[][] }
  | { kind: 'several'; indices: number[]; distinctive: string[][] };

/**
 * Chooses the union member a value is meant to be: the one whose literal field (such as `dist`)
 * matches, else the only one whose distinctive keys the value has.
 */
export function chooseUnionOption(options: readonly SchemaLike[], value: unknown): UnionChoice {
  const distinctive = distinctiveKeys(options);
  if (!isPlainObject(value)) return { kind: 'none', distinctive };
  const literalMatch = options.findIndex((o) => {
    const def = defOf(unwrap(o));
    if (def.type !== 'object' || def.shape === undefined) return false;
    return Object.entries(def.shape).some(([k, field]) => {
      const fdef = defOf(unwrap(field));
      return (
        fdef.type === 'literal' && Object.hasOwn(value, k) && (fdef.values ?? []).includes(value[k])
      );
    });
  });
  if (literalMatch >= 0) return { kind: 'one', index: literalMatch };
  const present = distinctive
    .map((keys, i) => (keys.some((k) => Object.hasOwn(value, k)) ? i : -1))
    .filter((i) => i >= 0);
  if (present.length === 1) return { kind: 'one', index: present[0] ?? 0 };
  if (present.length === 0) return { kind: 'none', distinctive };
  return { kind: 'several', indices: present, distinctive };
}

/** The value at a path of plain data, and whether it is there at all. */
export function valueAt(data: unknown, path: DocPath): { found: boolean; value: unknown } {
  let v: unknown = data;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number' && seg < v.length) v = v[seg];
    else if (isPlainObject(v) && Object.hasOwn(v, String(seg))) v = v[String(seg)];
    else return { found: false, value: undefined };
  }
  return { found: true, value: v };
}

/**
 * The schema that applies at a path, unwrapped, with unions resolved by the data where possible.
 * Undefined when the path leaves the schema or passes through a union that cannot be resolved.
 */
export function schemaAt(root: SchemaLike, data: unknown, path: DocPath): SchemaLike | undefined {
  let s: SchemaLike | undefined = unwrap(root);
  for (let i = 0; i <= path.length; i++) {
    if (s === undefined) return undefined;
    s = unwrap(s);
    const options = unionOptions(s);
    if (options !== undefined && i < path.length) {
      const choice = chooseUnionOption(options, valueAt(data, path.slice(0, i)).value);
      if (choice.kind !== 'one') return undefined;
      s = options[choice.index];
      if (s === undefined) return undefined;
      s = unwrap(s);
    }
    if (i === path.length) return s;
    const seg = path[i];
    const def = defOf(s);
    if (def.type === 'object') s = def.shape?.[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'tuple' && typeof seg === 'number') s = def.items?.[seg];
    else return undefined;
  }
  return s;
}

/** The keys allowed in the mapping at a path, when the schema knows them. */
export function allowedKeysAt(
  root: SchemaLike,
  data: unknown,
  path: DocPath,
): string[] | undefined {
  const s = schemaAt(root, data, path);
  if (s === undefined) return undefined;
  const options = unionOptions(s);
  if (options !== undefined) {
    const choice = chooseUnionOption(options, valueAt(data, path).value);
    const chosen = choice.kind === 'one' ? options[choice.index] : undefined;
    return chosen === undefined ? undefined : objectKeys(chosen);
  }
  return objectKeys(s);
}
