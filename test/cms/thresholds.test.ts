/**
 * The `cms` policy's thresholds as CMS documents them: the load level a bridge reports at query
 * time is compared with the threshold, without the newcomer's load; the strict
 * `with-participant` rule, a named option, chooses differently at the boundary.
 */
import { describe, expect, it } from 'vitest';

import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

/** The bridge the move's new instance was placed on, from the placement mark. */
function placedOn(set: string[]): string | undefined {
  const out = runScenario(loadShipped('threshold-boundary', set), { traceLevel: 'messages' });
  expect(out.outcomes[0]).toMatchObject({ result: 'moved' });
  expect(out.violations).toEqual([]);
  const mark = (out.events ?? []).find(
    (e) => e.type === 'local' && e.kind === 'placement' && e.move === 'm1',
  );
  return (mark as { data?: { bridge?: string } } | undefined)?.data?.bridge;
}

describe('load-balancing thresholds', () => {
  it('place on a bridge exactly at its existing-conference threshold by default', () => {
    expect(placedOn([])).toBe('cbA');
  });

  it('place elsewhere under the strict rule, which adds the newcomer first', () => {
    expect(placedOn(['cluster.loadBalancing.thresholdRule=with-participant'])).toBe('cbB');
  });

  it('are the documented rule unless a scenario names another', () => {
    const s = loadShipped('threshold-boundary');
    expect(s.cluster.loadBalancing.thresholdRule).toBe('reported-load');
  });
});
