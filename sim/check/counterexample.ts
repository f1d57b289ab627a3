/**
 * Counterexample files: a shrunk failing case written as a scenario file that `movesim run`
 * reads, with a header saying what broke and how to replay it; and the reading of that header
 * back, for the regression test of `test/counterexamples/`.
 *
 * The header has the usual `# Covers / # Scenario / # Expect` lines, then machine-readable
 * lines: `# Property:` (and `# Violated:` for an invariant), `# Status: open` (the file still
 * shows the failure) or `# Status: fixed` (it must now pass), `# Model:` when the failure needs a
 * test-only broken model, and `# Found-by:` with the fast-check seed and path. The file's
 * `expect:` list makes `movesim run` exit 1 while the failure is there.
 */
import { join } from 'node:path';

import { MUTANT_NAMES, type MutantName } from '../cms/mutants.js';
import { STEP } from '../cms/protocol.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import type { Scenario, ScenarioInput } from '../scenario/schema.js';
import { checkReplayCommand, COMMAND_PREFIX } from '../sweep/replay.js';
import { describeScenario } from './describe.js';
import { type Failure, failureName, PROPERTY_NAMES, type PropertyName } from './properties.js';
import { scenarioYaml } from './yaml-text.js';

/** Test-only model switches a counterexample may need; a file cannot carry them. */
export type ModelSwitch = MutantName;

/** What the header of a counterexample file says. */
export interface CounterexampleHeader {
  property: PropertyName;
  /** The invariant, for `invariant` failures. */
  invariant: string | undefined;
  status: 'open' | 'fixed';
  /** A test-only model switch the replay needs. */
  model: ModelSwitch | undefined;
  /** The finding in docs/findings.md this file belongs to, e.g. `F3`. */
  finding: string | undefined;
}

/** How a counterexample was found. */
export interface FoundBy {
  /** The fast-check seed of the search. */
  seed: number;
  /** The fast-check path of the shrunk case. */
  path: string;
  numShrinks: number;
  /** Whether entries were removed after shrinking (`reduce.ts`). Default false. */
  reduced?: boolean;
}

/** Everything a counterexample file says. */
export interface CounterexampleSpec {
  /** The shrunk scenario input; its `name` is replaced by the file's name. */
  input: ScenarioInput;
  /** The same scenario, parsed. */
  scenario: Scenario;
  /** The failures it shows; the first is the one the header names. */
  failures: Failure[];
  foundBy: FoundBy;
  model?: ModelSwitch;
  finding?: string;
}

/** A short stable hash of a text (FNV-1a, 32 bits), for file names. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The file name of a counterexample: the failure's name and a hash of the case. */
export function counterexampleName(
  spec: Pick<CounterexampleSpec, 'input' | 'failures' | 'model'>,
): string {
  const f = spec.failures[0]!;
  const stem = failureName(f).replace(/[^A-Za-z0-9-]+/g, '-');
  return `${spec.model !== undefined ? `broken-${spec.model}-` : ''}${stem}-${shortHash(JSON.stringify({ ...spec.input, name: '' }))}`;
}

/**
 * The properties whose failure `movesim run` itself shows (a violation, a failed expectation, a
 * crash).
 */
const SHOWN_BY_RUN: ReadonlySet<string> = new Set([
  'invariant',
  'no-fault-explained',
  'runs-without-error',
]);

/** The expectations that make `movesim run` fail while the failure is there. */
function expectationsFor(f: Failure): NonNullable<ScenarioInput['expect']> {
  if (f.property === 'no-fault-explained' && f.move !== undefined)
    return [{ move: f.move, result: 'moved' }, { noViolations: true }];
  return [{ noViolations: true }];
}

/** The text of a counterexample file. */
export function counterexampleText(
  spec: CounterexampleSpec,
  name: string = counterexampleName(spec),
): string {
  const f = spec.failures[0]!;
  const what = f.property === 'invariant' ? `invariant ${f.invariant}` : `property ${f.property}`;
  const others = [...new Set(spec.failures.slice(1).map(failureName))].filter(
    (n) => n !== failureName(f),
  );
  // A mutant's search cannot be replayed by its path alone: the command line reaches mutants only
  // through --mutants, which repeats the search against every one of them.
  const replaySearch =
    spec.model === undefined
      ? `${checkReplayCommand(spec.foundBy.seed, spec.foundBy.path)} repeats the search`
      : `${COMMAND_PREFIX} check --mutants --seed ${spec.foundBy.seed} repeats the search against every mutant, this one among them,`;
  const lines = [
    '# yaml-language-server: $schema=../../scenarios/scenario.schema.json',
    `# Covers: a counterexample found by property testing (movesim check): ${what} breaks.`,
    `# Scenario: ${describeScenario(spec.scenario)}`,
    `# Expect: ${expectText(f)} Today: ${oneLine(f.detail)}${others.length > 0 ? ` Also broken: ${others.join(', ')}.` : ''}`,
    `# Property: ${f.property}`,
    ...(f.invariant !== undefined ? [`# Violated: ${f.invariant}`] : []),
    '# Status: open',
    ...(spec.finding !== undefined ? [`# Finding: ${spec.finding} (docs/findings.md)`] : []),
    ...(spec.model !== undefined
      ? [
          `# Model: ${spec.model}`,
          `# The failure needs the deliberately broken model buildSimulation(s, { breakModel: { ${spec.model}: true } }), which a file cannot carry;`,
          '# the regression test replays it with that switch, and `movesim run` on the intact model passes.',
        ]
      : []),
    `# Found-by: fast-check seed ${spec.foundBy.seed}, path "${spec.foundBy.path}", ${spec.foundBy.numShrinks} shrinks${spec.foundBy.reduced === true ? ', then reduced by removing entries the failure does not need' : ''} (${replaySearch} while sim/check is unchanged).`,
    `# Replay: ${COMMAND_PREFIX} run <this file>; set "Status: fixed" once the model is fixed, and the regression test then requires it to pass.`,
    ...(SHOWN_BY_RUN.has(f.property)
      ? []
      : [
          `# movesim run does not judge ${f.property} (it is not an invariant); the regression test of test/counterexamples/ checks it with sim/check.`,
        ]),
  ];
  const body = scenarioYaml({ ...spec.input, name, expect: expectationsFor(f) });
  return `${lines.join('\n')}\n${body}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function expectText(f: Failure): string {
  switch (f.property) {
    case 'invariant':
      return `no invariant is violated; ${f.invariant} must hold.`;
    case 'no-fault-explained':
      return `without faults, move ${f.move} is moved or rejected for a reason the scenario gives.`;
    case 'rejected-untouched':
      return `a rejected move leaves the participant untouched and movable.`;
    case 'moved-carries-state':
      return 'a moved participant keeps its mute and layout, stops presenting, has no chat, and has a new JWT and guest account.';
    case 'one-outcome-per-move':
      return 'every move ends with exactly one explained outcome.';
    case 'reaches-quiescence':
      return 'the run reaches quiescence before its end time.';
    case 'runs-without-error':
      return 'the model runs the scenario without throwing.';
    case 'step-10-deletes-old-jwt':
      return `step ${STEP.teardown} deletes the old JWT at once.`;
    case 'moved-tears-down':
      return `without faults, every moved participant's old session ends with step ${STEP.teardown}.`;
    case 'placement-within-threshold':
      return 'load balancing places within the configured thresholds and refuses only when none fits.';
    case 'one-api-request-per-move':
      return `the CMM sends the API request of move ${f.move} once.`;
    case 'deterministic':
      return 'two runs give byte-identical traces.';
  }
}

/** Writes a counterexample into `dir`; returns the file's path. */
export function writeCounterexample(dir: string, spec: CounterexampleSpec): string {
  const name = counterexampleName(spec);
  const path = join(dir, `${name}.yaml`);
  writeFileAtomic(path, counterexampleText(spec, name));
  return path;
}

/**
 * Reads the machine-readable header lines of a counterexample file; throws when one is missing or
 * wrong.
 */
export function readCounterexampleHeader(
  text: string,
  file = 'counterexample',
): CounterexampleHeader {
  const header = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^#\s*([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m !== null && !header.has(m[1]!)) header.set(m[1]!, m[2]!.trim());
  }
  const property = header.get('Property');
  if (property === undefined || !(PROPERTY_NAMES as readonly string[]).includes(property)) {
    throw new Error(
      `${file}: the header needs "# Property: <name>" with one of ${PROPERTY_NAMES.join(', ')}; got ${JSON.stringify(property)}`,
    );
  }
  const status = header.get('Status');
  if (status !== 'open' && status !== 'fixed') {
    throw new Error(
      `${file}: the header needs "# Status: open" (still shows the failure) or "# Status: fixed" (must pass); got ${JSON.stringify(status)}`,
    );
  }
  const invariant = header.get('Violated');
  if (property === 'invariant' && invariant === undefined)
    throw new Error(`${file}: an invariant counterexample needs "# Violated: <invariant>"`);
  const model = header.get('Model');
  if (model !== undefined && !(MUTANT_NAMES as readonly string[]).includes(model)) {
    throw new Error(
      `${file}: "# Model:" must name a mutant of sim/cms/mutants.ts (${MUTANT_NAMES.join(', ')}); got ${JSON.stringify(model)}`,
    );
  }
  const finding = header.get('Finding')?.split(/\s/)[0];
  return {
    property: property as PropertyName,
    invariant,
    status,
    model: model as ModelSwitch | undefined,
    finding,
  };
}
