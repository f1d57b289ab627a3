/**
 * A schedule found by `explore` as a scenario file that `movesim run` replays: the explored
 * scenario as written (its `--set` overrides and seed applied), renamed, with the schedule's
 * deviations appended to its `whatIf:` list (what-if.ts). A deferred message becomes a delay of
 * that message (`reorder=` when later messages of its link overtook it), a lost one a drop, a
 * crash a crash at its microsecond: each is what the engine's
 * controlled stepping did (control.ts), so the run takes the same schedule.
 *
 * `replayCounterexample` runs the file and says whether it reproduces the violation; the command
 * reports a file that does not, rather than trusting it.
 */
import { parseDocument } from 'yaml';

import type { TraceEvent } from '../engine/index.js';
import { loadScenarioText } from '../scenario/load.js';
import { applyOverrides } from '../scenario/overrides.js';
import { type RunOutput, runScenario } from '../scenario/run.js';
import { formatWhatIf, type WhatIf } from '../scenario/what-if.js';
import type { Deviation, Path } from './search.js';

/** The what-if of one deviation. */
export function whatIfOf(d: Deviation): WhatIf {
  if (d.type === 'crash')
    return {
      crash: d.node,
      atMs: d.atUs / 1000,
      restartAfterMs: d.restartAfterUs === undefined ? undefined : d.restartAfterUs / 1000,
    };
  if (d.type === 'drop') return { msg: d.msg, fate: { drop: true } };
  const reorder = d.type === 'reorder' ? { reorder: true } : {};
  return { msg: d.msg, fate: { delayUs: d.delayUs, ...reorder } };
}

/** The selectors of a path's deviations, in order. */
export function selectorsOf(path: Path): string[] {
  return path.deviations.map((d) => formatWhatIf(whatIfOf(d)));
}

/** What the counterexample file is made from. */
export interface CounterexampleSource {
  /** The explored scenario's text as written. */
  text: string;
  /** The `--set` overrides the search applied. */
  set: readonly string[];
  /** The seed the search used. */
  seed: string | number;
  /** The name of the new scenario (its output folder). */
  name: string;
  /** The comment at its top: what it shows and how it was found. */
  header: string[];
}

/** The counterexample scenario's text. */
export function counterexampleText(src: CounterexampleSource, path: Path): string {
  const doc = parseDocument(src.text);
  applyOverrides(doc, src.set);
  doc.set('name', src.name);
  doc.set('seed', src.seed);
  const earlier = (doc.toJS() as { whatIf?: unknown }).whatIf;
  const before = Array.isArray(earlier) ? earlier.map(String) : [];
  doc.set('whatIf', [...before, ...selectorsOf(path)]);
  doc.commentBefore = src.header.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** What replaying a counterexample gave. */
export interface Replay {
  /** Whether the run recorded a violation of the invariant. */
  reproduced: boolean;
  out: RunOutput;
  events: TraceEvent[];
}

/** Runs a counterexample's text (named `fileName` in problems) with a trace at `logs`. */
export function replayCounterexample(text: string, fileName: string, invariant: string): Replay {
  const loaded = loadScenarioText(text, fileName);
  if (!loaded.ok)
    throw new Error(`the counterexample does not load: ${loaded.problems[0]?.message ?? '?'}`);
  const out = runScenario(loaded.scenario, { traceLevel: 'logs', keepLogs: false });
  return {
    reproduced: out.violations.some((v) => v.invariant === invariant),
    out,
    events: out.events ?? [],
  };
}
