/**
 * The command line the viewer shows for a fork (viz/src/what-if-command.ts): the trace's own
 * replay command with the selector added in single quotes, or, for a trace without one, a
 * command built from its scenario's name, seed and trace level.
 */
import { describe, expect, it } from 'vitest';

import type { RerunInfo } from '../../sim/engine/trace.js';
import { forkCommand } from '../../viz/src/what-if-command.js';

const rerun = (traceLevel: RerunInfo['traceLevel']): RerunInfo => ({
  scenario: { name: 'move-across-bridges' },
  seed: 1,
  traceLevel,
  safetyChecks: 'every-event',
});

describe('the command of a fork', () => {
  it("adds --what-if '<selector>' to the trace's replay command", () => {
    const replay =
      'npx movesim run scenarios/move-across-bridges.yaml --seed 7 --trace-level state';
    expect(forkCommand(rerun('state'), replay, 'msg=58:drop')).toBe(
      `${replay} --what-if 'msg=58:drop'`,
    );
  });

  it('builds the command from the scenario, seed and trace level when the trace has no replay', () => {
    expect(forkCommand(rerun('state'), undefined, 'crash=cbB@5000001us:restart=1000ms')).toBe(
      "npx movesim run 'scenarios/move-across-bridges.yaml' --seed '1' --trace-level state --what-if 'crash=cbB@5000001us:restart=1000ms'",
    );
    expect(forkCommand(rerun('logs'), '', 'msg=3:duplicate')).not.toContain('--trace-level');
  });

  it('quotes a selector with a single quote so the shell reads it back whole', () => {
    expect(forkCommand(rerun('logs'), 'movesim run a.yaml', "msg=1:x'y")).toBe(
      `movesim run a.yaml --what-if 'msg=1:x'\\''y'`,
    );
  });
});
