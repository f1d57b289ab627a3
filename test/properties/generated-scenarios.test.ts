/**
 * The generated scenarios themselves: valid by construction (the real schema and reference
 * checks accept every one, no filter needed), written as YAML they load back unchanged, and
 * varied: fc.statistics shows how often each kind of cluster, workload and fault is drawn, and
 * the test fails if one is never drawn.
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import {
  flattenMoves,
  parseGenerated,
  scenarioYaml,
  type Sketch,
  sketchArb,
  sketchToScenario,
} from '../../sim/check/index.js';
import { PARTICIPANT_TYPES } from '../../sim/cms/messages.js';
import { MOVE_STEP_COUNT as MOVE_STEPS } from '../../sim/cms/protocol.js';
import { FAULT_KINDS } from '../../sim/scenario/faults.js';
import { formatProblem, loadScenarioText } from '../../sim/scenario/load.js';
import { DISTRIBUTION_KINDS } from '../../sim/scenario/schema.js';

/** The input classes of one generated case. */
function inputClasses(sketch: Sketch): string[] {
  const s = parseGenerated(sketchToScenario(sketch));
  const labels = new Set<string>();
  labels.add(`bridges:${s.cluster.callBridges.length}`);
  labels.add(`web bridges:${s.cluster.webBridges.length}`);
  if (s.cluster.callBridgeGroups.length > 0) labels.add('cluster:groups');
  if (s.cluster.loadBalancing.enabled)
    labels.add(`load balancing:${s.cluster.loadBalancing.policy}`);
  if (s.cluster.loadBalancing.enabled && s.cluster.loadBalancing.policy === 'cms')
    labels.add(`load balancing:cms, ${s.cluster.loadBalancing.thresholdRule}`);
  if (s.cluster.callBridges.some((b) => b.participantLimit !== undefined))
    labels.add('cluster:participant limit');
  if (s.cluster.callBridges.some((b) => b.loadLimit < 96000))
    labels.add('cluster:small load limit');
  if (s.cluster.callBridges.some((b) => b.priority > 0)) labels.add('cluster:priorities');
  if (s.cluster.webBridges.some((w) => w.callBridges.length < s.cluster.callBridges.length))
    labels.add('cluster:restricted C2W links');
  const lat = s.network.latency;
  for (const d of [lat.default, lat.peer, lat.c2w, lat.websocket])
    if (d !== undefined) labels.add(`latency:${d.dist}`);
  for (const p of s.participants) {
    labels.add(`participant:${p.type}`);
    if (!p.canMove) labels.add('participant:canMove false');
    if (p.join === undefined) labels.add('participant:never joins');
  }
  for (const g of sketch.moves) labels.add(`moves:${g.kind}`);
  const dual = new Set(s.spaces.filter((x) => x.dualHomed).map((x) => x.id));
  const inactive = new Set(s.spaces.filter((x) => !x.activeCall).map((x) => x.id));
  const ended = new Set(s.faults.flatMap((f) => ('endCall' in f ? [f.endCall] : [])));
  // Where each participant should be when its move is asked, if every earlier move worked.
  const where = new Map(s.participants.map((p) => [p.id, p.join?.space]));
  for (const m of [...s.moves].sort((a, b) => a.at - b.at)) {
    if (dual.has(m.to)) labels.add('target:dual homed (refused)');
    if (ended.has(m.to)) labels.add('target:call ended');
    if (inactive.has(m.to)) labels.add('target:no call started');
    if (where.get(m.participant) === m.to) labels.add('target:own space');
    where.set(m.participant, m.to);
  }
  for (const f of s.faults) {
    if ('drop' in f)
      labels.add(f.drop.step !== undefined ? `fault:drop step ${f.drop.step}` : 'fault:drop kind');
    else if ('crash' in f)
      labels.add(`fault:crash${f.restartAfter === undefined ? '' : ' and restart'}`);
    else labels.add(`fault:${f.kind}`);
  }
  for (const k of ['loss', 'duplication', 'delaySpikes', 'reorder'] as const)
    if (s.network[k].length > 0) labels.add(`network:${k}`);
  if (
    s.faults.length === 0 &&
    s.network.loss.length +
      s.network.duplication.length +
      s.network.delaySpikes.length +
      s.network.reorder.length ===
      0
  ) {
    labels.add('case:fault-free');
  }
  return [...labels];
}

const REQUIRED_INPUTS = [
  ...Array.from({ length: 8 }, (_, i) => `bridges:${i + 1}`),
  'web bridges:1',
  'web bridges:2',
  'web bridges:3',
  'cluster:groups',
  'load balancing:cms',
  'load balancing:cms, reported-load',
  'load balancing:cms, with-participant',
  'cluster:participant limit',
  'cluster:small load limit',
  'cluster:priorities',
  'cluster:restricted C2W links',
  ...DISTRIBUTION_KINDS.map((d) => `latency:${d}`),
  ...PARTICIPANT_TYPES.map((t) => `participant:${t}`),
  'participant:canMove false',
  'participant:never joins',
  'moves:single',
  'moves:together',
  'moves:chain',
  'moves:again',
  'target:dual homed (refused)',
  'target:no call started',
  'target:call ended',
  'target:own space',
  ...Array.from({ length: MOVE_STEPS }, (_, i) => `fault:drop step ${i + 1}`),
  'fault:drop kind',
  'fault:crash',
  'fault:crash and restart',
  // Every other kind of the fault registry, so a new kind must be generated too.
  ...FAULT_KINDS.filter((k) => k !== 'drop' && k !== 'crash').map((k) => `fault:${k}`),
  'network:loss',
  'network:duplication',
  'network:delaySpikes',
  'network:reorder',
  'case:fault-free',
];

describe('the generated scenarios', () => {
  // Through @fast-check/vitest: a failure reports its seed and path, and replays with them.
  fcTest.prop([sketchArb()], { seed: 11, numRuns: 500 })(
    'all pass the real schema and reference checks, with no filter',
    (sketch) => {
      parseGenerated(sketchToScenario(sketch));
    },
  );

  fcTest.prop([sketchArb()], { seed: 12, numRuns: 150 })(
    'load back unchanged from the YAML a counterexample file would hold',
    (sketch) => {
      const input = sketchToScenario(sketch, 'roundtrip');
      const loaded = loadScenarioText(scenarioYaml(input), 'roundtrip.yaml');
      expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatProblem).join('\n')).toBe(true);
      if (loaded.ok) expect(loaded.scenario).toEqual(parseGenerated(input));
    },
  );

  test('cover every kind of cluster, participant, workload and fault (fc.statistics)', () => {
    const lines: string[] = [];
    fc.statistics(sketchArb(), inputClasses, {
      seed: 13,
      numRuns: 3000,
      logger: (l) => lines.push(l),
    });
    console.log(`input classes of 3000 generated scenarios (fc.statistics):\n${lines.join('\n')}`);
    const seen = new Set(lines.map((l) => l.replace(/\.{2,}.*$/, '').trim()));
    expect(REQUIRED_INPUTS.filter((c) => !seen.has(c))).toEqual([]);
  });

  test('count a move target from the participant’s current space, so `to: 0` goes elsewhere', () => {
    const [sketch] = fc.sample(sketchArb({ faultFree: true }), { seed: 14, numRuns: 1 });
    const s: Sketch = {
      ...sketch!,
      spaces: [sketch!.spaces[0]!, sketch!.spaces[0]!, sketch!.spaces[0]!],
      participants: [{ ...sketch!.participants[0]!, join: { space: 1, atMs: 0 } }],
      moves: [
        { kind: 'chain', participant: 0, to: [0, 0], atMs: 3000, gapMs: 1000 },
        { kind: 'single', participant: 0, to: 2, atMs: 9000, via: null },
      ],
    };
    expect(flattenMoves(s).map((m) => m.to)).toEqual([2, 0, 0]);
  });
});
