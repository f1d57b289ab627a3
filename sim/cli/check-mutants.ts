/**
 * `movesim check --mutants`: the property search run against each model mutant of
 * `sim/cms/mutants.ts`, to measure how strong the properties are. It prints one row per mutant
 * (killed or not, after how many generated cases, by which property) and `killed N/M`; with
 * `--out` it also writes each mutant's shrunk killing case as a counterexample file whose header
 * names the mutant. Exit 0 when every mutant is killed, 1 when one survives (the properties
 * cannot see that bug: a finding). The wall clock is read only to print how long it took.
 */
import { killMutants, type MutantRow, writeCounterexample } from '../check/index.js';
import { MUTANTS } from '../cms/mutants.js';
import { oneLine } from '../scenario/one-line.js';
import { monotonicMs } from './clock.js';
import { EXIT } from './exit-codes.js';

/** What `--mutants` needs from the command line. */
export interface MutantsRunOptions {
  seed: number;
  runs: number;
  /** Where the killing cases are written; none when absent. */
  out: string | undefined;
}

/** One row of the kill table. */
function rowLine(r: MutantRow): string {
  const verdict = r.killed ? `killed after ${r.cases} cases by ${r.failure!}` : 'ALIVE';
  return `${r.mutant.padEnd(28)} ${verdict}`;
}

/** Runs the search against every mutant and prints the kill table. */
export function runMutants(o: MutantsRunOptions, print: (s: string) => void): number {
  print(`mutants: ${Object.keys(MUTANTS).length}, up to ${o.runs} cases each, seed ${o.seed}`);
  const started = monotonicMs();
  const rows = killMutants({
    seed: o.seed,
    runs: o.runs,
    onMutant: (r) => {
      print(rowLine(r));
      const cx = r.counterexample;
      if (o.out === undefined || cx === undefined) return;
      const file = writeCounterexample(o.out, {
        input: cx.input,
        scenario: cx.scenario,
        failures: cx.failures,
        foundBy: { seed: o.seed, path: cx.path, numShrinks: cx.numShrinks, reduced: cx.reduced },
        model: r.mutant,
      });
      print(`  wrote ${oneLine(file)}`);
    },
  });
  const killed = rows.filter((r) => r.killed).length;
  const seconds = ((monotonicMs() - started) / 1000).toFixed(1);
  print(`killed ${killed}/${rows.length} (${seconds} s)`);
  return killed === rows.length ? EXIT.ok : EXIT.failed;
}
