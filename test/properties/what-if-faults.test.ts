/**
 * A what-if (`whatIf:` or `run --what-if`) is a fault chosen by hand: a run with one is not
 * fault free, so `no-fault-explained` and `moved-tears-down` (which judge fault-free runs only)
 * do not blame the model for what the lost message did, while the invariants still hold it to
 * account. On move-across-bridges, losing step 6 (`ws.move`) gets the move rejected and losing
 * step 8 (`ws.end`) leaves the old call to a recovery timer: both are the what-if's doing.
 */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isFaultFree } from '../../sim/check/explain.js';
import { judge, observe } from '../../sim/check/index.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { ROOT } from '../helpers/scenarios.js';

function scenario(): Scenario {
  const r = loadScenarioFile(join(ROOT, 'scenarios', 'move-across-bridges.yaml'));
  if (!r.ok) throw new Error('move-across-bridges does not load');
  return r.scenario;
}

/** The trace id of the first message of this kind in the scenario's own run. */
function msgOf(s: Scenario, kind: string): number {
  const out = observe(s).out;
  const e = out?.events?.find((x) => x.type === 'send' && x.kind === kind);
  if (e === undefined || e.type !== 'send') throw new Error(`no ${kind} in the run`);
  return e.msg;
}

describe('a what-if as a fault', () => {
  const base = scenario();

  it('makes a scenario with no other fault not fault free', () => {
    expect(isFaultFree(base)).toBe(true);
    expect(isFaultFree({ ...base, whatIf: ['msg=1:duplicate'] })).toBe(false);
  });

  it('is not blamed on the model when a lost ws.move gets the move rejected', () => {
    const lost = { ...base, whatIf: [`msg=${msgOf(base, 'ws.move')}:drop`] };
    const obs = observe(lost);
    expect(obs.out?.outcomes.map((o) => o.result)).toEqual(['rejected']);
    expect(judge(obs).map((f) => f.property)).not.toContain('no-fault-explained');
  });

  it('is not blamed on the model when a lost ws.end leaves the old call to a timer', () => {
    const lost = { ...base, whatIf: [`msg=${msgOf(base, 'ws.end')}:drop`] };
    const obs = observe(lost);
    expect(obs.out?.outcomes.map((o) => o.result)).toEqual(['moved']);
    expect(judge(obs).map((f) => f.property)).not.toContain('moved-tears-down');
  });

  it('still has the fault-free run judged: the same scenario without it breaks nothing', () => {
    expect(judge(observe(base))).toEqual([]);
  });
});
