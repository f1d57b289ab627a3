/**
 * The Mermaid export of a trace: `sequenceDiagram` text with one participant per node (browsers
 * drawn as actors), one arrow per sent message in trace order labelled with its step (where it
 * has one), kind and virtual time, the tech note's name of each step used (comments at the top), a
 * crossed arrow for a dropped message, and notes for local
 * marks with a step and for violations.
 *
 * Text that Mermaid reads specially (`;`, `#`, `<`, `>`, line breaks) is escaped, and node ids
 * that are not plain names or that are Mermaid keywords get safe aliases. It reads a parsed trace
 * and returns text; it writes no file.
 */
import { type Step, STEPS } from '../cms/protocol.js';
import { formatMs, type TraceEvent, type TraceFile } from '../engine/index.js';
import { oneLine } from '../scenario/one-line.js';
import { copyEnds } from './read-trace.js';

/** Options of the Mermaid export. */
export interface MermaidOptions {
  /** Only the messages and marks of this move id; everything when absent. */
  move?: string;
}

const KEYWORDS = new Set(
  [
    'end participant actor loop alt else opt par and rect note over left right of as box critical break',
    'activate deactivate title autonumber create destroy links link properties details option sequencediagram',
  ]
    .join(' ')
    .split(' '),
);

const ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' };

/**
 * Escapes text for a Mermaid label or message: line breaks and control characters as visible
 * escapes (`one-line.ts`, as in every line-oriented output), then Mermaid's own characters as
 * entities, in one pass so no escape is escaped again.
 */
export function mermaidText(s: string): string {
  return oneLine(s).replace(/[#;<>]/g, (c) => ENTITIES[c]!);
}

/** Chooses a Mermaid participant id for each node id. */
function aliases(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  ids.forEach((id, i) => {
    let alias =
      /^[A-Za-z][A-Za-z0-9_]*$/.test(id) && !KEYWORDS.has(id.toLowerCase()) ? id : `n${i + 1}`;
    while (used.has(alias)) alias = `${alias}_`;
    used.add(alias);
    out.set(id, alias);
  });
  return out;
}

const stepText = (step: number | undefined) => (step === undefined ? '' : `step ${step} `);

/** The rows of the step table the events use, in step order (named in comments at the top). */
function stepsIn(events: readonly TraceEvent[]): Step[] {
  const used = new Set<number>();
  for (const e of events)
    if ((e.type === 'send' || e.type === 'local') && e.step !== undefined) used.add(e.step);
  return (STEPS as readonly Step[]).filter((row) => used.has(row.number));
}

function markText(data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  if (typeof d.bridge === 'string') return ` → ${d.bridge}`;
  if (typeof d.rejected === 'string') return ` rejected (${d.rejected})`;
  if (typeof d.user === 'string') return ` ${d.user}`;
  return '';
}

/** Whether an event belongs to the move the options select. */
function selected(e: TraceEvent, opts: MermaidOptions): boolean {
  if (opts.move === undefined) return true;
  return 'move' in e && e.move === opts.move;
}

/** The Mermaid `sequenceDiagram` text of a trace, ending with a newline. */
export function traceToMermaid(trace: TraceFile, opts: MermaidOptions = {}): string {
  const events = trace.events.filter((e) => selected(e, opts));
  const ids: string[] = trace.nodes.map((n) => n.id);
  const known = new Set(ids);
  const note = (id: string) => {
    if (!known.has(id)) {
      known.add(id);
      ids.push(id);
    }
  };
  for (const e of events) {
    if (e.type === 'send') {
      note(e.from);
      note(e.to);
    } else if (e.type === 'local') note(e.node);
  }
  const alias = aliases(ids);
  const labels = new Map(trace.nodes.map((n) => [n.id, n]));
  const lines: string[] = ['sequenceDiagram'];
  const what = opts.move === undefined ? '' : `, move ${opts.move}`;
  lines.push(
    `  %% movesim trace of ${mermaidText(trace.scenario)}, seed ${mermaidText(String(trace.seed))}${mermaidText(what)}; times are virtual milliseconds`,
  );
  for (const id of ids) {
    const n = labels.get(id);
    const keyword = n?.kind === 'browser' ? 'actor' : 'participant';
    lines.push(`  ${keyword} ${alias.get(id)} as ${mermaidText(n?.label ?? id)}`);
  }
  for (const row of stepsIn(events))
    lines.push(`  %% step ${row.number}: ${mermaidText(row.name)}`);
  const ends = copyEnds(trace.events);
  const a = (id: string) => alias.get(id)!;
  for (const e of events) {
    if (e.type === 'send') {
      const end = ends.get(e);
      const dropped = end?.kind === 'dropped' ? ` DROPPED (${end.event.reason})` : '';
      const dup = e.duplicate ? ' (duplicate)' : '';
      const arrow = end?.kind === 'dropped' ? '-x' : '->>';
      lines.push(
        `  ${a(e.from)}${arrow}${a(e.to)}: ${mermaidText(`${stepText(e.step)}${e.kind}${dup}${dropped} at ${formatMs(e.t)} ms`)}`,
      );
    } else if (e.type === 'local' && e.step !== undefined) {
      lines.push(
        `  Note over ${a(e.node)}: ${mermaidText(`${stepText(e.step)}${e.kind}${markText(e.data)} at ${formatMs(e.t)} ms`)}`,
      );
    } else if (e.type === 'violation' && ids.length > 0) {
      const span = ids.length === 1 ? a(ids[0]!) : `${a(ids[0]!)},${a(ids[ids.length - 1]!)}`;
      lines.push(
        `  Note over ${span}: ${mermaidText(`VIOLATION ${e.invariant} at ${formatMs(e.t)} ms: ${e.detail}`)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
