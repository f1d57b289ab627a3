/**
 * The command line the viewer shows for a fork (viz/src/what-if-command.ts): `movesim run` on
 * the scenario's shipped file with the trace's seed, the run's own `--set` and `--what-if`
 * arguments, its trace level and checks when not the defaults, and the fork's selector in
 * single quotes.
 */
import { describe, expect, it } from 'vitest';

import type { RerunInfo } from '../../sim/engine/trace.js';
import { forkCommand } from '../../viz/src/what-if-command.js';

const rerun = (over: Partial<RerunInfo> = {}): RerunInfo => ({
  scenario: { name: 'move-across-bridges', participants: [{}, {}] },
  seed: 1,
  traceLevel: 'logs',
  safetyChecks: 'every-event',
  ...over,
});

describe('the command of a fork', () => {
  it("is movesim run on the scenario's file with the seed and --what-if '<selector>'", () => {
    expect(forkCommand(rerun(), undefined, 'msg=58:drop')).toBe(
      "npx movesim run scenarios/move-across-bridges.yaml --seed 1 --what-if 'msg=58:drop'",
    );
  });

  it("repeats the run's --set and --what-if arguments, trace level and checks", () => {
    const args = { set: ['network.loss=[{probability: 0.03}]'], whatIf: ['msg=3:duplicate'] };
    const r = rerun({ traceLevel: 'state', safetyChecks: 'end', seed: 'abc' });
    expect(forkCommand(r, args, 'crash=cbB@5000001us:restart=1000ms')).toBe(
      "npx movesim run scenarios/move-across-bridges.yaml --seed abc --set 'network.loss=[{probability: 0.03}]' --what-if 'msg=3:duplicate' --trace-level state --checks end --what-if 'crash=cbB@5000001us:restart=1000ms'",
    );
  });

  it('leaves out the checks a large run has by default, and ignores arguments that are not text', () => {
    const many = { name: 'big', participants: Array.from({ length: 501 }, () => ({})) };
    const r = rerun({ scenario: many, safetyChecks: 'end' });
    expect(forkCommand(r, { set: [7], whatIf: 'x' }, 'msg=1:drop')).toBe(
      "npx movesim run scenarios/big.yaml --seed 1 --what-if 'msg=1:drop'",
    );
  });

  it('quotes a selector with a single quote so the shell reads it back whole', () => {
    expect(forkCommand(rerun(), undefined, "msg=1:x'y")).toBe(
      `npx movesim run scenarios/move-across-bridges.yaml --seed 1 --what-if 'msg=1:x'\\''y'`,
    );
  });
});
