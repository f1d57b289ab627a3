/**
 * Unit tests of what the viewer derives to show a failure: the move a run opens on, crash
 * spans and limbo strips, which moves a violation touches, causes kept under a move filter,
 * label placement by priority, step colours told apart, nonlinear time, the shareable view in
 * the address's hash, and the searchable, sortable moves list.
 */
import { describe, expect, it } from 'vitest';

import { INVARIANT_NAMES } from '../../sim/cms/invariants.js';
import { STEP } from '../../sim/cms/protocol.js';
import type { TraceFile } from '../../sim/engine/trace.js';
import {
  deadSpans,
  limboSpans,
  moveToOpen,
  violationMoves,
  violationsPerMove,
} from '../../viz/src/causes.js';
import { DROP_COLOR, STEP_COLORS, VIOLATION_COLOR } from '../../viz/src/colors.js';
import { runNames } from '../../viz/src/compare.js';
import { filterMasks } from '../../viz/src/filter.js';
import { buildModel, type Model } from '../../viz/src/model.js';
import { compressGap, nonlinearAxis, nonlinearP, nonlinearT } from '../../viz/src/nonlinear.js';
import { placeLabels } from '../../viz/src/overlay.js';
import { listedOutcomes } from '../../viz/src/panel.js';
import { parseTraceText } from '../../viz/src/parse.js';
import { PROMISES } from '../../viz/src/promises.js';
import { decodeView, encodeView } from '../../viz/src/url-state.js';
import { moveAcrossBridges } from './fixtures.js';

const model = (t: TraceFile): Model => {
  const p = parseTraceText(JSON.stringify(t));
  return buildModel(p.trace, p.warnings);
};

/** A run with two moves, the second dropped, and a crash and restart of one bridge. */
function twoMoves(): TraceFile {
  const t = moveAcrossBridges({ violation: true });
  const first = t.outcomes[0] as Record<string, unknown>;
  const failed = {
    ...first,
    move: 'm2',
    participant: 'userY',
    result: 'dropped',
    reason: 'bridgeDown',
    requestedAt: 9e6,
  };
  t.outcomes = [failed, first];
  const last = t.events[t.events.length - 1] as { seq: number; t: number };
  t.events.push(
    { seq: last.seq + 1, t: last.t + 10, type: 'local', node: 'cbB', kind: 'crash' },
    { seq: last.seq + 2, t: last.t + 500, type: 'local', node: 'cbB', kind: 'restart' },
  );
  return t;
}

/** CIELAB ΔE*76 between two #rrggbb colours. */
function deltaE(a: string, b: string): number {
  const lab = (h: string): number[] => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    const z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
    const f = (v: number): number => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
    return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(...p.map((v, i) => v - (q[i] as number)));
}

describe('showing the failure', () => {
  it('opens on the first move that did not move (by request time), else the first move', () => {
    const m = model(twoMoves());
    expect(moveToOpen(m)).toBe('m1'); // m1 is touched by the violation and requested first
    const clean = moveAcrossBridges();
    expect(moveToOpen(model(clean))).toBe('m1');
    const t = twoMoves();
    t.violations = [];
    t.events = t.events.filter((e) => e.type !== 'violation');
    expect(moveToOpen(model(t))).toBe('m2');
  });

  it('finds a crashed node dead from its crash to its restart, and a browser in limbo from step 8', () => {
    const m = model(twoMoves());
    const dead = deadSpans(m);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.node).toBe('cbB');
    expect((dead[0]?.t1 ?? 0) - (dead[0]?.t0 ?? 0)).toBe(490);
    const limbo = limboSpans(m).find((l) => l.move === 'm1');
    const end = m.messages.find((x) => x.move === 'm1' && x.step === STEP.endWebsocket);
    expect(limbo?.t0).toBe(end?.tSend);
    expect(limbo?.node).toBe(end?.from);
    expect(limbo && limbo.t1 > limbo.t0).toBe(true);
  });

  it('keeps crashes on the nodes of a filtered move, and names the moves a violation touches', () => {
    const m = model(twoMoves());
    const masks = filterMasks(m, { move: 'm1' });
    const crash = m.marks.find((k) => k.kind === 'crash');
    expect(crash && masks.marks[crash.index]).toBe(1);
    const other = filterMasks(m, { move: 'm1', kind: 'api.move' });
    expect(crash && other.marks[crash.index]).toBe(0);
    expect([...violationMoves(m).values()]).toEqual([['m1']]);
    expect(violationsPerMove(m).get('m1')).toBe(1);
  });

  it('has a promise for every invariant the simulator checks', () => {
    expect(INVARIANT_NAMES.filter((n) => PROMISES[n] === undefined)).toEqual([]);
  });

  it('tells the step colours apart in pairs and keeps them away from the red of drops', () => {
    const steps = STEP_COLORS.slice(1);
    let closest = Infinity;
    for (let i = 0; i < steps.length; i++)
      for (let j = i + 1; j < steps.length; j++)
        closest = Math.min(closest, deltaE(steps[i] as string, steps[j] as string));
    expect(closest).toBeGreaterThanOrEqual(25);
    for (const c of steps) {
      expect(deltaE(c, DROP_COLOR), c).toBeGreaterThanOrEqual(35);
      expect(deltaE(c, VIOLATION_COLOR), c).toBeGreaterThanOrEqual(35);
    }
  });
});

describe('labels by priority', () => {
  const label = (
    key: string,
    rank: number,
    x: number,
    y: number,
    alts: { x: number; y: number }[] = [],
  ) => ({
    key,
    rank,
    x,
    y,
    anchor: 'start' as const,
    alts: alts.map((a) => ({ ...a, anchor: 'start' as const })),
    text: key,
    color: '#000',
    cls: 'arrow-label',
    seq: 0,
  });

  it('places a drop before the arrow that would cover it, and moves a label to a free spot before hiding it', () => {
    const placed = placeLabels([
      label('ordinary arrow', 2, 100, 50),
      label('✕ targeted-drop', 0, 100, 50),
      label('8 ws.end', 1, 100, 50, [{ x: 100, y: 70 }]),
    ]);
    expect(placed.map((p) => p.key)).toEqual(['✕ targeted-drop', '8 ws.end']);
    expect(placed[1]?.y).toBe(70);
  });
});

describe('nonlinear time', () => {
  it('keeps short gaps true, compresses long ones, and maps positions back to times', () => {
    expect(compressGap(500, 2000)).toBe(500);
    expect(compressGap(5_000_000, 2000)).toBeLessThan(20_000);
    const ax = nonlinearAxis([0, 1000, 1000, 5_001_000, 5_002_000]);
    expect(nonlinearP(ax, 1000) - nonlinearP(ax, 0)).toBe(1000);
    expect(nonlinearP(ax, 5_002_000) - nonlinearP(ax, 5_001_000)).toBe(1000);
    for (const t of [0, 500, 1000, 2_000_000, 5_001_500])
      expect(nonlinearT(ax, nonlinearP(ax, t))).toBeCloseTo(t, 6);
  });
});

describe('the view in the address', () => {
  it('round-trips mode, filter, selection, window, hidden lifelines and grouping', () => {
    const v = {
      mode: 'nonlinear' as const,
      filter: { move: 'm 1&x', step: 8 },
      sel: 42,
      window: [5_000_000, 5_200_000] as [number, number],
      hidden: ['wbA', 'cbC'],
      groupBrowsers: false,
    };
    expect(decodeView(`#${encodeView(v)}`)).toEqual(v);
    expect(decodeView('')).toBeNull();
    expect(decodeView('#mode=bogus&t=9,1')).toEqual({ filter: {} });
  });
});

describe('the moves list', () => {
  it('searches by participant, reason or outcome, and sorts failures first or by limbo', () => {
    const m = model(twoMoves());
    const warn = violationsPerMove(m);
    expect(listedOutcomes(m.outcomes, warn, 'bridgeDown', 'time').map((o) => o.move)).toEqual([
      'm2',
    ]);
    expect(listedOutcomes(m.outcomes, warn, '', 'outcome').map((o) => o.move)).toEqual([
      'm2',
      'm1',
    ]);
    expect(listedOutcomes(m.outcomes, warn, '', 'time').map((o) => o.move)).toEqual(['m1', 'm2']);
    expect(listedOutcomes(m.outcomes, warn, '', 'limbo')[0]?.limboMs).toBeDefined();
  });
});

describe('naming compared runs', () => {
  const named = (
    scenario: string,
    seed: string,
    sets: string[],
  ): { model: Model; name: string } => ({
    model: { scenario, seed, sets } as unknown as Model,
    name: 'trace.json',
  });

  it('names each run by the scenario, seed and --set overrides that tell it from the other', () => {
    expect(runNames(named('a', '1', []), named('a', '2', ['x=1']))).toEqual([
      'seed 1; without x=1',
      'seed 2; set x=1',
    ]);
    expect(runNames(named('a', '1', ['x=1', 'y=2']), named('b', '1', ['y=2']))).toEqual([
      'a; set x=1',
      'b; without x=1',
    ]);
    expect(runNames(named('a', '1', ['x=1']), named('a', '1', ['x=2']))).toEqual([
      'set x=1',
      'set x=2',
    ]);
    // Runs that nothing tells apart keep their file names, marked A and B.
    expect(runNames(named('a', '1', []), named('a', '1', []))).toEqual([
      'trace.json (A)',
      'trace.json (B)',
    ]);
  });
});
