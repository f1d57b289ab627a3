/**
 * The `slowBridge` fault (added through the fault registry): while it lasts, every message the
 * slow call bridge sends leaves `factor` times its processing delay later; before and after,
 * and from every other node, nothing changes. Constant delays make the arithmetic exact.
 */
import { describe, expect, it } from 'vitest';

import type { SendEvent } from '../../sim/engine/index.js';
import { runScenario } from '../../sim/scenario/run.js';
import { MINIMAL_YAML, mustLoad } from '../scenario/helpers.js';

/**
 * Processing 2 ms on every node, every link 1 ms; userX moves at 5s and back at 20s, both times
 * through cbB.
 */
const yaml = (faults: string) => `${MINIMAL_YAML}  - { at: 20s, participant: userX, to: space1 }
network:
  latency: { default: { dist: constant, ms: 1 } }
  processing:
    cmm: { dist: constant, ms: 2 }
    callbridge: { dist: constant, ms: 2 }
    webbridge: { dist: constant, ms: 2 }
    browser: { dist: constant, ms: 2 }
faults: ${faults}
`;

const run = (faults: string) => {
  const out = runScenario(mustLoad(yaml(faults)), { traceLevel: 'messages' });
  const sends = (out.events ?? []).filter(
    (e): e is SendEvent => e.type === 'send' && e.from !== e.to,
  );
  return { out, sends };
};

/** Microseconds from a send to its delivery: processing plus the 1 ms link. */
const delay = (e: SendEvent) => e.deliverAt - e.t;

describe('a slow call bridge', () => {
  const slow = run('[{ at: 4s, slowBridge: cbB, factor: 5, for: 10s }]');
  const normal = run('[]');

  it('sends factor times its processing delay later during the window, and as before after it', () => {
    const fromB = slow.sends.filter((e) => e.from === 'cbB');
    const during = fromB.filter((e) => e.t >= 4_000_000 && e.t < 14_000_000);
    const after = fromB.filter((e) => e.t >= 14_000_000);
    expect(during.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(during.map(delay))).toEqual(new Set([5 * 2000 + 1000]));
    expect(new Set(after.map(delay))).toEqual(new Set([2000 + 1000]));
  });

  it('leaves every other node as it was', () => {
    expect(new Set(slow.sends.filter((e) => e.from !== 'cbB').map(delay))).toEqual(new Set([3000]));
    expect(new Set(normal.sends.map(delay))).toEqual(new Set([3000]));
  });

  it('traces when the bridge slows down and when it recovers', () => {
    const marks = (slow.out.events ?? []).flatMap((e) =>
      e.type === 'local' && e.kind === 'processing-factor' ? [e] : [],
    );
    expect(marks.map((e) => [e.t, e.node, e.data])).toEqual([
      [4_000_000, 'cbB', { factor: 5 }],
      [14_000_000, 'cbB', { factor: 1 }],
    ]);
  });

  it('only delays the move: both moves still succeed', () => {
    expect(slow.out.outcomes.map((o) => o.result)).toEqual(['moved', 'moved']);
  });

  it('is refused with a factor below 1 or an empty window', () => {
    expect(() => mustLoad(yaml('[{ at: 4s, slowBridge: cbA, factor: 0.5, for: 10s }]'))).toThrow(
      /factor must be at least 1/,
    );
    expect(() => mustLoad(yaml('[{ at: 4s, slowBridge: cbA, factor: 5, for: 0 }]'))).toThrow(
      /`for` must be greater than 0/,
    );
    expect(() => mustLoad(yaml('[{ at: 4s, slowBridge: cbZ, factor: 5, for: 1s }]'))).toThrow(
      /call bridge "cbZ" does not exist/,
    );
  });
});
