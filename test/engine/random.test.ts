/**
 * Seeded named random streams and the delay distributions drawn from them.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';

import { aleaSeed } from '../../sim/engine/alea-seed.js';
import {
  type Distribution,
  medianMs,
  RandomStream,
  RandomStreams,
  sampleMs,
} from '../../sim/engine/index.js';

const draws = (seed: string | number, name: string, n = 20) => {
  const s = new RandomStreams(seed).stream(name);
  return Array.from({ length: n }, () => s.next());
};

describe('random streams', () => {
  it('give the same draws every time for the same seed and name', () => {
    expect(draws(7, 'link:a>b')).toEqual(draws(7, 'link:a>b'));
  });

  it("draw exactly what seedrandom's Alea draws for the same seed text", () => {
    for (const [seed, name] of [
      [1, 'link:cb01>wb1'],
      ['x', 'browser-7:media-setup'],
      [42, 'config:ids'],
      [0, ''],
    ] as const) {
      const reference = seedrandom.alea(`${seed}:${name}`);
      const expected = Array.from({ length: 5000 }, () => reference());
      expect(draws(seed, name, 5000)).toEqual(expected);
    }
  });

  it('give an unshared stream the draws of the shared stream of the same name, without remembering it', () => {
    const streams = new RandomStreams(5);
    const a = streams.unshared('link:a>b');
    const b = streams.unshared('link:a>b');
    expect(a).not.toBe(b);
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(draws(5, 'link:a>b', 50));
    expect(streams.stream('link:a>b')).toBe(streams.stream('link:a>b'));
  });

  it('are seeded at their first draw or position, from their seed text alone', () => {
    const text = '3:link:cb1>wb1';
    const reference = new RandomStream(aleaSeed(text));
    const expected = Array.from({ length: 100 }, () => reference.next());
    // Made from the seed text, drawn later: the same draws.
    const lazy = RandomStream.seeded(3, 'link:cb1>wb1');
    expect(Array.from({ length: 100 }, () => lazy.next())).toEqual(expected);
    // Its position before any draw is the seeded state, with no draws.
    const fresh: number[] = [];
    RandomStream.seeded(3, 'link:cb1>wb1').writePosition(fresh);
    const seeded: number[] = [];
    new RandomStream(aleaSeed(text)).writePosition(seeded);
    expect(fresh).toEqual(seeded);
    expect(fresh[4]).toBe(0);
    // A position set before the first draw wins over the seed (a restored snapshot).
    const moved = new RandomStream(aleaSeed(text));
    for (let i = 0; i < 10; i++) moved.next();
    const at: number[] = [];
    moved.writePosition(at);
    const restored = RandomStream.seeded(3, 'link:cb1>wb1');
    restored.setPosition(at);
    expect(Array.from({ length: 90 }, () => restored.next())).toEqual(expected.slice(10));
    expect(restored.draws).toBe(100);
  });

  it('give different draws for a different seed', () => {
    expect(draws(7, 'link:a>b')).not.toEqual(draws(8, 'link:a>b'));
  });

  it('do not change when another stream is created and drawn from', () => {
    const alone = new RandomStreams(3);
    const a1 = Array.from({ length: 10 }, () => alone.stream('a').next());
    const crowded = new RandomStreams(3);
    const a2: number[] = [];
    for (let i = 0; i < 10; i++) {
      crowded.stream(`new-${i}`).next();
      a2.push(crowded.stream('a').next());
      crowded.stream('b').next();
    }
    expect(a2).toEqual(a1);
  });

  it('draw in [0, 1) and mint well-formed GUIDs', () => {
    const s = new RandomStreams('x').stream('ids');
    for (let i = 0; i < 1000; i++) {
      const v = s.next();
      expect(v >= 0 && v < 1).toBe(true);
    }
    expect(s.guid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('distributions', () => {
  const cases: [Distribution, number][] = [
    [{ dist: 'constant', ms: 4 }, 4],
    [{ dist: 'uniform', minMs: 2, maxMs: 6 }, 4],
    [{ dist: 'normal', meanMs: 10, sdMs: 2 }, 10],
    [{ dist: 'lognormal', medianMs: 8, p99Ms: 40 }, 8],
    [{ dist: 'exponential', meanMs: 5 }, 5 * Math.LN2],
    [{ dist: 'empirical', samplesMs: [1, 2, 3, 4, 100] }, 3],
  ];
  it.each(cases)('%o has the sample median it documents', (d, expected) => {
    const s = new RandomStreams(1).stream('d');
    const v = Array.from({ length: 20001 }, () => sampleMs(d, s)).sort((a, b) => a - b);
    const median = v[10000]!;
    expect(Math.abs(median - expected)).toBeLessThan(Math.max(0.05 * expected, 0.01));
    expect(medianMs(d)).toBeCloseTo(expected, 5);
    expect(v[0]!).toBeGreaterThanOrEqual(0);
  });

  it('puts 99 % of lognormal draws under p99', () => {
    const s = new RandomStreams(2).stream('d');
    const d: Distribution = { dist: 'lognormal', medianMs: 2, p99Ms: 12 };
    const n = 20000;
    const under = Array.from({ length: n }, () => sampleMs(d, s)).filter((x) => x <= 12).length;
    expect(under / n).toBeGreaterThan(0.985);
    expect(under / n).toBeLessThan(0.995);
  });

  it('never draws a negative delay from a wide normal', () => {
    const s = new RandomStreams(3).stream('d');
    for (let i = 0; i < 5000; i++)
      expect(sampleMs({ dist: 'normal', meanMs: 1, sdMs: 5 }, s)).toBeGreaterThanOrEqual(0);
  });
});
