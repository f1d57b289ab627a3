/**
 * Reading the compact encoding for read-trace.ts: its travelling text (compact-text.ts) or the
 * self-contained HTML page that carries it (html.ts), each section inflated with zlib and
 * decoded by the one decoder (sim/engine/trace-compact.ts, which needs no browser for this).
 * Errors are CompactTraceError with a message for read-trace.ts to place.
 */
import { gunzipSync } from 'node:zlib';

import type { TraceFile } from '../engine/index.js';
import {
  compactTextSections,
  CompactTraceError,
  decodeCompactBytes,
  isCompactText,
} from '../engine/trace-compact.js';

export { CompactTraceError, isCompactText };

/** The trace of a compact text. Throws CompactTraceError. */
export function decodeCompactText(text: string): TraceFile {
  const sections = compactTextSections(text).map(inflate);
  if (sections.length === 1) return decodeCompactBytes(sections[0]!);
  const [main, textPart, data] = sections as [Buffer, Buffer, Buffer];
  return decodeCompactBytes(main, { text: textPart, data });
}

/** One section's gzip bytes inflated. Throws CompactTraceError. */
function inflate(zipped: Uint8Array): Buffer {
  try {
    return gunzipSync(zipped);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CompactTraceError(`the compact trace is damaged (it does not decompress: ${why})`);
  }
}

/** Whether a text looks like an HTML page rather than a trace. */
export function isHtmlPage(text: string): boolean {
  return /^\s*<(!doctype\s+html|html)\b/i.test(text);
}

/**
 * The trace text a self-contained page carries (its `movesim-trace` script element), or
 * undefined when it has none. The page escapes `<` in it as `\u003c`, which JSON reads back.
 */
export function pageTraceText(html: string): string | undefined {
  const m = /<script\b[^>]*\bid="movesim-trace"[^>]*>([\s\S]*?)(?:<\/script>|$)/i.exec(html);
  return m?.[1];
}
