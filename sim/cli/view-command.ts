/**
 * `movesim view <trace-or-scenario>`: serves the viewer on localhost with a trace and prints its
 * URL, until Ctrl-C. A scenario is run first with the trace at the `state` level (so the state
 * inspector has data); a trace (trace.json or the streamed form) is served as it is, with its
 * compact side file when that is valid (view-side.ts).
 * Exit 0 after Ctrl-C; 1 never; 2 for invalid input or when the viewer server is not built.
 */
import { readFileSync } from 'node:fs';

import { readTraceText, TraceReadError } from '../report/read-trace.js';
import { traceFileText } from '../report/trace-file.js';
import { formatProblem, formatWarning, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import { runScenario } from '../scenario/run.js';
import { EXIT } from './exit-codes.js';
import { INPUT_MAX_BYTES, inputProblem } from './input-files.js';
import { type CliIo, readInputFile } from './io.js';
import { importOptional } from './optional-module.js';
import { parseSeed, rerunArgs } from './run-command.js';
import { type ViewSide, viewSide } from './view-side.js';

/** Options of `movesim view`. */
export interface ViewOptions {
  /** For a scenario: the seed (default the scenario's). */
  seed?: string;
  /** For a scenario: overrides applied before validation. Default none. */
  set?: string[];
}

/** What the viewer's server module provides. */
interface ServeModule {
  serveViewer(
    opts: { traceText: string | (() => string) } & ViewSide,
  ): Promise<{ url: string; close(): Promise<void> | void }>;
}

/**
 * Whether text is a movesim trace rather than a scenario: a JSON object naming the trace format
 * near its start.
 */
export function looksLikeTrace(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').slice(0, 4096);
  return head.trimStart().startsWith('{') && /"format"\s*:\s*"movesim-trace"/.test(head);
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** What `view` serves: the trace's text (or how to read it) and its compact side file. */
interface ToServe {
  traceText: string | (() => string);
  side: ViewSide;
}

/**
 * The trace to serve for `file` (a trace, or a scenario run now), or undefined after saying why
 * there is none. A trace whose compact side file is valid was written by movesim as movesim
 * writes it (the side file was made from exactly those bytes), so it is neither read nor
 * checked before the address is printed: its text is read if a page asks for it.
 */
function whatToServe(file: string, opts: ViewOptions, io: CliIo): ToServe | undefined {
  const problem = inputProblem(file, 'trace');
  if (problem !== undefined) {
    io.printErr(problem);
    return undefined;
  }
  const side = viewSide(file, io);
  if (side.compactGzip !== undefined) return { traceText: () => readFileSync(file, 'utf8'), side };
  // A trace may be larger than a scenario; a scenario's own limit is checked once it is known not
  // to be a trace.
  const text = readInputFile(file, io, 'trace');
  if (text === undefined) return undefined;
  let traceText: string;
  if (looksLikeTrace(text)) {
    try {
      readTraceText(text, file);
    } catch (e) {
      if (e instanceof TraceReadError) {
        io.printErr(e.message);
        return undefined;
      }
      throw e;
    }
    traceText = text;
  } else {
    if (text.length > INPUT_MAX_BYTES.scenario) {
      io.printErr(
        `${oneLine(file)}: is not a movesim trace, and is over the ${INPUT_MAX_BYTES.scenario / 1024 / 1024} MiB limit for a scenario (docs/cli.md, "Limits")`,
      );
      return undefined;
    }
    const loaded = loadScenarioText(text, file, { set: opts.set ?? [] });
    if (!loaded.ok) {
      for (const p of loaded.problems) io.printErr(formatProblem(p));
      io.printErr(
        `${oneLine(file)}: ${loaded.problems.length} problem(s) (read as a scenario, since it is not a movesim trace)`,
      );
      return undefined;
    }
    for (const w of loaded.warnings) io.printErr(formatWarning(w));
    const seed = parseSeed(opts.seed) ?? loaded.scenario.seed;
    const out = runScenario(loaded.scenario, { seed, traceLevel: 'state' });
    traceText = traceFileText(out, out.events ?? [], rerunArgs({ set: opts.set ?? [] }));
    io.printErr(`ran ${loaded.scenario.name} with seed ${seed}: ${out.result.events} events`);
    return { traceText, side: {} };
  }
  return { traceText, side };
}

export async function viewCommand(file: string, opts: ViewOptions, io: CliIo): Promise<number> {
  const serve = await importOptional<ServeModule>('../report/serve.js');
  if (serve === undefined) {
    io.printErr(
      'movesim: view needs the viewer server (sim/report/serve.ts), which this build does not have yet; ' +
        'meanwhile open `movesim export TRACE --format perfetto` output in ui.perfetto.dev',
    );
    return EXIT.invalid;
  }
  const what = whatToServe(file, opts, io);
  if (what === undefined) return EXIT.invalid;
  const { traceText, side } = what;
  let server;
  try {
    server = await serve.serveViewer({ traceText, ...side });
  } catch (e) {
    io.printErr(`movesim: view: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.invalid;
  }
  io.print(`viewer: ${server.url}`);
  io.printErr('serving until Ctrl-C');
  await interrupted();
  await server.close();
  return EXIT.ok;
}
