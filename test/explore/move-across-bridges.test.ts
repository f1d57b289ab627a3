/**
 * `explore` on the shipped move-across-bridges scenario: exhaustive within small bounds, no
 * violation with recovery on, and with recovery off the README's recovery matrix found by the
 * search itself (each row's lost message is one schedule of one fault). Kept to one fault and
 * no delays so the file runs in seconds; the larger bounds are measured in bench/ and reported
 * in the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { RunResult, Simulation } from '../../sim/engine/index.js';
import { defaultRestartDelaysUs, scenarioSystem } from '../../sim/explore/scenario-system.js';
import { explore, type ExploreSystem, type Path } from '../../sim/explore/search.js';
import { loadShipped, ROOT } from '../helpers/scenarios.js';

/** The deviations of a path in short: `drop ws.move cbC->wbA`, `crash cbC@5021829`. */
const deviationsOf = (p: Path): string =>
  p.deviations
    .map((d) =>
      d.type === 'crash' ? `crash ${d.node}@${d.atUs}` : `${d.type} ${d.kind} ${d.from}->${d.to}`,
    )
    .join('; ');

/** Per schedule: its deviations, the move's outcome and the invariants broken. */
function explored(sessionCleanup: boolean, restartAfterUs: number) {
  const scenario = loadShipped('move-across-bridges', [
    `cluster.recovery.sessionCleanup=${sessionCleanup}`,
    'until=90s',
  ]);
  const base = scenarioSystem(scenario, { restartDelaysUs: [restartAfterUs] });
  const ends = new Map<string, string>();
  const system: ExploreSystem = {
    ...base,
    labels(sim: Simulation, result: RunResult, path: Path) {
      const outcome = base.labels(sim, result, path).at(-1)!.replace(/^m1 /, '');
      const broken = [...new Set(result.violations.map((v) => v.invariant))].sort();
      ends.set(deviationsOf(path), `${outcome} | ${broken.join(', ')}`);
      return [outcome];
    },
  };
  const result = explore(system, { delays: 0, faults: 1, order: 'bfs' });
  return { result, ends };
}

/** The README's recovery matrix: [fault, outcome, invariants broken without recovery]. */
function readmeMatrix(): [string, string, string[]][] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf('| fault | outcome | invariants broken without recovery |');
  const rows = text.slice(start).split('\n').slice(2);
  const out: [string, string, string[]][] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const [fault, outcome, broken] = row
      .split('|')
      .slice(1, 4)
      .map((c) => c.trim());
    const names = broken!.startsWith('none') ? [] : broken!.replace(/\(.*?\)/g, '').split(',');
    out.push([fault!, outcome!, names.map((n) => n.trim()).filter((n) => n !== '')]);
  }
  return out;
}

/** Which schedule of one fault each lost-message row of the matrix is. */
const LOST: Record<string, string> = {
  'step 6 lost (`ws.move`)': 'drop ws.move cbC->wbA',
  'step 7 lost (`move`)': 'drop move wbA->userX',
  'step 8 lost (`ws.end`)': 'drop ws.end userX->wbA',
  'step 9 lost (`session.end`)': 'drop session.end wbA->cbA',
  'step 11 websocket auth lost': 'drop ws.auth wbA->cbC',
  'step 11 media request lost': 'drop media.connect userX->cbC',
};

/**
 * Rows that are not one schedule of one fault: a JWT's expiry is a fault of the cluster, not of
 * the schedule, and the browser is not among the nodes explore crashes. The crash row is checked
 * on its own below.
 */
const NOT_SCHEDULES = ['JWT expired at step 11', 'browser crash mid-move'];

describe('explore on move-across-bridges', () => {
  let on: ReturnType<typeof explored>;
  let off: ReturnType<typeof explored>;
  beforeAll(() => {
    on = explored(true, 20_000_000);
    off = explored(false, 20_000_000);
  });

  it('explores every schedule of one fault, and with recovery on violates nothing', () => {
    expect(on.result.complete).toBe(true);
    expect(on.result.states).toBeGreaterThan(1000);
    expect(on.result.revisits).toBeGreaterThan(0);
    expect([...on.result.violations.keys()]).toEqual([]);
    expect([...on.result.reached.keys()]).toEqual(
      expect.arrayContaining(['moved', 'rejected (moveNotDelivered)', 'dropped (bridgeDown)']),
    );
  });

  it('finds the README recovery matrix by itself with recovery off, row by row', () => {
    const matrix = readmeMatrix();
    expect(matrix.map(([f]) => f).sort()).toEqual(
      [...Object.keys(LOST), 'target bridge crash after step 6', ...NOT_SCHEDULES].sort(),
    );
    for (const [fault, outcome, broken] of matrix) {
      const schedule = LOST[fault];
      if (schedule === undefined) continue;
      expect(off.ends.get(schedule), fault).toBe(`${outcome} | ${[...broken].sort().join(', ')}`);
      expect(on.ends.get(schedule), fault).toBe(`${outcome} | `);
    }
    // Every invariant the matrix lists for a lost message is one explore reports as violated.
    const listed = new Set(matrix.flatMap(([f, , b]) => (LOST[f] === undefined ? [] : b)));
    expect([...off.result.violations.keys()].sort()).toEqual([...listed].sort());
  });

  it('crashes the target bridge after step 6 like the matrix, with the outcome it shows', () => {
    const row = readmeMatrix().find(([f]) => f === 'target bridge crash after step 6')!;
    // The matrix crashes cbC at 5030 ms: between step 6 (sent 5021.828 ms) and step 11's
    // authentication reaching cbC; explore crashes it between every two instants.
    const crashes = [...off.ends].filter(([k]) => /^crash cbC@50[23]\d{4}$/.test(k));
    expect(crashes.length).toBeGreaterThan(0);
    const at5030 = crashes.filter(([k]) => Number(k.split('@')[1]) <= 5_030_000).at(-1)!;
    expect(at5030[1]).toBe(`${row[1]} | ${row[2].join(', ')}`);
  });
});

describe('explore with snapshots on move-across-bridges', () => {
  it('finds the same states and the same violations, by the same paths, as by re-execution', () => {
    const scenario = loadShipped('move-across-bridges', ['cluster.recovery.sessionCleanup=false']);
    const run = (stepping: 'snapshots' | 're-execution') => {
      const r = explore(scenarioSystem(scenario), {
        delays: 1,
        faults: 1,
        maxStates: 6000,
        stepping,
      });
      const violations = [...r.violations.values()].map((v) => [v.invariant, deviationsOf(v.path)]);
      return { states: r.states, revisits: r.revisits, terminals: [...r.terminals], violations };
    };
    const reExecuted = run('re-execution');
    expect(reExecuted.violations.length).toBeGreaterThan(0);
    expect(run('snapshots')).toEqual(reExecuted);
  });
});

describe('the restart delays explore gives a chosen crash', () => {
  it('are 1 s and the restart delays of the scenario’s own crash faults', () => {
    expect(defaultRestartDelaysUs(loadShipped('move-across-bridges'))).toEqual([1_000_000]);
    const crashing = loadShipped('troubleshoot-b-target-bridge-crash');
    expect(defaultRestartDelaysUs(crashing)).toEqual([1_000_000, 20_000_000]);
  });
});
