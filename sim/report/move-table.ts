/**
 * The printed report of a run: each move's messages in virtual-time order (time in ms with
 * three decimals, step, from → to, kind), its outcome, and the identities that changed.
 */
import { cmsView } from '../cms/world.js';
import { formatMs, type TraceEvent, type TraceSink, type TraceStart } from '../engine/index.js';
import type { RunOutput } from '../scenario/run.js';
import { explain } from './explain.js';
import type { Summary } from './summary.js';

/** The rows of one move: sends and local marks that carry a step, in trace order. */
export function moveRows(events: readonly TraceEvent[], move: string): string[] {
  const rows: string[] = [];
  for (const e of events) {
    if (e.type === 'send' && e.move === move && e.step !== undefined) {
      rows.push(
        `${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.from} → ${e.to}`.padEnd(22)}  ${e.kind}${e.duplicate ? ' (duplicate)' : ''}`,
      );
    } else if (e.type === 'drop' && e.move === move && e.step !== undefined) {
      rows.push(
        `${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.from} → ${e.to}`.padEnd(22)}  ${e.kind} DROPPED (${e.reason})`,
      );
    } else if (e.type === 'local' && e.move === move && e.step !== undefined) {
      rows.push(
        `${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.node} (local)`.padEnd(22)}  ${e.kind}${describeMark(e.data)}`,
      );
    }
  }
  return rows;
}

function describeMark(data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  if (typeof d.bridge === 'string') return ` → ${d.bridge}`;
  if (typeof d.rejected === 'string') return ` → rejected (${d.rejected})`;
  if (typeof d.user === 'string') return ` ${d.user}`;
  return '';
}

export interface ReportOptions {
  /**
   * Moves with a full message table; the rest get one line each. Default: all when there are at
   * most 3.
   */
  detailed?: string[];
}

/** The moves printed in detail: those asked for, or every move when there are at most 3. */
export function detailedMoves(
  moves: readonly string[],
  asked: readonly string[] | undefined,
): string[] {
  if (asked !== undefined && asked.length > 0) return [...asked];
  return moves.length <= 3 ? [...moves] : [];
}

/**
 * A trace sink in front of another (the streamed trace) that keeps just the events the printed
 * report of the detailed moves reads (their messages and marks, drops and deliveries to their
 * participants, crashes and restarts, rejected-JWT log lines), so `run --stream` prints the same
 * report as a plain run without keeping the whole trace.
 */
export class ReportEventSink implements TraceSink {
  readonly events: TraceEvent[] = [];
  private readonly moves: Set<string>;
  private readonly participants: Set<string>;

  constructor(
    private readonly next: TraceSink | undefined,
    detailed: readonly { move: string; participant: string }[],
  ) {
    this.moves = new Set(detailed.map((d) => d.move));
    this.participants = new Set(detailed.map((d) => d.participant));
  }

  begin(start: TraceStart): void {
    this.next?.begin?.(start);
  }

  write(event: TraceEvent): void {
    this.next?.write(event);
    if (this.moves.size > 0 && this.wanted(event)) this.events.push(event);
  }

  private wanted(e: TraceEvent): boolean {
    if ('move' in e && typeof e.move === 'string' && this.moves.has(e.move)) return true;
    if ((e.type === 'drop' || e.type === 'deliver') && this.participants.has(e.to)) return true;
    if (e.type === 'local') return e.kind === 'crash' || e.kind === 'restart';
    return e.type === 'log' && /JWT for .* rejected/.test(e.line);
  }
}

/** The whole printed report: each move (in detail when few), then the run's summary. */
export function formatRunReport(out: RunOutput, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const events = out.events ?? [];
  const detailed = new Set(
    detailedMoves(
      out.outcomes.map((o) => o.move),
      options.detailed,
    ),
  );
  const view = cmsView(out.built.sim.world());
  const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
  const valid = (jwt: string) => view.callBridges.some((cb) => cb.state.jwts.has(jwt));
  for (const o of out.outcomes) {
    if (!detailed.has(o.move)) {
      const limbo = o.limboMs === null ? '' : ` limbo ${o.limboMs.toFixed(3)} ms`;
      lines.push(
        `${o.move.padEnd(8)} ${o.participant.padEnd(12)} ${(o.from ?? '?').padEnd(10)} → ${o.to.padEnd(10)} ${o.result}${o.reason ? ` (${o.reason})` : ''}${limbo}`,
      );
      continue;
    }
    lines.push('');
    lines.push(`Move ${o.move}: ${o.participant} ${o.from ?? '?'} → ${o.to}`);
    const rows = moveRows(events, o.move);
    if (rows.length > 0) {
      lines.push(`${'time (ms)'.padStart(12)}  step  ${'from → to'.padEnd(22)}  kind`);
      lines.push(...rows);
    }
    const limbo = o.limboMs === null ? '' : `, limbo ${o.limboMs.toFixed(3)} ms`;
    lines.push(`  outcome: ${o.result}${o.reason ? ` (${o.reason})` : ''}${limbo}`);
    const why = explain(o, events);
    if (why !== null) {
      lines.push(
        `  ${o.result === 'moved' ? 'recovered from' : 'went wrong'}${why.step === null ? '' : ` at step ${why.step}`}:`,
      );
      for (const x of why.evidence) lines.push(`    - ${x}`);
    }
    const h = browsers.get(o.participant)?.history.get(o.move);
    if (h !== undefined) {
      lines.push(`  guest:   ${h.oldUser ?? '-'} → ${h.newUser}`);
      const old =
        h.oldJwt === undefined
          ? '-'
          : `${h.oldJwt} (old, ${valid(h.oldJwt) ? 'STILL VALID' : 'deleted'})`;
      lines.push(
        `  JWT:     ${old} → ${h.newJwt} (new${valid(h.newJwt) ? '' : ', no longer valid'})`,
      );
    }
  }
  return lines.join('\n');
}

/** The run's summary: outcome counts, move and limbo time percentiles, peak load per bridge. */
export function formatSummaryTable(summary: Summary): string {
  const lines: string[] = [''];
  const counts = Object.entries(summary.counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  lines.push(`outcomes: ${counts || 'no moves'}`);
  const pct = (p: Summary['moveTimeMs']) =>
    p.count === 0
      ? 'n/a'
      : `p50 ${p.p50!.toFixed(1)}  p95 ${p.p95!.toFixed(1)}  p99 ${p.p99!.toFixed(1)}  max ${p.max!.toFixed(1)} ms`;
  lines.push(`move time (request → media): ${pct(summary.moveTimeMs)}`);
  lines.push(`limbo (left old call → media in new): ${pct(summary.limboMs)}`);
  // Columns as wide as their widest cell, so loads of 10,000 % and more and long ids stay aligned.
  const loads = summary.bridges.map((b) => `${(b.peakLoadBasisPoints / 100).toFixed(2)} %`);
  const idWidth = Math.max(10, ...summary.bridges.map((b) => b.id.length));
  const loadWidth = Math.max(10, ...loads.map((l) => l.length));
  lines.push(`${'bridge'.padEnd(idWidth)} ${'peak load'.padStart(loadWidth)}  participants at end`);
  summary.bridges.forEach((b, i) => {
    lines.push(`${b.id.padEnd(idWidth)} ${loads[i]!.padStart(loadWidth)}  ${b.participants}`);
  });
  return lines.join('\n');
}
