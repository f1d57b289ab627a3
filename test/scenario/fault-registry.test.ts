/**
 * The fault registry is the one place a fault kind is defined: the README's fault table lists
 * every kind, a parsed fault carries its `kind`, and every kind has a description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { describeFault, FAULT_KINDS } from '../../sim/scenario/faults.js';
import { ROOT } from '../cli/helpers.js';
import { MINIMAL_YAML, mustLoad } from './helpers.js';

/** One fault of each kind, as a scenario file writes it. */
const ONE_OF_EACH = `faults:
  - { at: 1s, drop: { step: 9 } }
  - { at: 1s, crash: cbA }
  - { from: 1s, until: 2s, partition: { between: [[cbA], [cbB]] } }
  - { at: 1s, expireJwt: userX }
  - { at: 1s, revokeJwt: userX }
  - { from: 1s, until: 2s, outOfResources: cbB }
  - { wrongCallId: space1, move: m1 }
  - { at: 1s, endCall: space1 }
  - { at: 1s, slowBridge: cbA, factor: 5, for: 10s }
`;

describe('the fault registry', () => {
  it('lists every kind in the README fault table, in the registry order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(\w+)` \| `\{/gm)].map((m) => m[1]);
    expect(rows).toEqual(FAULT_KINDS);
  });

  it('gives each parsed fault its kind, in the order the file writes them, and a description', () => {
    const s = mustLoad(MINIMAL_YAML + ONE_OF_EACH);
    expect(s.faults.map((f) => f.kind)).toEqual(FAULT_KINDS);
    expect(s.faults.map(describeFault)).toEqual([
      'drop the next message of step 9 from 1s',
      'crash cbA at 1s (no restart)',
      'partition cbA <-> cbB from 1s to 2s',
      "expire userX's JWT at 1s",
      "revoke userX's JWT at 1s",
      'cbB out of resources from 1s to 2s',
      'move m1 names the call of space1',
      'end the call of space1 at 1s',
      'cbA processes 5 times slower from 1s for 10s',
    ]);
  });
});
