/**
 * Placement at step 4: a table of cases for the `cms` policy (conference running or not,
 * loads around each threshold, priorities, ties, all past threshold), under the documented
 * `reported-load` rule and the strict `with-participant` one, and the other policies.
 */
import { describe, expect, it } from 'vitest';

import {
  type Candidate,
  PLACEMENT_POLICIES,
  type PlacementInput,
} from '../../sim/cms/placement.js';

/** A candidate with a 96,000-point limit at `loadPercent` % load. */
const c = (bridge: string, loadPercent: number, extra: Partial<Candidate> = {}): Candidate => {
  const load = Math.round((loadPercent / 100) * 96_000);
  return {
    bridge,
    priority: 0,
    load,
    loadLimit: 96_000,
    loadBasisPoints: Math.floor((load * 10_000) / 96_000),
    running: false,
    full: false,
    ...extra,
  };
};

const input = (candidates: Candidate[], extra: Partial<PlacementInput> = {}): PlacementInput => ({
  candidates,
  points: 1000,
  local: 'cbB',
  preferred: undefined,
  newConferenceLoadLimitBasisPoints: 5000,
  existingConferenceLoadLimitBasisPoints: 8000,
  thresholdRule: 'reported-load',
  roundRobin: 0,
  tieBreakDraws: [],
  ...extra,
});

type Case = [string, PlacementInput, string];
const CASES: Case[] = [
  [
    'no load anywhere: the preferred bridge wins the tie',
    input([c('cbA', 0), c('cbB', 0), c('cbC', 0)], { preferred: 'cbC' }),
    'cbC',
  ],
  [
    'no load anywhere and no preferred bridge: the deciding bridge itself',
    input([c('cbA', 0), c('cbB', 0), c('cbC', 0)]),
    'cbB',
  ],
  [
    'no load, no preference, deciding bridge not a candidate: lowest id',
    input([c('cbC', 0), c('cbA', 0)], { local: 'cbX' }),
    'cbA',
  ],
  [
    'the conference runs on a bridge under 80 %: join it even if others are emptier',
    input([c('cbA', 70, { running: true }), c('cbB', 0)]),
    'cbA',
  ],
  [
    'the conference runs on a bridge at 79.5 %, not above 80 %: join it (documented rule)',
    input([c('cbA', 79.5, { running: true }), c('cbB', 10)]),
    'cbA',
  ],
  [
    'the conference runs on a bridge that would pass 80 % with the newcomer: start it elsewhere (strict rule)',
    input([c('cbA', 79.5, { running: true }), c('cbB', 10)], {
      thresholdRule: 'with-participant',
    }),
    'cbB',
  ],
  [
    'the conference runs on a bridge exactly at 80 %: not above, it still takes the newcomer',
    input([c('cbA', 80, { running: true }), c('cbB', 50)]),
    'cbA',
  ],
  [
    'not running, a bridge at 49.5 %: not above 50 %, it starts the conference (documented rule)',
    input([c('cbA', 49.5), c('cbC', 51)], { local: 'cbX' }),
    'cbA',
  ],
  [
    'running on two bridges: the less loaded one',
    input([c('cbA', 60, { running: true }), c('cbC', 30, { running: true }), c('cbB', 0)]),
    'cbC',
  ],
  [
    'not running: the least loaded bridge under 50 %',
    input([c('cbA', 45), c('cbB', 20), c('cbC', 30)]),
    'cbB',
  ],
  [
    'not running, one bridge exactly fills to 50 %',
    input([c('cbA', 48.9583), c('cbC', 51)], { local: 'cbX' }),
    'cbA',
  ],
  [
    'higher priority beats lower load',
    input([c('cbA', 40, { priority: 5 }), c('cbB', 0, { priority: 0 })]),
    'cbA',
  ],
  [
    'a full bridge is never chosen',
    input([c('cbA', 10, { running: true, full: true }), c('cbB', 20)]),
    'cbB',
  ],
  [
    'seeded tie-break orders equal bridges by their draw',
    input([c('cbA', 0), c('cbC', 0)], { local: 'cbX', tieBreakDraws: [0.9, 0.1] }),
    'cbC',
  ],
];

describe('the cms placement policy', () => {
  it.each(CASES)('%s', (_name, i, expected) => {
    expect(PLACEMENT_POLICIES.cms(i)).toMatchObject({ bridge: expected });
  });

  it('rejects with participantLimitReached when every bridge is past its thresholds', () => {
    expect(
      PLACEMENT_POLICIES.cms(input([c('cbA', 85, { running: true }), c('cbB', 55), c('cbC', 60)])),
    ).toEqual({ reject: 'participantLimitReached' });
  });

  it('rejects under the strict rule when the newcomer would take the only running bridge past 80 % and no other stays under 50 %', () => {
    const strict = { thresholdRule: 'with-participant' } as const;
    expect(
      PLACEMENT_POLICIES.cms(input([c('cbA', 80, { running: true }), c('cbB', 50)], strict)),
    ).toEqual({ reject: 'participantLimitReached' });
    expect(PLACEMENT_POLICIES.cms(input([c('cbA', 49.5), c('cbC', 51)], strict))).toEqual({
      reject: 'participantLimitReached',
    });
  });

  it('rejects under the documented rule only bridges whose reported load is above the threshold', () => {
    expect(
      PLACEMENT_POLICIES.cms(input([c('cbA', 80.02, { running: true }), c('cbB', 50.02)])),
    ).toEqual({ reject: 'participantLimitReached' });
  });

  it('reports which threshold the choice had to respect', () => {
    expect(PLACEMENT_POLICIES.cms(input([c('cbA', 10, { running: true })]))).toEqual({
      bridge: 'cbA',
      limitBasisPoints: 8000,
    });
    expect(PLACEMENT_POLICIES.cms(input([c('cbA', 10)]))).toEqual({
      bridge: 'cbA',
      limitBasisPoints: 5000,
    });
  });
});

describe('the comparison policies', () => {
  it('least-loaded picks the emptiest bridge and ignores thresholds', () => {
    expect(PLACEMENT_POLICIES['least-loaded'](input([c('cbA', 90), c('cbB', 85)]))).toMatchObject({
      bridge: 'cbB',
    });
  });

  it('round-robin cycles through the bridges by id, skipping full ones', () => {
    const cands = [c('cbC', 0), c('cbA', 0), c('cbB', 0, { full: true })];
    const picks = [0, 1, 2, 3].map((rr) =>
      PLACEMENT_POLICIES['round-robin'](input(cands, { roundRobin: rr })),
    );
    expect(picks.map((p) => ('bridge' in p ? p.bridge : 'rejected'))).toEqual([
      'cbA',
      'cbC',
      'cbC',
      'cbA',
    ]);
  });

  it('local-first keeps the participant on the deciding bridge while it is not above 80 %', () => {
    expect(PLACEMENT_POLICIES['local-first'](input([c('cbA', 0), c('cbB', 80)]))).toMatchObject({
      bridge: 'cbB',
    });
    expect(PLACEMENT_POLICIES['local-first'](input([c('cbA', 0), c('cbB', 81)]))).toMatchObject({
      bridge: 'cbA',
    });
    const strict = { thresholdRule: 'with-participant' } as const;
    expect(
      PLACEMENT_POLICIES['local-first'](input([c('cbA', 0), c('cbB', 80)], strict)),
    ).toMatchObject({ bridge: 'cbA' });
  });
});
