/**
 * State fingerprints: equal futures collapse (GUIDs renamed by first appearance), different
 * states stay apart (values, order of a Map, the clock), and the incremental hashed fingerprints
 * a search uses partition states exactly as the full canonical text does (across restored
 * snapshots, the search tests compare counts with re-execution).
 */
import { describe, expect, it } from 'vitest';

import type { FingerprintInput } from '../../sim/engine/index.js';
import { canonicalText, fingerprint } from '../../sim/explore/fingerprint.js';
import { Fingerprinter } from '../../sim/explore/state-hash.js';
import { buildSimulation } from '../../sim/scenario/build.js';
import { loadShipped } from '../helpers/scenarios.js';

const A = '0a1b2c3d-0000-4000-8000-000000000001';
const B = '0a1b2c3d-0000-4000-8000-000000000002';

/** A state with one node whose state is `state`, at time `now`. */
const at = (state: unknown, now = 5): FingerprintInput => ({
  now,
  nextMessageId: undefined,
  nodes: [['n', true, 0, 1, state, []]],
  links: [],
  pending: [],
});

describe('state fingerprints', () => {
  it('collapse two states that differ only in which GUID went where', () => {
    const one = at({ calls: new Map([[A, { p: B }]]), last: A });
    const other = at({ calls: new Map([[B, { p: A }]]), last: B });
    expect(canonicalText(one)).toBe(canonicalText(other));
    expect(fingerprint(one)).toBe(fingerprint(other));
  });

  it('keep apart GUIDs used differently, a Map in another order, other values and times', () => {
    const base = fingerprint(
      at({
        calls: new Map([
          [A, 1],
          [B, 2],
        ]),
        last: A,
      }),
    );
    expect(
      fingerprint(
        at({
          calls: new Map([
            [A, 1],
            [B, 2],
          ]),
          last: B,
        }),
      ),
    ).not.toBe(base);
    expect(
      fingerprint(
        at({
          calls: new Map([
            [B, 2],
            [A, 1],
          ]),
          last: A,
        }),
      ),
    ).not.toBe(base);
    expect(
      fingerprint(
        at({
          calls: new Map([
            [A, 1],
            [B, 3],
          ]),
          last: A,
        }),
      ),
    ).not.toBe(base);
    expect(
      fingerprint(
        at(
          {
            calls: new Map([
              [A, 1],
              [B, 2],
            ]),
            last: A,
          },
          6,
        ),
      ),
    ).not.toBe(base);
  });

  it('tell a Set, an array, a missing value and a string apart', () => {
    const texts = [new Set([1]), [1], undefined, '1', 1, null].map((v) => canonicalText(at(v)));
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('incremental fingerprints', () => {
  it('partition the states of explored runs exactly as the canonical text does', () => {
    const scenario = loadShipped('move-across-bridges');
    const build = () => buildSimulation(scenario, { traceLevel: 'off', stateMode: 'mutable' }).sim;
    const byText = new Map<string, string>();
    const byKey = new Map<string, string>();
    let crashes = 0;
    // Runs that lose the message due at step `drop`, or crash a call bridge there.
    for (let drop = 0; drop < 60; drop += 6) {
      for (const crash of [false, true]) {
        const sim = build();
        const fp = new Fingerprinter();
        for (let step = 0; ; step++) {
          const text = canonicalText(sim.fingerprintInput());
          const key = fp.of(sim.fingerprintInput()).join(':');
          expect(byText.get(text) ?? key).toBe(key);
          expect(byKey.get(key) ?? text).toBe(text);
          byText.set(text, key);
          byKey.set(key, text);
          const next = sim.nextEvent();
          if (typeof next === 'string') break;
          if (step === drop && crash && sim.crashNow('cbA', 1_000_000) !== undefined) {
            fp.touched('cbA');
            crashes++;
          } else if (step === drop && !crash && next.steerable) sim.dropNext();
          else {
            sim.stepNext();
            fp.touched(next.node);
          }
        }
      }
    }
    // Many states, some reached twice (the runs share their prefixes), and crashes among them.
    expect(byText.size).toBeGreaterThan(500);
    expect(crashes).toBeGreaterThan(3);
  });
});
