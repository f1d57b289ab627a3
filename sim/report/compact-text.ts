/**
 * The compact encoding as text, the way it travels inside the self-contained HTML page: a
 * prefix naming it, then each of its sections (compact-trace.ts: main, text, data)
 * gzip-compressed on its own and in base64, the sections separated by `.` (which base64 does
 * not use), so the page can inflate what its first frame needs first. The page inflates them
 * with the browser's own `DecompressionStream('gzip')`; read-trace.ts with zlib. Compression
 * uses fixed settings, so the same encoding gives the same text.
 */
import { once } from 'node:events';
import { constants, createGzip, gzipSync } from 'node:zlib';

/** What the text of a compact trace starts with (sim/engine/trace-compact.ts reads the same). */
export const COMPACT_TEXT_PREFIX = 'movesim-trace-compact;gzip;base64,';

/** The gzip settings: the default level, which is within a few percent of the best here. */
const GZIP = { level: constants.Z_DEFAULT_COMPRESSION, memLevel: 8, windowBits: 15 };

/** What separates the sections' base64 texts. */
const SECTION_SEPARATOR = '.';

/** The compact text of an encoding's sections (CompactEncoder.sections), compressed at once. */
export function compactTextSync(sections: readonly Iterable<Buffer>[]): string {
  const texts = sections.map((parts) =>
    gzipSync(Buffer.concat([...parts]), GZIP).toString('base64'),
  );
  return COMPACT_TEXT_PREFIX + texts.join(SECTION_SEPARATOR);
}

/**
 * The compact text of an encoding's sections, given a part at a time; each part is compressed
 * as it comes, so only the compressed bytes are held.
 */
export async function compactTextStreamed(sections: readonly Iterable<Buffer>[]): Promise<string> {
  const texts: string[] = [];
  for (const parts of sections) texts.push((await gzipStreamed(parts)).toString('base64'));
  return COMPACT_TEXT_PREFIX + texts.join(SECTION_SEPARATOR);
}

/** Parts compressed as they come into one gzip member. */
async function gzipStreamed(parts: Iterable<Buffer>): Promise<Buffer> {
  const gz = createGzip(GZIP);
  const out: Buffer[] = [];
  gz.on('data', (b: Buffer) => out.push(b));
  const ended = once(gz, 'end');
  for (const p of parts) {
    if (p.length > 0 && !gz.write(p)) await once(gz, 'drain');
  }
  gz.end();
  await ended;
  return Buffer.concat(out);
}
