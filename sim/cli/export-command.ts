/**
 * `movesim export <trace> --format cmslog|mermaid|perfetto|html [-o FILE]`: converts a trace
 * (trace.json, the streamed NDJSON form, or a self-contained page that carries one) to another
 * format, on stdout unless `-o` names a file, which is written atomically. `--format html` reads
 * the trace a block at a time; the others read it whole. Exit 0, or 2 when the trace cannot be
 * read or a flag is wrong.
 */
import { writeFileAtomic } from '../report/atomic-write.js';
import { formatCmsLog, logsOfTrace } from '../report/cmslog.js';
import { traceToMermaid } from '../report/mermaid.js';
import { perfettoJsonText } from '../report/perfetto.js';
import { readTraceText, TraceReadError } from '../report/read-trace.js';
import { EXIT, UsageError } from './exit-codes.js';
import { inputProblem } from './input-files.js';
import { type CliIo, readInputFile } from './io.js';
import { watchForInterrupts } from './janitor.js';
import { importOptional } from './optional-module.js';
import { vetOutputFile } from './output-paths.js';

/** The formats `export` writes (main.ts lists the same for --help). */
export const EXPORT_FORMATS = ['cmslog', 'mermaid', 'perfetto', 'html'] as const;

/** Options of `movesim export`. */
export interface ExportOptions {
  /** One of EXPORT_FORMATS. Required. */
  format: string;
  /** The file to write; stdout when absent. */
  output?: string;
  /** Mermaid only: just the messages and marks of this move id. Default: every message. */
  move?: string;
}

/** The module the viewer provides for `--format html`. */
interface HtmlModule {
  renderSelfContainedHtmlFile(path: string): Promise<{ html: string; warnings: string[] }>;
}

/**
 * `--format html`: the page, with the trace read a block at a time (never whole, so a large
 * trace fits in memory), or undefined after saying why it cannot be written.
 */
async function htmlPage(file: string, io: CliIo): Promise<string | undefined> {
  const problem = inputProblem(file, 'trace');
  if (problem !== undefined) {
    io.printErr(problem);
    return undefined;
  }
  const html = await importOptional<HtmlModule>('../report/html.js');
  if (html === undefined) {
    io.printErr(
      'movesim: --format html needs the viewer page (sim/report/html.ts), which this build does not have yet',
    );
    return undefined;
  }
  try {
    const page = await html.renderSelfContainedHtmlFile(file);
    for (const w of page.warnings) io.printErr(`warning: ${w}`);
    return page.html;
  } catch (e) {
    if (e instanceof TraceReadError) io.printErr(e.message);
    else io.printErr(`movesim: --format html: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Writes the exported text to the output file, or to stdout when there is none. */
function emit(text: string, opts: ExportOptions, io: CliIo): void {
  if (opts.output === undefined) {
    io.write(text);
  } else {
    writeFileAtomic(opts.output, text);
    io.printErr(`wrote ${opts.output}`);
  }
}

export async function exportCommand(file: string, opts: ExportOptions, io: CliIo): Promise<number> {
  if (opts.move !== undefined && opts.format !== 'mermaid') {
    throw new UsageError(
      `--move applies to --format mermaid only; drop --move or use --format mermaid`,
    );
  }
  // The output file is vetted before the trace is read, so a bad -o costs nothing.
  if (opts.output !== undefined) {
    const vetted = vetOutputFile(opts.output, '-o');
    watchForInterrupts([vetted.folder], vetted.missing);
  }
  if (opts.format === 'html') {
    const page = await htmlPage(file, io);
    if (page === undefined) return EXIT.invalid;
    emit(page, opts, io);
    return EXIT.ok;
  }
  let read;
  const raw = readInputFile(file, io, 'trace');
  if (raw === undefined) return EXIT.invalid;
  try {
    read = readTraceText(raw, file);
  } catch (e) {
    if (e instanceof TraceReadError) {
      io.printErr(e.message);
      return EXIT.invalid;
    }
    throw e;
  }
  for (const w of read.warnings) io.printErr(`warning: ${w}`);
  const { trace } = read;
  let text: string;
  switch (opts.format) {
    case 'cmslog': {
      const logs = logsOfTrace(trace.events);
      if (logs.length === 0 && trace.events.length > 0) {
        io.printErr(
          `note: ${file} has no log lines; record them with --trace-level logs (the default) or state`,
        );
      }
      text = formatCmsLog(logs);
      break;
    }
    case 'mermaid':
      if (
        opts.move !== undefined &&
        !trace.events.some((e) => 'move' in e && e.move === opts.move)
      ) {
        const moves = [
          ...new Set(
            trace.events.flatMap((e) =>
              'move' in e && typeof e.move === 'string' ? [e.move] : [],
            ),
          ),
        ];
        throw new UsageError(
          `--move ${opts.move}: no message of ${file} belongs to that move; its moves are ${moves.join(', ') || 'none'}`,
        );
      }
      text = traceToMermaid(trace, opts.move === undefined ? {} : { move: opts.move });
      break;
    case 'perfetto':
      text = perfettoJsonText(trace);
      break;
    default:
      throw new UsageError(
        `--format must be one of ${EXPORT_FORMATS.join(', ')}; got "${opts.format}"`,
      );
  }
  emit(text, opts, io);
  return EXIT.ok;
}
