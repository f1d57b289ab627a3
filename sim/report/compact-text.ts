/**
 * The compact encoding as text, the way it travels inside the self-contained HTML page: a
 * prefix naming it, then its bytes (compact-trace.ts) gzip-compressed and in base64. The page
 * inflates it with the browser's own `DecompressionStream('gzip')`; read-trace.ts with zlib.
 * Compression uses fixed settings, so the same encoding gives the same text.
 */
import { once } from 'node:events';
import { constants, createGzip, gzipSync } from 'node:zlib';

/** What the text of a compact trace starts with (sim/engine/trace-compact.ts reads the same). */
export const COMPACT_TEXT_PREFIX = 'movesim-trace-compact;gzip;base64,';

/** The gzip settings: the default level, which is within a few percent of the best here. */
const GZIP = { level: constants.Z_DEFAULT_COMPRESSION, memLevel: 8, windowBits: 15 };

/** The compact text of an encoding given as one set of buffers, compressed at once. */
export function compactTextSync(parts: Iterable<Buffer>): string {
  return COMPACT_TEXT_PREFIX + gzipSync(Buffer.concat([...parts]), GZIP).toString('base64');
}

/**
 * The compact text of an encoding given a part at a time; each part is compressed as it comes,
 * so only the compressed bytes are held.
 */
export async function compactTextStreamed(parts: Iterable<Buffer>): Promise<string> {
  const gz = createGzip(GZIP);
  const out: Buffer[] = [];
  gz.on('data', (b: Buffer) => out.push(b));
  const ended = once(gz, 'end');
  for (const p of parts) {
    if (p.length > 0 && !gz.write(p)) await once(gz, 'drain');
  }
  gz.end();
  await ended;
  return COMPACT_TEXT_PREFIX + Buffer.concat(out).toString('base64');
}
