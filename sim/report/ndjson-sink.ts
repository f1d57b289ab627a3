/**
 * The streamed trace: a `TraceSink` that writes NDJSON to a file descriptor as the run goes,
 * so a long run's memory does not grow with its trace.
 *
 * The lines are: the header object `{format, version, seed, scenario, units, nodes}` (written
 * when the simulation begins), then one event a line (`JSON.stringify` of the event, the same
 * text `trace.json` holds), then a final `{"outcomes":[...],"violations":[...],"meta":{...}}`
 * line written by `finish`. Writes are buffered and synchronous, so the bytes depend only on
 * the run. Event lines are `eventJson` (the text `trace.json` holds) and go through an
 * `FdWriter`, or a `ThreadedFdWriter` (the same bytes, encoded and written on a worker thread)
 * when asked. It does not judge outcomes or choose a trace level; the caller does.
 */
import { closeSync, openSync } from 'node:fs';

import type { TraceEvent, TraceSink, TraceStart } from '../engine/index.js';
import type { RunOutput } from '../scenario/run.js';
import { eventJson } from './event-json.js';
import { FdWriter } from './fd-writer.js';
import { traceHeader } from './trace-file.js';
import { ThreadedFdWriter } from './writer-thread.js';

/** Options of an NDJSON sink. */
export interface NdjsonSinkOptions {
  /** The scenario name written in the header. */
  scenario: string;
  /**
   * Characters collected (at most) before they are written to the file. Default 1,048,576 (1 Mi).
   */
  bufferChars?: number;
  /** Close the file descriptor in `finish` (or `abort`). Default false (the caller owns it). */
  closeOnFinish?: boolean;
  /**
   * Encode and write the text on a worker thread (`ThreadedFdWriter`), so the run's thread only
   * makes the JSON; the file's bytes are the same. Worth it for long runs: it costs a thread's
   * start-up (tens of milliseconds). Default false; `movesim run --stream` sets it.
   */
  writerThread?: boolean;
}

/** The final line of a streamed trace. */
export interface NdjsonTail {
  outcomes: unknown[];
  violations: { invariant: string; t: number; detail: string }[];
  /** Extra context for the viewer (load lanes, thresholds); optional. */
  meta?: Record<string, unknown>;
}

const DEFAULT_BUFFER_CHARS = 1 << 20;

/**
 * The final line for a finished run: the same outcomes, violations and meta `trace.json` has,
 * with `extraMeta` (such as `run`'s `rerunArgs`) added to the meta as `writeTraceFile` adds it.
 */
export function ndjsonTail(out: RunOutput, extraMeta: Record<string, unknown> = {}): NdjsonTail {
  const h = traceHeader(out);
  const meta = { ...h.meta, ...extraMeta };
  return { outcomes: h.outcomes, violations: h.violations, meta };
}

export class NdjsonSink implements TraceSink {
  private readonly out: FdWriter | ThreadedFdWriter;
  private begun = false;
  private finished = false;
  private aborted = false;
  /** Lines written so far (header, events and tail). */
  lines = 0;
  /** Events written so far. */
  events = 0;

  constructor(
    private readonly fd: number,
    private readonly options: NdjsonSinkOptions,
  ) {
    this.out =
      options.writerThread === true
        ? new ThreadedFdWriter(fd)
        : new FdWriter(fd, options.bufferChars ?? DEFAULT_BUFFER_CHARS);
  }

  /** Opens (creating or truncating) `path` and returns a sink that closes it in `finish`. */
  static toFile(path: string, options: Omit<NdjsonSinkOptions, 'closeOnFinish'>): NdjsonSink {
    return new NdjsonSink(openSync(path, 'w'), { ...options, closeOnFinish: true });
  }

  /** Writes the header line; the simulation calls this before the first event. */
  begin(start: TraceStart): void {
    if (this.begun)
      throw new Error('the NDJSON trace header was already written; use one sink per run');
    this.begun = true;
    this.line(
      JSON.stringify({
        format: 'movesim-trace',
        version: 1,
        seed: start.seed,
        scenario: this.options.scenario,
        units: 'us',
        nodes: start.nodes,
      }),
    );
  }

  write(event: TraceEvent): void {
    if (!this.begun) {
      throw new Error(
        'an NDJSON trace got an event before its header; pass the sink to the Simulation (or runScenario) as `trace`, which writes the header first',
      );
    }
    this.events++;
    this.line(eventJson(event));
  }

  /** Writes the final line, flushes everything, and closes the file if the sink opened it. */
  finish(tail: NdjsonTail): void {
    if (this.aborted) throw new Error('the NDJSON trace was aborted; it cannot be finished');
    if (this.finished) throw new Error('the NDJSON trace was already finished');
    if (!this.begun)
      throw new Error(
        'an NDJSON trace cannot be finished before the run began (no header was written)',
      );
    this.finished = true;
    // The text of `JSON.stringify({ outcomes, violations, meta })`, written an outcome at a time:
    // a long run's outcomes as one string would be the run's largest allocation, at its end.
    const out = this.out;
    out.write('{"outcomes":[');
    tail.outcomes.forEach((o, i) =>
      out.write(i === 0 ? (JSON.stringify(o) ?? 'null') : `,${JSON.stringify(o) ?? 'null'}`),
    );
    out.write(`],"violations":${JSON.stringify(tail.violations)}`);
    if (tail.meta !== undefined) out.write(`,"meta":${JSON.stringify(tail.meta)}`);
    out.writeLine('}');
    this.lines++;
    this.flush();
    if (this.out instanceof ThreadedFdWriter) this.out.close();
    if (this.options.closeOnFinish === true) closeSync(this.fd);
  }

  /**
   * Stops writing without the final line, for a run that failed: the file holds part of what was
   * written, at most, and is closed if the sink opened it. The caller removes it.
   */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.aborted = true;
    if (this.out instanceof ThreadedFdWriter) this.out.abort();
    if (this.options.closeOnFinish === true) closeSync(this.fd);
  }

  /** Writes whatever is buffered to the file. */
  flush(): void {
    this.out.flush();
  }

  private line(text: string): void {
    this.lines++;
    this.out.writeLine(text);
  }
}
