/**
 * The JSON array form of `--vary`: `--vary 'KEY=["a,b", "c"]'`, for values that hold commas
 * (a text with a comma, a YAML or JSON list, a mapping), which the comma-separated form would
 * cut apart. Each string item is the text one would write after `--set KEY=` (read as YAML, like
 * every `--set` value); any other item (a number, true or false, null, a list, an object) is used
 * as its JSON text, which YAML reads as the same value.
 *
 * Reading returns a message instead of throwing (what is wrong, and how to write it); the CLI
 * turns it into exit 2. This file runs nothing.
 */
import type { Parsed } from './seeds.js';

/** How the form is written, for the messages. */
const JSON_EXAMPLE = `--vary 'network.loss=[[], [{"probability": 0.01}]]' or --vary 'KEY=["a,b", "c"]'`;

/** The value text of one item of the array, or why the item cannot be a value. */
function itemText(item: unknown, i: number): Parsed<string> {
  if (typeof item === 'string') {
    if (item.trim() === '')
      return { ok: false, message: `item ${i} is an empty text; give every item a value` };
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here.
    if (/[\u0000-\u001f\u007f]/.test(item))
      return {
        ok: false,
        message: `item ${i} holds a line break or another control character; write the value on one line`,
      };
    return { ok: true, value: item.trim() };
  }
  return { ok: true, value: JSON.stringify(item) };
}

/** Reads the values of `--vary KEY=[…]`, where `text` is everything after the `=`. */
export function jsonArrayValues(text: string, key: string): Parsed<string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      message: `--vary ${key}: values in brackets are read as a JSON array, and "${text}" is not one (${why}); write strings in double quotes, such as ${JSON_EXAMPLE}`,
    };
  }
  if (!Array.isArray(parsed))
    return { ok: false, message: `--vary ${key}: "${text}" is not a JSON array; ${JSON_EXAMPLE}` };
  if (parsed.length === 0)
    return { ok: false, message: `--vary ${key} has no values, so the grid is empty` };
  const values: string[] = [];
  for (const [i, item] of parsed.entries()) {
    const one = itemText(item, i);
    if (!one.ok) return { ok: false, message: `--vary ${key}: ${one.message}` };
    values.push(one.value);
  }
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined)
    return {
      ok: false,
      message: `--vary ${key}: "${text}" lists the value ${twice} twice; give each once`,
    };
  return { ok: true, value: values };
}
