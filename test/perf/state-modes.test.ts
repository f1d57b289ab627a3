/**
 * The hot path that bypasses immer (`stateMode: 'mutable'`, handlers on live state) gives the
 * identical trace as immer drafts, byte for byte, on a bigger and busier run than the shipped
 * scenarios: the large scenario at 1/100 of its size, with lossy, duplicating, reordering links
 * so retries and recovery paths run too. This proof comes before any runner uses the mutable
 * mode for big runs.
 */
import { describe, expect, it } from 'vitest';

import { largeScenario } from '../../scripts/gen-large.js';
import { ArraySink } from '../../sim/engine/index.js';
import { runScenario } from '../../sim/scenario/run.js';
import { faultyReduced, parseInput } from './helpers.js';

type Obj = Record<string, unknown>;

/** The run's trace as text, one event a line, with its outcomes and violations. */
function traceText(mode: 'immer' | 'mutable', input: Obj): string {
  const sink = new ArraySink();
  const out = runScenario(parseInput(input), {
    traceLevel: 'logs',
    trace: sink,
    stateMode: mode,
    safetyChecks: 'end',
  });
  return [
    ...sink.events.map((e) => JSON.stringify(e)),
    JSON.stringify(out.outcomes),
    JSON.stringify(out.violations),
  ].join('\n');
}

describe('handlers on live state (stateMode mutable)', () => {
  it('give the identical trace as immer drafts on the large scenario at 1/100', () => {
    const input = largeScenario({ scale: 0.01 });
    const a = traceText('immer', input);
    expect(a.split('\n').length).toBeGreaterThan(1000);
    expect(traceText('mutable', input)).toBe(a);
  });

  it('give the identical trace as immer drafts when links lose, duplicate and reorder messages', () => {
    const input = faultyReduced();
    const a = traceText('immer', input);
    expect(a).toMatch(/"type":"drop"/);
    expect(traceText('mutable', input)).toBe(a);
  });
});
