/**
 * `trace.json`: the trace contract (format `movesim-trace`, version 1) as text.
 *
 * Events are written one per line inside the JSON array, so the file diffs well and large
 * traces need no giant string; the bytes depend only on the run, never on the machine.
 */
import type { RerunInfo, TraceEvent, TraceFile } from '../engine/index.js';
import type { RunOutput } from '../scenario/run.js';
import { eventJson } from './event-json.js';
import { mapsAsJson } from './maps-as-json.js';

/**
 * What the trace carries to be run again (`meta.rerun`): the viewer's what-ifs re-run it in the
 * page (sim/browser-runner/).
 */
function rerunOf(out: RunOutput): RerunInfo {
  return {
    scenario: out.scenario,
    seed: out.seed,
    traceLevel: out.traceLevel,
    safetyChecks: out.mode.safetyChecks,
  };
}

/** The header fields of a trace file for a run. */
export function traceHeader(out: RunOutput): Omit<TraceFile, 'events'> {
  const lb = out.scenario.cluster.loadBalancing;
  return {
    format: 'movesim-trace',
    version: 1,
    seed: out.seed,
    scenario: out.scenario.name,
    units: 'us',
    nodes: out.built.sim.traceNodes(),
    outcomes: out.outcomes,
    violations: out.violations,
    meta: {
      loadSeries: Object.fromEntries(out.bridges.map((b) => [b.id, b.loadSeries])),
      thresholds: {
        newConferenceLoadLimitBasisPoints: lb.newConferenceLoadLimitBasisPoints,
        existingConferenceLoadLimitBasisPoints: lb.existingConferenceLoadLimitBasisPoints,
      },
      rerun: rerunOf(out),
      ...(out.traceLevel === 'state'
        ? { initialStates: jsonSafe(out.built.sim.initialStates()) }
        : {}),
    },
  };
}

/** Maps and Sets as JSON can hold them (objects and arrays), as immer patches name them. */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v)]));
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

export { mapsAsJson };

/**
 * Writes the whole `trace.json` text of a run whose events were kept in memory, piece by piece
 * to `write`, so a trace larger than the longest string a JavaScript engine can hold still
 * goes to a file.
 */
export function writeTraceFile(
  write: (text: string) => void,
  out: RunOutput,
  events: readonly TraceEvent[],
  extraMeta: Record<string, unknown> = {},
): void {
  const header = traceHeader(out);
  header.meta = { ...header.meta, ...extraMeta };
  write(`${JSON.stringify(header).slice(0, -1)},"events":[\n`);
  for (let i = 0; i < events.length; i++)
    write(i === 0 ? eventJson(events[i]!) : `,\n${eventJson(events[i]!)}`);
  write('\n]}\n');
}

/** The whole `trace.json` text of a run whose events were kept in memory, as one string. */
export function traceFileText(
  out: RunOutput,
  events: readonly TraceEvent[],
  extraMeta: Record<string, unknown> = {},
): string {
  const parts: string[] = [];
  writeTraceFile((text) => parts.push(text), out, events, extraMeta);
  return parts.join('');
}
