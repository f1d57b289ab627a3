/**
 * After an event that changed one node, the engine asks the safety checks about that node alone
 * (`Checker.checkChanged`, sim/cms/invariants.ts). These tests show that changes nothing: every
 * shipped scenario, the counterexample files and generated cases, intact and with model
 * mutants, record the same violations (invariant, time, detail, in order) and the same trace
 * with the changed-node checks as with every due check run in full
 * (`changedNodeChecks: false`). Counters show the comparison is not vacuous: the runs record
 * violations of every safety invariant.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sketchArb } from '../../sim/check/arbitraries.js';
import { generatedScenario } from '../../sim/check/generated-scenario.js';
import { sketchToScenario } from '../../sim/check/to-scenario.js';
import { MUTANT_NAMES, type Mutants } from '../../sim/cms/mutants.js';
import { ArraySink } from '../../sim/engine/index.js';
import { buildSimulation } from '../../sim/scenario/build.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';

/** How many runs were compared, and how many recorded each invariant. */
interface Tally {
  runs: number;
  found: Record<string, number>;
}

/** The recorded violations and the trace of `s`, with or without the changed-node checks. */
function runOf(s: Scenario, changedNodeChecks: boolean, breakModel?: Mutants): string {
  const trace = new ArraySink();
  const built = buildSimulation(s, {
    stateMode: 'mutable',
    traceLevel: 'messages',
    trace,
    changedNodeChecks,
    ...(breakModel === undefined ? {} : { breakModel }),
  });
  const result = built.sim.run();
  return JSON.stringify([result.violations, trace.events]);
}

/** Runs `s` both ways; returns a difference, if any, and counts what was recorded. */
function compareRun(s: Scenario, tally: Tally, breakModel?: Mutants): string | undefined {
  tally.runs++;
  const changed = runOf(s, true, breakModel);
  const full = runOf(s, false, breakModel);
  const [violations] = JSON.parse(full) as [{ invariant: string }[]];
  for (const name of new Set(violations.map((v) => v.invariant)))
    tally.found[name] = (tally.found[name] ?? 0) + 1;
  if (changed === full) return undefined;
  const [a] = JSON.parse(changed) as [unknown[]];
  return `${JSON.stringify(a)} vs ${JSON.stringify(violations)}`;
}

const SCENARIOS = join(__dirname, '../../scenarios');
const COUNTEREXAMPLES = join(__dirname, '../counterexamples');

/** The scenario files of `dir`, loaded. */
function scenariosIn(dir: string): [string, Scenario][] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml') && !n.startsWith('large-') && !n.startsWith('breakout-120'))
    .map((f) => {
      const r = loadScenarioFile(join(dir, f));
      if (!r.ok) throw new Error(`${f} did not load`);
      return [f, r.scenario];
    });
}

/**
 * The safety invariants the comparisons must see recorded. The model never breaks
 * `load-threshold`, not even with a mutant; test/cms/invariants.test.ts asks it about each node
 * of a world built to break it.
 */
const SAFETY = [
  'single-call',
  'no-duplicate-participant',
  'old-jwt-deleted',
  'guest-account-lifecycle',
  'load-accounting',
];

describe('the safety checks asked about the changed node alone', () => {
  /** Every run of both tests (they run in order). */
  const tally: Tally = { runs: 0, found: {} };

  it('record the same violations and trace as the full checks on every shipped scenario and counterexample file, intact and with mutants', () => {
    const diffs: string[] = [];
    for (const [f, s] of scenariosIn(SCENARIOS)) {
      const d = compareRun(s, tally);
      if (d !== undefined) diffs.push(`${f}: ${d}`);
    }
    const mutants: Mutants[] = [{}, ...MUTANT_NAMES.map((m) => ({ [m]: true }))];
    for (const [f, s] of scenariosIn(COUNTEREXAMPLES))
      for (const m of mutants) {
        const d = compareRun(s, tally, m);
        if (d !== undefined) diffs.push(`${f} ${JSON.stringify(m)}: ${d}`);
      }
    console.log(
      `runs compared: ${tally.runs}; runs with violations: ${JSON.stringify(tally.found)}`,
    );
    expect(diffs).toEqual([]);
    expect(tally.runs).toBeGreaterThan(100);
  });

  it('record the same violations and trace on generated cases, intact and with each mutant', () => {
    const generated: Tally = { runs: 0, found: {} };
    const diffs: string[] = [];
    const sketches = fc.sample(sketchArb(), { seed: 21, numRuns: 80 });
    sketches.forEach((sketch, i) => {
      const s = generatedScenario(sketchToScenario(sketch));
      for (const m of [undefined, 'skipTeardown', MUTANT_NAMES[i % MUTANT_NAMES.length]!]) {
        const d = compareRun(s, generated, m === undefined ? undefined : { [m]: true });
        if (d !== undefined) diffs.push(`case ${i} ${m ?? 'intact'}: ${d}`);
      }
    });
    console.log(
      `runs compared: ${generated.runs}; runs with violations: ${JSON.stringify(generated.found)}`,
    );
    expect(diffs).toEqual([]);
    expect(Object.keys(generated.found).length).toBeGreaterThan(2);
    for (const [name, n] of Object.entries(generated.found))
      tally.found[name] = (tally.found[name] ?? 0) + n;
    // Both tests together saw runs where each safety check records something.
    expect(Object.keys(tally.found)).toEqual(expect.arrayContaining(SAFETY));
  });
});
