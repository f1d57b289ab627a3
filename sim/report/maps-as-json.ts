/**
 * How trace files write Maps and Sets: a `JSON.stringify` replacer that writes a Map as an
 * object and a Set as an array, as immer's patches name their entries. State patches and
 * initial states hold them. It changes nothing else.
 */

/** A JSON.stringify replacer writing Maps as objects and Sets as arrays. */
export function mapsAsJson(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
