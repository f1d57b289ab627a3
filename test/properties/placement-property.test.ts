/**
 * The `placement-within-threshold` property judges a placement by the threshold rule the
 * scenario configures: under `reported-load` (the default) a bridge whose reported load level is
 * at its threshold may still take a participant; under `with-participant` the participant's own
 * load counts too. The same placement is judged under both rules here.
 */
import { describe, expect, test } from 'vitest';

import { placementWithinThreshold } from '../../sim/check/placement-property.js';
import { observe, parseGenerated } from '../../sim/check/run-case.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';

/** cb1 (load limit 2000) holds p1 at 500 points, exactly its 2500 bp threshold; p2 moves in. */
const input = (thresholdRule: 'reported-load' | 'with-participant'): ScenarioInput => ({
  name: 'placement-rule',
  seed: 1,
  until: '60s',
  cluster: {
    callBridges: [{ id: 'cb1', loadLimit: 2000 }, { id: 'cb2' }],
    loadBalancing: { enabled: true, existingConferenceLoadLimitBasisPoints: 2500, thresholdRule },
    webBridges: [{ id: 'wb1' }],
    cmm: { apiBridge: 'cb1' },
  },
  spaces: [
    { id: 'space1', name: 'Space 1' },
    { id: 'space2', name: 'Space 2' },
  ],
  participants: [
    { id: 'p1', name: 'P1', mediaProfile: '448p30' as const, join: { space: 'space1', at: '0ms' } },
    { id: 'p2', name: 'P2', join: { space: 'space2', at: '0ms' } },
  ],
  moves: [{ at: '2000ms', participant: 'p2', to: 'space1', id: 'm2' }],
});

describe('placement-within-threshold', () => {
  test('accepts a bridge at its threshold under reported-load, as the model places', () => {
    const obs = observe(parseGenerated(input('reported-load')));
    const chosen = (obs.out?.events ?? []).flatMap((e) =>
      e.type === 'local' && e.kind === 'placement' && e.move === 'm2'
        ? [(e.data as { bridge?: string }).bridge]
        : [],
    );
    expect(chosen).toEqual(['cb1']);
    expect(placementWithinThreshold(obs)).toEqual([]);
  });

  test('refuses the same placement when the scenario asks for with-participant', () => {
    const obs = observe(parseGenerated(input('reported-load')));
    const strict = parseGenerated(input('with-participant'));
    const failures = placementWithinThreshold({ ...obs, scenario: strict });
    expect(failures.map((f) => f.detail)).toEqual([
      expect.stringContaining('chose cb1 at load 500/2000, past its 2500 bp threshold'),
    ]);
  });

  test('finds nothing wrong when the model itself runs with-participant', () => {
    const obs = observe(parseGenerated(input('with-participant')));
    expect(obs.error).toBeUndefined();
    expect(placementWithinThreshold(obs)).toEqual([]);
  });
});
