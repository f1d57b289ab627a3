/**
 * The printed report of a run: each move's messages in virtual-time order (time in ms with
 * three decimals, step, from → to, kind), its outcome, and the identities that changed.
 */
import { formatMs, type TraceEvent } from '../engine/index.js';
import type { RunOutput } from '../scenario/run.js';
import { cmsView } from '../cms/world.js';

/** The rows of one move: sends and local marks that carry a step, in trace order. */
export function moveRows(events: readonly TraceEvent[], move: string): string[] {
  const rows: string[] = [];
  for (const e of events) {
    if (e.type === 'send' && e.move === move && e.step !== undefined) {
      rows.push(`${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.from} → ${e.to}`.padEnd(22)}  ${e.kind}${e.duplicate ? ' (duplicate)' : ''}`);
    } else if (e.type === 'drop' && e.move === move && e.step !== undefined) {
      rows.push(`${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.from} → ${e.to}`.padEnd(22)}  ${e.kind} DROPPED (${e.reason})`);
    } else if (e.type === 'local' && e.move === move && e.step !== undefined) {
      rows.push(`${formatMs(e.t).padStart(12)}  ${String(e.step).padStart(4)}  ${`${e.node} (local)`.padEnd(22)}  ${e.kind}${describeMark(e.data)}`);
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

/** The whole printed report. */
export function formatRunReport(out: RunOutput): string {
  const lines: string[] = [];
  const events = out.events ?? [];
  const view = cmsView(out.built.sim.world());
  const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
  const valid = (jwt: string) => view.callBridges.some((cb) => cb.state.jwts.has(jwt));
  for (const o of out.outcomes) {
    lines.push('');
    lines.push(`Move ${o.move}: ${o.participant} ${o.from ?? '?'} → ${o.to}`);
    const rows = moveRows(events, o.move);
    if (rows.length > 0) {
      lines.push(`${'time (ms)'.padStart(12)}  step  ${'from → to'.padEnd(22)}  kind`);
      lines.push(...rows);
    }
    const limbo = o.limboMs === null ? '' : `, limbo ${o.limboMs.toFixed(3)} ms`;
    lines.push(`  outcome: ${o.result}${o.reason ? ` (${o.reason})` : ''}${limbo}`);
    const h = browsers.get(o.participant)?.history.get(o.move);
    if (h !== undefined) {
      lines.push(`  guest:   ${h.oldUser ?? '-'} → ${h.newUser}`);
      const old = h.oldJwt === undefined ? '-' : `${h.oldJwt} (old, ${valid(h.oldJwt) ? 'STILL VALID' : 'deleted'})`;
      lines.push(`  JWT:     ${old} → ${h.newJwt} (new${valid(h.newJwt) ? '' : ', no longer valid'})`);
    }
  }
  return lines.join('\n');
}
