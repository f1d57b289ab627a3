import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { formatProblem, loadScenarioText } from '../../sim/scenario/load.js';
const base = readFileSync('/work/wt-i13-input/scenarios/move-across-bridges.yaml', 'utf8');
test('x', () => {
  for (const set of [['until=0'], ['until=1e300'], ['until="9999999h"'], ['seed=9007199254740993'], ['seed=1.5'], ['name=.hidden'], [`name=${'a'.repeat(101)}`], ['network.latency.default={dist: constant, ms: 1e300}'], ['until=8760h']]) {
    const r = loadScenarioText(base, 'x.yaml', { set });
    console.log(set[0]!.slice(0, 30), r.ok ? 'OK' : r.problems.map(formatProblem).join(' | '));
  }
});
