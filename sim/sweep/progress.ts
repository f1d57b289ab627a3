/**
 * The progress display of a sweep: on a terminal, one bar redrawn in place (at most every
 * `redrawEveryMs`); elsewhere (CI logs, pipes), a plain line at every tenth of the way and at
 * least every `plainEveryMs`, so a long sweep in CI still shows it is alive.
 *
 * The caller supplies the clock, so this file reads no wall time itself; the clock only paces
 * the display and the rate shown, never a result. It writes to the stream it is given.
 */

/** Options of a progress display. */
export interface ProgressOptions {
  /** How many seeds the sweep runs. */
  total: number;
  /** Whether the stream is a terminal: a redrawn bar when true, plain lines when false. */
  tty: boolean;
  /** Writes raw text (no newline added). */
  write: (text: string) => void;
  /** Milliseconds since an arbitrary start; used for the rate, the ETA and pacing redraws. */
  clockMs: () => number;
  /** The least time between two redraws of the bar, in milliseconds. Default 100. */
  redrawEveryMs?: number;
  /** Without a terminal, the most time between two plain lines, in milliseconds. Default 15000. */
  plainEveryMs?: number;
  /** The bar's width in characters. Default 30. */
  width?: number;
  /** What is counted, plural. Default `seeds`. */
  unit?: string;
  /** A short text shown after the counts, such as the grid point being run. Default none. */
  detail?: () => string;
  /** The word that starts each plain line: the command. Default `sweep`. */
  label?: string;
  /** What the second count counts. Default `failed`. */
  failedWord?: string;
}

/** A progress display being updated. */
export interface Progress {
  /** Reports the seeds done so far and how many of them failed. */
  update(done: number, failed: number): void;
  /** Draws the final state and ends the line. */
  finish(done: number, failed: number): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s - m * 60)).padStart(2, '0')}s`;
}

/** Creates a progress display. */
export function createProgress(opts: ProgressOptions): Progress {
  const start = opts.clockMs();
  const width = opts.width ?? 30;
  const every = opts.redrawEveryMs ?? 100;
  const plainEvery = opts.plainEveryMs ?? 15000;
  const unit = opts.unit ?? 'seeds';
  const label = opts.label ?? 'sweep';
  const failedWord = opts.failedWord ?? 'failed';
  let lastDraw = -Infinity;
  let lastPlain = start;
  let lastTenth = 0;
  const line = (done: number, failed: number): string => {
    const elapsed = (opts.clockMs() - start) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? formatSeconds((opts.total - done) / rate) : '?';
    const detail = opts.detail === undefined ? '' : `, ${opts.detail()}`;
    return `${done}/${opts.total} ${unit}, ${failed} ${failedWord}, ${rate.toFixed(1)} ${unit}/s, ETA ${eta}${detail}`;
  };
  const bar = (done: number): string => {
    const filled = opts.total === 0 ? width : Math.floor((done / opts.total) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  return {
    update(done, failed) {
      if (opts.tty) {
        const now = opts.clockMs();
        if (now - lastDraw < every && done < opts.total) return;
        lastDraw = now;
        opts.write(`\r${bar(done)} ${line(done, failed)}\u001b[K`);
      } else {
        const tenth = opts.total === 0 ? 10 : Math.floor((done * 10) / opts.total);
        const now = opts.clockMs();
        if ((tenth > lastTenth || now - lastPlain >= plainEvery) && done < opts.total) {
          lastTenth = tenth;
          lastPlain = now;
          opts.write(`${label}: ${line(done, failed)}\n`);
        }
      }
    },
    finish(done, failed) {
      const elapsed = (opts.clockMs() - start) / 1000;
      const text = `${done}/${opts.total} ${unit}, ${failed} ${failedWord}, in ${elapsed.toFixed(1)} s`;
      opts.write(opts.tty ? `\r${bar(done)} ${text}\u001b[K\n` : `${label}: ${text}\n`);
    },
  };
}
