/**
 * Time-boxed fuzzing of the move protocol: `npm run fuzz -- --minutes N [--out DIR] [--runs N]`.
 *
 * It runs property searches (sim/check, compiled to dist/ by `npm run build`) with fresh random
 * seeds, batch after batch, until the time is up. Every failure is shrunk and written as a
 * counterexample scenario file (default folder test/counterexamples/), once per kind of
 * failure: after the first failure of a kind, later batches look for other kinds. It prints the
 * seed of each batch, so any batch can be repeated with `movesim check --seed S --runs N`.
 * Exit 0: nothing failed; 1: at least one counterexample was written; 2: bad options.
 *
 * This script is the only place that reads the wall clock to decide when to stop; nothing it
 * measures reaches a simulation.
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHECK = join(ROOT, 'dist', 'sim', 'check', 'index.js');

/** Reads `--name value` options; returns them, or an error text. */
function parseArgs(argv) {
  const opts = { minutes: 1, out: 'test/counterexamples', runs: 100 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    if (key === '--help' || key === '-h') return { help: true };
    if (!['--minutes', '--out', '--runs'].includes(key ?? ''))
      return { error: `unknown option "${key}"; options are --minutes N, --out DIR, --runs N` };
    if (value === undefined) return { error: `${key} needs a value` };
    i++;
    if (key === '--out') opts.out = value;
    else {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0)
        return { error: `${key} must be a positive number; got "${value}"` };
      if (key === '--minutes') opts.minutes = n;
      else opts.runs = Math.floor(n);
    }
  }
  return { opts };
}

const parsed = parseArgs(process.argv.slice(2));
if (parsed.help) {
  console.log('usage: npm run fuzz -- --minutes N [--out DIR] [--runs CASES_PER_BATCH]');
  process.exit(0);
}
if (parsed.error !== undefined) {
  console.error(`fuzz: ${parsed.error}`);
  process.exit(2);
}
if (!existsSync(CHECK)) {
  console.error(
    'fuzz: dist/sim/check is missing; run `npm run build` first (`npm run fuzz` does).',
  );
  process.exit(2);
}
const { opts } = parsed;
const { explore, failureName, writeCounterexample, Coverage, REQUIRED_CLASSES } = await import(
  pathToFileURL(CHECK).href
);

const deadline = Date.now() + opts.minutes * 60_000;
const coverage = new Coverage();
const found = new Map();
let batches = 0;
console.log(
  `fuzzing for ${opts.minutes} min, ${opts.runs} cases a batch, counterexamples to ${opts.out}`,
);
while (Date.now() < deadline) {
  const seed = randomInt(0, 2 ** 31 - 1);
  const known = new Set(found.keys());
  const result = explore({
    seed,
    runs: opts.runs,
    coverage,
    focus: (f) => !known.has(failureName(f)),
  });
  batches++;
  const cx = result.counterexample;
  if (cx === undefined) {
    console.log(`seed ${seed}: ${result.numRuns} cases, no new failure`);
    continue;
  }
  const file = writeCounterexample(opts.out, {
    input: cx.input,
    scenario: cx.scenario,
    failures: cx.failures,
    foundBy: { seed: result.seed, path: cx.path, numShrinks: cx.numShrinks, reduced: cx.reduced },
  });
  const name = failureName(cx.failures[0]);
  found.set(name, file);
  console.log(
    `seed ${seed}: FAILED ${name} after ${result.numRuns} cases: ${cx.failures[0].detail}`,
  );
  console.log(`  wrote ${file}; replay: node bin/movesim.js run ${file}`);
}
console.log(`\n${batches} batches; coverage:\n${coverage.table()}`);
const missing = coverage.missing(REQUIRED_CLASSES);
if (missing.length > 0) console.log(`never generated: ${missing.join(', ')}`);
console.log(
  found.size === 0
    ? 'no failure found'
    : `${found.size} kind(s) of failure found:\n${[...found].map(([n, f]) => `  ${n}: ${f}`).join('\n')}`,
);
process.exit(found.size === 0 ? 0 : 1);
