/**
 * Outcomes follow the first decisive evidence, in time order: a property over generated runs in
 * which the API refuses moves (into the participant's own space: `invalidOperation`; into a dual
 * homed space: `dualHomedTarget`) and browsers crash and restart before or after the refusal.
 *
 * The expected outcome is derived here from the trace alone, independently of
 * `sim/cms/outcomes.ts`: whether the move message (step 7) reached the browser, the first answer
 * the CMM took (an `api.response`, its own `move.refused`, or its `api.timeout`), and the
 * browser's first restart at or after the request. A move that never reached its browser is
 * `rejected` with the API's reason when the refusal came first (or at the same time), and
 * `dropped (browserRestarted)` when the restart came first. A move whose browser reported
 * joining a call for it is `moved` or `wrong-meeting`. Counters show that refusals followed by a
 * restart, and restarts followed by a refusal, are both generated.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';

import { msToUs, type TraceEvent } from '../../sim/engine/index.js';
import { runScenario } from '../../sim/scenario/run.js';
import { type ScenarioInput, ScenarioSchema } from '../../sim/scenario/schema.js';

const PEOPLE = ['p1', 'p2'] as const;
const SPACES = ['space1', 'space2', 'space3'] as const;

interface Case {
  moves: { participant: string; to: string; atMs: number }[];
  crashes: { participant: string; atMs: number; restartAfterMs: number }[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  moves: fc.array(
    fc.record({
      participant: fc.constantFrom(...PEOPLE),
      to: fc.constantFrom(...SPACES),
      atMs: fc.integer({ min: 1_000, max: 6_000 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  crashes: fc.array(
    fc.record({
      participant: fc.constantFrom(...PEOPLE),
      atMs: fc.integer({ min: 1_000, max: 9_000 }),
      restartAfterMs: fc.integer({ min: 1, max: 2_000 }),
    }),
    { maxLength: 3 },
  ),
});

/** The scenario of a case: one bridge, p1 in space1 and p2 in space2; space3 is dual homed. */
function scenarioOf(c: Case): ScenarioInput {
  return {
    name: 'outcome-evidence',
    seed: 1,
    until: '60s',
    cluster: {
      callBridges: [{ id: 'cb1' }],
      webBridges: [{ id: 'wb1' }],
      cmm: { apiBridge: 'cb1' },
    },
    spaces: [
      { id: 'space1', name: 'Space 1' },
      { id: 'space2', name: 'Space 2' },
      { id: 'space3', name: 'Space 3', dualHomed: true },
    ],
    participants: [
      { id: 'p1', name: 'P1', join: { space: 'space1', at: '0ms' } },
      { id: 'p2', name: 'P2', join: { space: 'space2', at: '0ms' } },
    ],
    moves: c.moves.map((m, i) => ({
      id: `m${i + 1}`,
      participant: m.participant,
      to: m.to,
      at: `${m.atMs}ms`,
    })),
    faults: c.crashes.map((f) => ({
      at: `${f.atMs}ms`,
      crash: f.participant,
      restartAfter: `${f.restartAfterMs}ms`,
    })),
  } as ScenarioInput;
}

/** The evidence of one move, read from the trace. */
interface Evidence {
  reachedBrowser: boolean;
  joinedSpace: string | undefined;
  refusal: { tUs: number; reason: string } | undefined;
  restartUs: number | undefined;
}

/**
 * Reads the evidence of move `move` of `participant`, requested at `requestedUs`, from `events`.
 */
function evidenceOf(
  events: readonly TraceEvent[],
  move: string,
  participant: string,
  requestedUs: number,
): Evidence {
  const reachedBrowser = events.some(
    (e) => e.type === 'deliver' && e.to === participant && e.kind === 'move' && e.move === move,
  );
  const joined = events.find(
    (e) => e.type === 'local' && e.node === participant && e.kind === 'joined' && e.move === move,
  );
  const joinedSpace =
    joined?.type === 'local' ? (joined.data as { space: string }).space : undefined;
  // The CMM keeps only its first answer: a response, its own refusal, or its timeout.
  const first = events.find(
    (e) =>
      'move' in e &&
      e.move === move &&
      ((e.type === 'deliver' && e.to === 'cmm' && e.kind === 'api.response') ||
        (e.type === 'local' &&
          e.node === 'cmm' &&
          (e.kind === 'move.refused' || e.kind === 'api.timeout'))),
  );
  let refusal: Evidence['refusal'];
  if (first?.type === 'deliver') {
    const d = first.data as { status: number; reason?: string };
    if (d.status !== 200) refusal = { tUs: first.t, reason: d.reason ?? `http${d.status}` };
  } else if (first?.type === 'local' && first.kind === 'move.refused') {
    refusal = { tUs: first.t, reason: (first.data as { reason: string }).reason };
  }
  const restart = events.find(
    (e) =>
      e.type === 'local' && e.node === participant && e.kind === 'restart' && e.t >= requestedUs,
  );
  return { reachedBrowser, joinedSpace, refusal, restartUs: restart?.t };
}

const counts = new Map<string, number>();
const count = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);

describe('move outcomes', () => {
  test('every outcome follows the first decisive evidence in the trace', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const scenario = ScenarioSchema.parse(scenarioOf(c));
        const out = runScenario(scenario, { traceLevel: 'messages', keepLogs: false });
        const events = out.events!;
        for (const o of out.outcomes) {
          const planned = scenario.moves.find((m) => m.id === o.move)!;
          const ev = evidenceOf(events, o.move, o.participant, msToUs(planned.at));
          const got = `${o.result} (${o.reason ?? ''})`;
          if (ev.joinedSpace !== undefined) {
            count('joined');
            expect(got).toBe(
              ev.joinedSpace === o.to ? 'moved ()' : `wrong-meeting (joined ${ev.joinedSpace})`,
            );
          } else if (ev.reachedBrowser) {
            count('reached the browser, never joined');
            expect(o.result).toBe('dropped');
          } else if (
            ev.refusal !== undefined &&
            (ev.restartUs === undefined || ev.refusal.tUs <= ev.restartUs)
          ) {
            count(ev.restartUs === undefined ? 'refused' : 'refused, then the browser restarted');
            expect(got).toBe(`rejected (${ev.refusal.reason})`);
          } else if (ev.restartUs !== undefined) {
            count(
              ev.refusal === undefined
                ? 'browser restarted, no refusal'
                : 'browser restarted, then refused',
            );
            expect(got).toBe('dropped (browserRestarted)');
          } else {
            count('neither');
            expect(o.result).toBe('rejected');
          }
        }
      }),
      { numRuns: 100, seed: 1313 },
    );
  });

  afterAll(() => {
    console.log(`outcome evidence: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });

  test('the rare orders are generated: refusals before and after a browser restart', () => {
    // Runs after the property above (vitest runs a file's tests in order).
    expect(counts.get('refused, then the browser restarted') ?? 0).toBeGreaterThanOrEqual(10);
    expect(counts.get('browser restarted, then refused') ?? 0).toBeGreaterThanOrEqual(1);
    expect(counts.get('refused') ?? 0).toBeGreaterThanOrEqual(10);
    expect(counts.get('joined') ?? 0).toBeGreaterThanOrEqual(10);
  });
});
