/**
 * Keeping outside text on one line: names, labels and other text from a scenario or a trace that
 * movesim prints in a line-oriented output (`cms.log`, the printed move table, verdicts,
 * explanations, problems, Mermaid labels). A line break or another control character in such
 * text would start a new line, or a line that looks like movesim's own, so each is written as a
 * visible escape instead: `\n`, `\r`, `\t`, or `\xHH` / `\uHHHH`.
 *
 * Text without such characters is returned unchanged (the same string), so ordinary names give
 * the same bytes as before. Backslashes are left as they are: the escapes are for reading, not
 * for decoding back. This file only escapes; callers decide which text is outside text.
 */

/**
 * The characters escaped: C0 controls and DEL, C1 controls (U+0085 is a line break to some
 * readers), the Unicode line and paragraph separators, and the bidirectional embedding, override
 * and isolate controls, which can make a line display as something other than what it holds.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same as UNSAFE, without the global flag, for a quick test. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here.
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one unsafe character. */
function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every line break and control character written as a visible escape. */
export function oneLine(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}
