/**
 * Tests of `--set` overrides: they edit the document before validation, their values are read as
 * YAML, and malformed ones are reported as problems rather than thrown.
 */
import { describe, expect, test } from 'vitest';

import { parseOverride } from '../../sim/scenario/overrides.js';
import { MINIMAL_YAML, mustFail, mustLoad } from './helpers.js';

describe('--set overrides', () => {
  test('a policy override changes the load balancing policy', () => {
    const s = mustLoad(MINIMAL_YAML, 'test.yaml', {
      set: ['cluster.loadBalancing.policy=least-loaded'],
    });
    expect(s.cluster.loadBalancing.policy).toBe('least-loaded');
  });

  test('a numeric path part selects a list item, and false is read as a boolean', () => {
    const s = mustLoad(MINIMAL_YAML, 'test.yaml', { set: ['participants.0.canMove=false'] });
    expect(s.participants[0]?.canMove).toBe(false);
  });

  test('values are read as YAML, so durations, numbers and flow mappings work', () => {
    const s = mustLoad(MINIMAL_YAML, 'test.yaml', {
      set: [
        'until=2m',
        'seed=42',
        'network.latency.api={ dist: constant, ms: 3 }',
        'cluster.callBridges.1.loadLimit=5000',
      ],
    });
    expect(s.until).toBe(120_000);
    expect(s.seed).toBe(42);
    expect(s.network.latency.api).toEqual({ dist: 'constant', ms: 3 });
    expect(s.cluster.callBridges[1]?.loadLimit).toBe(5000);
  });

  test('missing mappings on the way are created', () => {
    const s = mustLoad(MINIMAL_YAML, 'test.yaml', {
      set: ['cluster.recovery.sessionCleanup=false'],
    });
    expect(s.cluster.recovery.sessionCleanup).toBe(false);
    expect(s.cluster.recovery.websocketIdleTimeout).toBe(30_000);
  });

  test('overrides apply before validation, so one can repair an invalid file', () => {
    const broken = MINIMAL_YAML.replace('cmm: { apiBridge: cbB }', 'cmm: { apiBridge: cbZ }');
    expect(mustFail(broken).join('\n')).toContain('call bridge "cbZ" does not exist');
    expect(
      mustLoad(broken, 'test.yaml', { set: ['cluster.cmm.apiBridge=cbA'] }).cluster.cmm.apiBridge,
    ).toBe('cbA');
  });

  test('a later override of the same path wins', () => {
    const s = mustLoad(MINIMAL_YAML, 'test.yaml', { set: ['seed=1', 'seed=abc'] });
    expect(s.seed).toBe('abc');
  });

  test('an invalid value set by an override is reported without a file line and names the override', () => {
    const problems = mustFail(MINIMAL_YAML, 'test.yaml', {
      set: ['participants.0.mediaProfile=4k'],
    });
    expect(problems).toEqual([
      'test.yaml: participants[0].mediaProfile: must be one of 1080p30, 720p30, 448p30, audio, got "4k" (the value comes from --set "participants.0.mediaProfile=4k")',
    ]);
  });

  test('every malformed override is reported at once, together with the other problems', () => {
    const problems = mustFail(MINIMAL_YAML.replace('to: space2', 'to: space9'), 'test.yaml', {
      set: ['oops', 'moves.7.at=1s', 'name.first=x'],
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^test\.yaml:15: moves\[0\]\.to: space "space9" does not exist/);
    expect(problems.slice(1).every((p) => p.startsWith('test.yaml: --set "'))).toBe(true);
  });

  test('override paths are read strictly', () => {
    expect(parseOverride('a.b=1')).toEqual({ ok: true, segments: ['a', 'b'], value: 1 });
    expect(parseOverride('a=')).toEqual({ ok: true, segments: ['a'], value: null });
    expect(parseOverride('description=a=b')).toEqual({
      ok: true,
      segments: ['description'],
      value: 'a=b',
    });
    expect(parseOverride('=1')).toMatchObject({ ok: false });
    expect(parseOverride('a..b=1')).toMatchObject({ ok: false });
    expect(parseOverride('a[0]=1')).toMatchObject({ ok: false });
    expect(parseOverride('constructor.x=1')).toMatchObject({ ok: false });
  });
});
