/**
 * State fingerprints: equal futures collapse (GUIDs renamed by first appearance), different
 * states stay apart (values, order of a Map, the clock).
 */
import { describe, expect, it } from 'vitest';

import type { FingerprintInput } from '../../sim/engine/index.js';
import { canonicalText, fingerprint } from '../../sim/explore/fingerprint.js';

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
