/**
 * Tests of the large scenario and its generator: the committed file (one population) declares
 * the cluster its header promises, the generator of variants builds the same cluster, and a
 * variant at 1/50 of its size (the same `runScenario` path, safety checks after every event)
 * ends with every move done and every invariant kept. Speed is measured by `npm run bench`.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { FULL, largeScenario } from '../../scripts/gen-large.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { scenarioPath } from '../helpers/scenarios.js';
import { parseInput } from './helpers.js';

type Obj = Record<string, unknown>;

describe('the large scenario', () => {
  it('opens with the schema line and the Covers, Scenario and Expect header', () => {
    const lines = readFileSync(scenarioPath('large-24-bridges'), 'utf8').split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    expect(lines[1]).toMatch(/^# Covers: /);
    expect(lines[2]).toMatch(/^# Scenario: /);
    expect(lines[3]).toMatch(/^# Expect: /);
  });

  it('declares 10,000 participants and their moves as one population, none moved to the space it joined', () => {
    const loaded = loadScenarioFile(scenarioPath('large-24-bridges'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.scenario;
    expect(s.cluster.callBridges).toHaveLength(24);
    expect(s.spaces).toHaveLength(400);
    expect(s.participants).toHaveLength(10_000);
    expect(s.moves).toHaveLength(10_000);
    const times = s.moves.map((m) => m.at);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(10 * 60_000);
    const joined = new Map(s.participants.map((p) => [p.id, p.join?.space]));
    expect(s.moves.filter((m) => joined.get(m.participant) === m.to)).toEqual([]);
    const host = new Map(s.spaces.map((sp) => [sp.id, sp.hostedOn]));
    expect(s.moves.filter((m) => host.get(m.to) !== m.via)).toEqual([]);
  });

  it('has 24 call bridges in 3 groups, 10,000 participants in 400 spaces and 10,000 moves within ten minutes', () => {
    const s = parseInput(largeScenario());
    expect(s.cluster.callBridges).toHaveLength(24);
    expect(s.cluster.callBridgeGroups.map((g) => g.bridges.length)).toEqual([8, 8, 8]);
    expect(new Set(s.cluster.callBridgeGroups.flatMap((g) => g.bridges)).size).toBe(24);
    expect(s.spaces).toHaveLength(400);
    expect(s.participants).toHaveLength(10_000);
    expect(s.moves).toHaveLength(10_000);
    const times = s.moves.map((m) => m.at);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(10 * 60_000);
    expect(new Set(s.moves.map((m) => m.participant)).size).toBe(10_000);
    const joined = new Map(s.participants.map((p) => [p.id, p.join?.space]));
    expect(s.moves.filter((m) => joined.get(m.participant) === m.to)).toEqual([]);
  });

  it('moves each participant once per round, so more rounds make the same cluster run longer', () => {
    const one = largeScenario({ scale: 0.02 });
    const four = largeScenario({ scale: 0.02, rounds: 4 });
    expect((four.participants as unknown[]).length).toBe((one.participants as unknown[]).length);
    expect((four.moves as unknown[]).length).toBe(4 * (one.moves as unknown[]).length);
    const lastAt = (s: Obj) => Math.max(...(s.moves as { at: number }[]).map((m) => m.at));
    expect(lastAt(four)).toBeGreaterThan(lastAt(one) + 3 * FULL.roundMs - FULL.roundMs / 2);
  });

  it('gives the same scenario for the same options', () => {
    expect(largeScenario({ scale: 0.05, rounds: 2 })).toEqual(
      largeScenario({ scale: 0.05, rounds: 2 }),
    );
  });

  it('at 1/50 of its size completes every move with no invariant violated, checked after every event', () => {
    const s = parseInput(largeScenario({ scale: 0.02 }));
    const out = runScenario(s, { traceLevel: 'off' });
    expect(out.result.stopReason).toBe('quiescent');
    expect(out.violations).toEqual([]);
    expect(out.outcomes).toHaveLength(s.moves.length);
    expect(out.outcomes.filter((o) => o.result !== 'moved')).toEqual([]);
    expect(out.expectations.filter((e) => !e.ok)).toEqual([]);
    for (const b of out.bridges) expect(b.peakLoadBasisPoints).toBeLessThanOrEqual(8000);
  });
});
