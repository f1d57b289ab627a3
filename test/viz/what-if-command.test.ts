/**
 * The command lines the viewer shows for a fork (viz/src/what-if-command.ts): a here-document
 * that writes the scenario the trace carries to `<name>.rerun.json`, then `movesim run` on that
 * file with the seed when it is not the scenario's own, the trace level and checks when not the
 * defaults, and the fork's selector in single quotes. That the commands run as printed to the
 * page's very trace is test/browser-runner/fork.test.ts and test/viz/what-if.test.ts.
 */
import { describe, expect, it } from 'vitest';

import type { RerunInfo } from '../../sim/engine/trace.js';
import { forkCommand, scenarioFile } from '../../viz/src/what-if-command.js';

const scenario = { name: 'move-across-bridges', seed: 1, participants: [{}, {}] };

const rerun = (over: Partial<RerunInfo> = {}): RerunInfo => ({
  scenario,
  seed: 1,
  traceLevel: 'logs',
  safetyChecks: 'every-event',
  ...over,
});

/** The command's lines. */
const lines = (text: string): string[] => text.split('\n');

describe('the command of a fork', () => {
  it('writes the carried scenario with a here-document, then runs the fork on it', () => {
    expect(lines(forkCommand(rerun(), 'msg=58:drop'))).toEqual([
      "cat > move-across-bridges.rerun.json <<'MOVESIM_SCENARIO'",
      JSON.stringify(scenario),
      'MOVESIM_SCENARIO',
      "npx movesim run move-across-bridges.rerun.json --what-if 'msg=58:drop'",
    ]);
  });

  it("gives the seed when it is not the scenario's own, the trace level and the checks", () => {
    const r = rerun({ traceLevel: 'state', safetyChecks: 'end', seed: 'abc' });
    expect(lines(forkCommand(r, 'crash=cbB@5000001us:restart=1000ms'))[3]).toBe(
      "npx movesim run move-across-bridges.rerun.json --seed abc --trace-level state --checks end --what-if 'crash=cbB@5000001us:restart=1000ms'",
    );
    expect(lines(forkCommand(rerun({ seed: 7 }), 'msg=1:drop'))[3]).toContain('--seed 7 ');
  });

  it('leaves out the checks a large run has by default', () => {
    const many = { name: 'big', seed: 1, participants: Array.from({ length: 501 }, () => ({})) };
    const r = rerun({ scenario: many, safetyChecks: 'end' });
    expect(lines(forkCommand(r, 'msg=1:drop'))[3]).toBe(
      "npx movesim run big.rerun.json --what-if 'msg=1:drop'",
    );
  });

  it('quotes a selector with a single quote so the shell reads it back whole', () => {
    expect(lines(forkCommand(rerun(), "msg=1:x'y"))[3]).toBe(
      `npx movesim run move-across-bridges.rerun.json --what-if 'msg=1:x'\\''y'`,
    );
  });

  it('keeps the scenario on one line, so no line of it can end the here-document', () => {
    const odd = { ...scenario, name: 'two\nlines', note: 'MOVESIM_SCENARIO\n' };
    const text = forkCommand(rerun({ scenario: odd }), 'msg=1:drop');
    expect(lines(text)).toHaveLength(4);
    expect(JSON.parse(lines(text)[1] ?? '')).toEqual(odd);
  });

  it('names the file after the scenario with only plain characters, never a path', () => {
    expect(scenarioFile(rerun({ scenario: { name: '../x y/z' } }))).toBe('x-y-z.rerun.json');
    expect(scenarioFile(rerun({ scenario: { name: '' } }))).toBe('scenario.rerun.json');
    expect(scenarioFile(rerun({ scenario: {} }))).toBe('scenario.rerun.json');
  });
});
