/**
 * The `state` trace level records patches two ways: immer's `produceWithPatches` in `immer`
 * mode and the engine's patch recorder in `mutable` mode (the large-run default). On every
 * shipped scenario, and on the large scenario at 1/100 of its size with and without lossy,
 * duplicating and reordering links, both modes give the same events apart from the state
 * events, and in both, replaying each node's patches from its initial state gives the node's
 * final state, compared in the JSON form `trace.json` holds.
 */
import { describe, expect, it } from 'vitest';

import { largeScenario } from '../../scripts/gen-large.js';
import {
  ArraySink,
  type PatchOp,
  type StateEvent,
  type TraceEvent,
} from '../../sim/engine/index.js';
import { mapsAsJson } from '../../sim/report/trace-file.js';
import { type RunOutput, runScenario } from '../../sim/scenario/run.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { applyPatches } from '../../viz/src/state.js';
import { loadShipped, smallShippedScenarios } from '../helpers/scenarios.js';
import { faultyReduced, parseInput } from './helpers.js';

type Mode = 'immer' | 'mutable';
type Obj = Record<string, unknown>;

/** A value in the JSON form `trace.json` writes (Maps as objects, Sets as arrays). */
function json(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, mapsAsJson));
}

/** A run at the `state` level in `mode`, its trace kept in memory. */
function runState(scenario: Scenario, mode: Mode): { out: RunOutput; events: TraceEvent[] } {
  const sink = new ArraySink();
  const out = runScenario(scenario, { traceLevel: 'state', trace: sink, stateMode: mode });
  return { out, events: sink.events };
}

/** The events other than state events, as `trace.json` lines without their position. */
function otherEvents(events: TraceEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'state')
    .map((e) => JSON.stringify({ ...e, seq: 0 }, mapsAsJson));
}

/**
 * The nodes whose state replayed from their initial state through their patches differs from their
 * final state.
 */
function replayMismatches(out: RunOutput, events: TraceEvent[]): string[] {
  const sim = out.built.sim;
  const states = json(sim.initialStates()) as Obj;
  for (const e of events) {
    if (e.type !== 'state') continue;
    const ev = json(e) as StateEvent;
    states[ev.node] = applyPatches(states[ev.node], ev.patches as PatchOp[]);
  }
  return Object.keys(states).filter(
    (id) =>
      JSON.stringify(sortKeys(json(states[id]))) !==
      JSON.stringify(sortKeys(json(sim.stateOf(id)))),
  );
}

/**
 * `v` with every object's keys sorted. JSON leaves out a field whose value is `undefined`, so a
 * field set later comes last in the replayed object while it keeps its place in the live one.
 */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Obj)[k])]),
  );
}

/** Checks both modes on `scenario`: same other events, outcomes and violations; exact replays. */
function compareModes(scenario: Scenario): void {
  const a = runState(scenario, 'immer');
  const b = runState(scenario, 'mutable');
  expect(a.out.mode.stateMode).toBe('immer');
  expect(b.out.mode.stateMode).toBe('mutable');
  expect(a.events.filter((e) => e.type === 'state').length).toBeGreaterThan(0);
  expect(b.events.filter((e) => e.type === 'state').length).toBeGreaterThan(0);
  expect(otherEvents(b.events)).toEqual(otherEvents(a.events));
  expect(json(b.out.outcomes)).toEqual(json(a.out.outcomes));
  expect(b.out.violations).toEqual(a.out.violations);
  expect(replayMismatches(a.out, a.events)).toEqual([]);
  expect(replayMismatches(b.out, b.events)).toEqual([]);
}

const shipped = smallShippedScenarios();

describe('state recorded by immer and by the patch recorder', () => {
  it('covers every shipped scenario but the large one', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(12);
    expect(shipped).toContain('troubleshoot-b-target-bridge-crash');
  });

  it.each(shipped)('agree and replay exactly on %s', (name) => {
    compareModes(loadShipped(name));
  });

  it('agree and replay exactly on the large scenario at 1/100', () => {
    compareModes(parseInput(largeScenario({ scale: 0.01 })));
  });

  it('agree and replay exactly on the large scenario at 1/100 with lossy, duplicating and reordering links', () => {
    compareModes(parseInput(faultyReduced()));
  });
});
