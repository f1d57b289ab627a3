/**
 * Which fault breaks which invariant when recovery is switched off: the table the README
 * prints, checked. With recovery on, every fault ends with an explained outcome and no
 * violation; with it off, the listed invariants break.
 */
import { describe, expect, it } from 'vitest';

import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

/** fault name, `faults` value, outcome, invariants broken with recovery off. */
export const RECOVERY_MATRIX: [string, string, string, string[]][] = [
  [
    'step 6 lost (ws.move)',
    '[{"at":"5s","drop":{"kind":"ws.move"}}]',
    'rejected (moveNotDelivered)',
    ['no-duplicate-participant', 'old-jwt-deleted', 'no-orphans', 'move-outcome'],
  ],
  [
    'step 7 lost (move)',
    '[{"at":"5s","drop":{"kind":"move"}}]',
    'rejected (moveNotDelivered)',
    ['no-duplicate-participant', 'old-jwt-deleted', 'no-orphans', 'move-outcome'],
  ],
  [
    'step 8 lost (ws.end)',
    '[{"at":"5s","drop":{"kind":"ws.end"}}]',
    'moved',
    ['no-duplicate-participant', 'old-jwt-deleted', 'no-orphans'],
  ],
  [
    'step 9 lost (session.end)',
    '[{"at":"5s","drop":{"kind":"session.end"}}]',
    'moved',
    ['no-duplicate-participant', 'old-jwt-deleted', 'no-orphans'],
  ],
  [
    'step 11 websocket auth lost',
    '[{"at":"5s","drop":{"kind":"ws.auth","step":11}}]',
    'dropped (bridgeDown)',
    ['old-jwt-deleted', 'no-orphans'],
  ],
  [
    'step 11 media request lost',
    '[{"at":"5s","drop":{"kind":"media.connect","step":11}}]',
    'dropped (timeout)',
    ['old-jwt-deleted'],
  ],
  [
    'target bridge crash after step 6',
    '[{"at":"5030ms","crash":"cbC","restartAfter":"20s"}]',
    'dropped (bridgeDown)',
    [],
  ],
  [
    'JWT expired at step 11',
    '[{"at":"4s","expireJwt":"userX"}]',
    'dropped (jwtExpired)',
    ['no-orphans'],
  ],
  [
    'browser crash mid-move',
    '[{"at":"5025ms","crash":"userX","restartAfter":"1s"}]',
    'dropped (browserRestarted)',
    ['no-duplicate-participant', 'old-jwt-deleted', 'no-orphans'],
  ],
];

const run = (faults: string, recovery: boolean) => {
  const out = runScenario(
    loadShipped('move-across-bridges', [
      `faults=${faults}`,
      `cluster.recovery.sessionCleanup=${recovery}`,
      'until=90s',
    ]),
    { traceLevel: 'off' },
  );
  const o = out.outcomes[0]!;
  return {
    outcome: `${o.result}${o.reason ? ` (${o.reason})` : ''}`,
    broken: [...new Set(out.violations.map((v) => v.invariant))].sort(),
  };
};

describe('the recovery matrix', () => {
  it.each(RECOVERY_MATRIX)(
    '%s: with recovery on, ends %s with no violation',
    (_name, faults, outcome) => {
      expect(run(faults, true)).toEqual({ outcome, broken: [] });
    },
  );

  it.each(RECOVERY_MATRIX)(
    '%s: with recovery off, breaks exactly the listed invariants',
    (_name, faults, outcome, broken) => {
      expect(run(faults, false)).toEqual({ outcome, broken: [...broken].sort() });
    },
  );
});
