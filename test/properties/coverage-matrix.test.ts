/**
 * The coverage matrix (sim/check/matrix.ts) reads from a run's trace which step of which move a
 * fault hit and how that move ended. These cases aim one fault at one step and check the cell
 * it fills; the unreachable cells are exactly step 10's message faults. That every reachable
 * cell is filled by the generated cases is asserted in explore.test.ts, with the other
 * required coverage classes.
 */
import { describe, expect, test } from 'vitest';

import {
  checkScenario,
  Coverage,
  matrixTable,
  parseGenerated,
  REQUIRED_CELLS,
  UNREACHABLE_CELLS,
} from '../../sim/check/index.js';
import { STEP } from '../../sim/cms/protocol.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';

/** One guest moved from a space on cb1 to a space on cb2, with `extra` added. */
function moveCase(extra: Partial<ScenarioInput>): ScenarioInput {
  return {
    name: 'matrix',
    seed: 1,
    until: '60s',
    cluster: {
      callBridges: [{ id: 'cb1' }, { id: 'cb2' }],
      loadBalancing: { enabled: false },
      webBridges: [{ id: 'wb1' }],
      cmm: { apiBridge: 'cb1' },
    },
    spaces: [
      { id: 'space1', name: 'Space 1', hostedOn: 'cb1' },
      { id: 'space2', name: 'Space 2', hostedOn: 'cb2' },
    ],
    participants: [{ id: 'p1', name: 'P1', join: { space: 'space1', at: '0ms' } }],
    moves: [{ at: '3000ms', participant: 'p1', to: 'space2' }],
    ...extra,
  };
}

const hitsOf = (input: ScenarioInput) =>
  checkScenario(parseGenerated(input), { findings: [] }).labels.filter((l) => l.startsWith('hit:'));

describe('the coverage matrix', () => {
  test('counts a duplicated message of step 5 in a move that still moved', () => {
    const hits = hitsOf(
      moveCase({ network: { duplication: [{ probability: 1, step: STEP.createParticipant }] } }),
    );
    expect(hits).toContain(`hit:${STEP.createParticipant}:duplicate:moved`);
    expect(hits.filter((h) => !h.includes(':duplicate'))).toEqual([]);
  });

  test('counts a dropped message of step 7 with the outcome of its move', () => {
    const hits = hitsOf(moveCase({ faults: [{ at: '3000ms', drop: { step: STEP.move } }] }));
    expect(hits.some((h) => h.startsWith(`hit:${STEP.move}:drop:`))).toBe(true);
    expect(hits).not.toContain(`hit:${STEP.move}:drop:moved`);
  });

  test('counts a delay aimed at step 8 only where its message went out', () => {
    const hits = hitsOf(
      moveCase({
        network: { delaySpikes: [{ probability: 1, step: STEP.endWebsocket, extra: '50ms' }] },
      }),
    );
    expect(hits).toContain(`hit:${STEP.endWebsocket}:delay:moved`);
  });

  test('counts a browser down when step 7 reaches it as a crash of the receiving role', () => {
    const hits = hitsOf(moveCase({ faults: [{ at: '2990ms', crash: 'p1', restartAfter: '5s' }] }));
    expect(hits.some((h) => h.startsWith(`hit:${STEP.move}:crash-receiver`))).toBe(true);
  });

  test('leaves out exactly the message faults of the local step 10 as unreachable', () => {
    expect(UNREACHABLE_CELLS.map((u) => u.cell).sort()).toEqual(
      ['crash-receiver', 'delay', 'drop', 'duplicate', 'reorder'].map(
        (f) => `hit:${STEP.teardown}:${f}`,
      ),
    );
    expect(REQUIRED_CELLS).toHaveLength(11 * 6 - 5);
    expect(REQUIRED_CELLS).toContain(`hit:${STEP.teardown}:crash-sender`);
  });

  test('prints a row per step, with the empty cells marked and the unreachable ones as -', () => {
    const c = new Coverage();
    c.add(['hit:5:duplicate', 'hit:5:duplicate:moved']);
    const table = matrixTable(c.counts);
    const rows = table.split('\n');
    expect(rows).toHaveLength(1 + 11 + 1);
    expect(rows[5]).toContain('1 (1/0/0/0)');
    expect(rows[10]).toMatch(/^\s*10\s+-\s+-\s+-\s+-\s+0 \(EMPTY\)\s+-$/);
  });
});
