/**
 * The safety checks first ask a quick question that allocates nothing and build their violations
 * only when its answer is yes (sim/cms/invariants.ts). These tests show that changes nothing: at
 * every event of every shipped scenario, of the counterexample files and of generated cases, with
 * and without model mutants, each check returns exactly the violations its full computation
 * finds, and at the end of the run too. Counters show the comparison is not vacuous: the runs
 * do reach worlds where the checks find something.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sketchArb } from '../../sim/check/arbitraries.js';
import { generatedScenario } from '../../sim/check/generated-scenario.js';
import { sketchToScenario } from '../../sim/check/to-scenario.js';
import {
  duplicateParticipantViolations,
  guestAccountLifecycle,
  guestAccountViolations,
  noDuplicateParticipant,
  oldJwtDeleted,
  oldJwtViolations,
  singleCall,
  singleCallViolations,
} from '../../sim/cms/invariants.js';
import { MUTANT_NAMES, type Mutants } from '../../sim/cms/mutants.js';
import type { Checker, Violation, World } from '../../sim/engine/index.js';
import { buildSimulation } from '../../sim/scenario/build.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';

/** Each check with a quick question, beside its full computation. */
const PAIRS: [Checker, (w: World) => Violation[]][] = [
  [singleCall, singleCallViolations],
  [noDuplicateParticipant, duplicateParticipantViolations],
  [oldJwtDeleted, oldJwtViolations],
  [guestAccountLifecycle, guestAccountViolations],
];

/** How many worlds were compared, and in how many each check found something. */
interface Tally {
  worlds: number;
  found: Record<string, number>;
}

/** Compares each check with its full computation in `w`; returns the first difference. */
function compare(w: World, tally: Tally): string | undefined {
  tally.worlds++;
  for (const [checker, full] of PAIRS) {
    const quick = checker.check(w).violations;
    const all = full(w);
    if (all.length > 0) tally.found[checker.name] = (tally.found[checker.name] ?? 0) + 1;
    if (JSON.stringify(quick) !== JSON.stringify(all))
      return `${checker.name} at t=${w.now}: ${JSON.stringify(quick)} vs ${JSON.stringify(all)}`;
  }
  return undefined;
}

/** Runs `s` and compares the checks after every event and at the end. */
function compareRun(s: Scenario, tally: Tally, breakModel?: Mutants): string[] {
  const diffs: string[] = [];
  const built = buildSimulation(s, {
    stateMode: 'mutable',
    safetyChecks: 'end',
    ...(breakModel === undefined ? {} : { breakModel }),
    afterEvent: (w) => {
      const d = compare(w, tally);
      if (d !== undefined) diffs.push(d);
    },
  });
  built.sim.run();
  const d = compare(built.sim.world(), tally);
  if (d !== undefined) diffs.push(d);
  return diffs;
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

describe('the safety checks with quick questions', () => {
  it('find the same violations as their full computation on every shipped scenario', () => {
    const tally: Tally = { worlds: 0, found: {} };
    const diffs: string[] = [];
    for (const [f, s] of scenariosIn(SCENARIOS))
      diffs.push(...compareRun(s, tally).map((d) => `${f}: ${d}`));
    expect(diffs).toEqual([]);
    expect(tally.worlds).toBeGreaterThan(500);
  });

  it('find the same violations on the counterexample files, intact and with mutants', () => {
    const tally: Tally = { worlds: 0, found: {} };
    const diffs: string[] = [];
    const mutants: Mutants[] = [{}, { duplicateCreateMakesSecond: true }, { keepOldJwt: true }];
    for (const [f, s] of scenariosIn(COUNTEREXAMPLES))
      for (const m of mutants)
        diffs.push(...compareRun(s, tally, m).map((d) => `${f} ${JSON.stringify(m)}: ${d}`));
    console.log(
      `worlds compared: ${tally.worlds}; with violations: ${JSON.stringify(tally.found)}`,
    );
    expect(diffs).toEqual([]);
    expect(Object.keys(tally.found)).toEqual(
      expect.arrayContaining(['no-duplicate-participant', 'single-call', 'old-jwt-deleted']),
    );
  });

  it('find the same violations on generated cases, intact and with each mutant', () => {
    const tally: Tally = { worlds: 0, found: {} };
    const diffs: string[] = [];
    const sketches = fc.sample(sketchArb(), { seed: 20, numRuns: 60 });
    sketches.forEach((sketch, i) => {
      const s = generatedScenario(sketchToScenario(sketch));
      diffs.push(...compareRun(s, tally).map((d) => `case ${i}: ${d}`));
      // The teardown skipped (the mutant that breaks most checks), then every mutant in turn,
      // so the checks meet broken worlds too.
      for (const mutant of ['skipTeardown', MUTANT_NAMES[i % MUTANT_NAMES.length]!]) {
        const found = compareRun(s, tally, { [mutant]: true });
        diffs.push(...found.map((d) => `case ${i} ${mutant}: ${d}`));
      }
    });
    console.log(
      `worlds compared: ${tally.worlds}; worlds with violations: ${JSON.stringify(tally.found)}`,
    );
    expect(diffs).toEqual([]);
    // The comparison saw worlds where the checks do find something.
    // (no-duplicate-participant is found in the counterexample files, above.)
    expect(Object.keys(tally.found)).toEqual(
      expect.arrayContaining(['single-call', 'old-jwt-deleted', 'guest-account-lifecycle']),
    );
  });
});
