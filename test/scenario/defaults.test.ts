/**
 * Tests that the schema applies every default, including the ones that depend on other fields,
 * and that parsed durations are milliseconds.
 */
import { describe, expect, test } from 'vitest';

import { ScenarioSchema } from '../../sim/scenario/schema.js';
import { MINIMAL_YAML, mustLoad } from './helpers.js';

describe('defaults', () => {
  const s = mustLoad(MINIMAL_YAML);

  test('top-level defaults are applied, with until in milliseconds', () => {
    expect(s.seed).toBe(1);
    expect(s.until).toBe(60_000);
    expect(s.maxEvents).toBe(5_000_000);
    expect(s.faults).toEqual([]);
    expect(s.expect).toEqual([]);
  });

  test('call bridges get the CMS load limit and priority 0, and no participant limit', () => {
    expect(s.cluster.callBridges[0]).toEqual({ id: 'cbA', loadLimit: 96000, priority: 0 });
  });

  test('cluster-wide settings default as whole objects', () => {
    expect(s.cluster.callBridgeGroups).toEqual([]);
    expect(s.cluster.loadBalancing).toEqual({
      enabled: false,
      policy: 'cms',
      newConferenceLoadLimitBasisPoints: 5000,
      existingConferenceLoadLimitBasisPoints: 8000,
      thresholdRule: 'reported-load',
      tieBreak: 'id',
    });
    expect(s.cluster.loadPoints).toEqual({
      '1080p30': 2000,
      '720p30': 1000,
      '448p30': 500,
      audio: 32,
    });
    expect(s.cluster.recovery).toEqual({
      websocketIdleTimeout: 30_000,
      sessionCleanup: true,
      mediaInactivityTimeout: 5_000,
      pendingParticipantTimeout: 20_000,
    });
    expect(s.cluster.jwtExpiry).toBe(86_400_000);
    expect(s.cluster.cmm).toEqual({ id: 'cmm', apiBridge: 'cbB', apiTimeout: 10_000 });
  });

  test('a web bridge without callBridges talks to every call bridge', () => {
    expect(s.cluster.webBridges[0]?.callBridges).toEqual(['cbA', 'cbB']);
  });

  test('spaces allow guests, are not dual homed, have a call started and unmuted automatic-layout legs by default', () => {
    expect(s.spaces[0]).toEqual({
      id: 'space1',
      name: 'Space 1',
      guestAccess: true,
      dualHomed: false,
      activeCall: true,
      serverDefaults: { muted: false, layout: 'automatic', importance: 0 },
    });
  });

  test('a participant defaults to a movable 720p30 guest on the first web bridge, joining at time 0', () => {
    expect(s.participants[0]).toEqual({
      id: 'userX',
      name: 'User X',
      type: 'guest',
      webBridge: 'wbA',
      mediaProfile: '720p30',
      canMove: true,
      join: { space: 'space1', at: 0 },
      local: { muted: false, layout: 'speaker', presenting: false, chatMessages: 0 },
    });
  });

  test('moves are named m1, m2… by position and go through cmm.apiBridge', () => {
    const two = mustLoad(
      `${MINIMAL_YAML}  - { id: back, at: 9s, participant: userX, to: space1, via: cbA }\n  - { at: 1m, participant: userX, to: space2 }\n`,
    );
    expect(two.moves.map((m) => [m.id, m.via, m.at])).toEqual([
      ['m1', 'cbB', 5000],
      ['back', 'cbA', 9000],
      ['m3', 'cbB', 60_000],
    ]);
  });

  test('the network defaults to per-class latencies (no default given), zero loopback and no misbehaviour', () => {
    expect(s.network).toEqual({
      latency: {
        loopback: { dist: 'constant', ms: 0 },
        links: [],
      },
      processing: {},
      loss: [],
      duplication: [],
      delaySpikes: [],
      reorder: [],
    });
  });

  test('defaults inside list items are applied: link direction, drop count, partition direction', () => {
    const t = mustLoad(`${MINIMAL_YAML}network:
  latency:
    links: [{ from: cbA, to: cbB, latency: { dist: constant, ms: 4 } }]
faults:
  - { at: 1s, drop: { step: 3 } }
  - { from: 1s, until: 1.5s, partition: { between: [[cbA], [cbB]] } }
`);
    expect(t.network.latency.links[0]?.bothWays).toBe(true);
    expect(t.faults[0]).toEqual({ kind: 'drop', at: 1000, drop: { step: 3, count: 1 } });
    expect(t.faults[1]).toEqual({
      kind: 'partition',
      from: 1000,
      until: 1500,
      partition: { between: [['cbA'], ['cbB']], oneWay: false },
    });
  });

  test('every duration in the scenario comes out in milliseconds', () => {
    const t = mustLoad(`${MINIMAL_YAML}until: 2m
faults:
  - { at: 1.5s, crash: cbA, restartAfter: 500ms }
network:
  delaySpikes: [{ probability: 0.1, extra: 250us }]
`);
    expect(t.until).toBe(120_000);
    expect(t.faults[0]).toEqual({ kind: 'crash', at: 1500, crash: 'cbA', restartAfter: 500 });
    expect(t.network.delaySpikes[0]?.extra).toBe(0.25);
  });

  test('the schema refuses unknown keys at every level', () => {
    const base = {
      name: 'x',
      cluster: {
        callBridges: [{ id: 'cbA' }],
        webBridges: [{ id: 'wbA' }],
        cmm: { apiBridge: 'cbA' },
      },
      spaces: [{ id: 's', name: 's' }],
    };
    expect(ScenarioSchema.safeParse(base).success).toBe(true);
    expect(ScenarioSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(
      ScenarioSchema.safeParse({
        ...base,
        cluster: { ...base.cluster, cmm: { apiBridge: 'cbA', x: 1 } },
      }).success,
    ).toBe(false);
  });
});
