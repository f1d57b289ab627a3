/**
 * The round trip's runs: every shipped scenario but the largest, and a sweep of faults over the
 * move across bridges — a lost message of each kind the step table names, a crash of each
 * server around the move, JWT expiry, no permission to join, a wrong call id and a bridge out
 * of resources — each over several seeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { STEPS } from '../cms/protocol.js';
import { packageRoot } from '../report/package-root.js';
import { loadScenarioText } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { type Agreement, agreementOfRun } from './agreement.js';

/** The scenario the fault sweep varies (a move from A to C, placed by B). */
const BASE = 'move-across-bridges.yaml';

/** Scenarios too large for a quick round trip. */
const SKIP = new Set(['large-24-bridges.yaml']);

/** One run of the round trip: a name that replays it and the scenario. */
export interface RoundTripCase {
  name: string;
  scenario: Scenario;
  seed: number;
}

/** Loads a scenario text; throws on a problem (the shipped files have none). */
function load(text: string, file: string, set: string[] = []): Scenario {
  const r = loadScenarioText(text, file, { set });
  if (!r.ok) throw new Error(`${file}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.scenario;
}

/** The fault variants of the base scenario, as `--set`-free YAML fault lists. */
function faultVariants(): { name: string; faults: string; spaces?: string }[] {
  const kinds = [...new Set(STEPS.flatMap((s) => s.kinds))];
  const out: { name: string; faults: string; spaces?: string }[] = kinds.map((k) => ({
    name: `drop ${k}`,
    faults: `  - { at: 5s, drop: { kind: ${k} } }`,
  }));
  for (const node of ['cbA', 'cbB', 'cbC', 'wbA'])
    for (const atMs of [5003, 5020, 5045, 5100])
      out.push({
        name: `crash ${node} at ${atMs}ms`,
        faults: `  - { at: ${atMs}ms, crash: ${node}, restartAfter: 20s }`,
      });
  out.push({ name: 'JWT expired', faults: '  - { at: 4s, expireJwt: userX }' });
  out.push({ name: 'JWT revoked', faults: '  - { at: 5030ms, revokeJwt: userX }' });
  out.push({ name: 'wrong call id', faults: '  - { move: m1, wrongCallId: space3 }' });
  out.push({
    name: 'out of resources',
    faults: '  - { from: 4s, until: 30s, outOfResources: cbC }',
  });
  out.push({ name: 'no permission', faults: '', spaces: 'guestAccess: false' });
  return out;
}

/** The base scenario's text with `faults` (and the target space's extra settings). */
function variantText(base: string, faults: string, spaces: string | undefined): string {
  let text = base.replace(/\nexpect:[\s\S]*$/, '\n');
  text = text.replace(
    /- \{ id: space2, name: "Space 2 \(webapp.com\)", hostedOn: cbC([^}]*)\}/,
    (_all, rest: string) =>
      `- { id: space2, name: "Space 2 (webapp.com)", hostedOn: cbC${rest.trimEnd()}${spaces === undefined ? '' : `, ${spaces}`} }\n  - { id: space3, name: "Space 3 (webapp.com)", hostedOn: cbC }`,
  );
  return faults === '' ? text : `${text}faults:\n${faults}\n`;
}

/** The round trip's cases, each run for seeds 1..`seedsPerCase`. */
export function roundTripCases(seedsPerCase: number): RoundTripCase[] {
  const dir = join(packageRoot(), 'scenarios');
  const cases: RoundTripCase[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !SKIP.has(f));
  for (const f of files.sort()) {
    const scenario = load(readFileSync(join(dir, f), 'utf8'), f);
    for (let s = 1; s <= seedsPerCase; s++) cases.push({ name: f, scenario, seed: s });
  }
  const base = readFileSync(join(dir, BASE), 'utf8');
  for (const v of faultVariants()) {
    const scenario = load(variantText(base, v.faults, v.spaces), `${BASE} (${v.name})`);
    for (let s = 1; s <= seedsPerCase; s++)
      cases.push({ name: `${BASE} with ${v.name}`, scenario, seed: s });
  }
  return cases;
}

/** The sum of the cases' agreements, with each disagreement named by its case and seed. */
export function runRoundTrip(cases: readonly RoundTripCase[]): Agreement & { runs: number } {
  const total = {
    runs: 0,
    moves: 0,
    unknown: 0,
    agreed: 0,
    agreedByResult: {} as Record<string, number>,
    disagreements: [] as string[],
  };
  for (const c of cases) {
    const a = agreementOfRun(runScenario(c.scenario, { seed: c.seed, traceLevel: 'messages' }));
    total.runs++;
    total.moves += a.moves;
    total.unknown += a.unknown;
    total.agreed += a.agreed;
    for (const [k, n] of Object.entries(a.agreedByResult))
      total.agreedByResult[k] = (total.agreedByResult[k] ?? 0) + n;
    for (const d of a.disagreements) total.disagreements.push(`${c.name}, seed ${c.seed}: ${d}`);
  }
  return total;
}
