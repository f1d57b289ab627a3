/**
 * Network and node faults on a whole scenario: each changes the run, leaves its evidence in
 * the trace with a reason, and the same seed reproduces it exactly.
 */
import { describe, expect, it } from 'vitest';

import { traceFileText } from '../../sim/report/trace-file.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const run = (set: string[], seed = 1) => {
  const out = runScenario(loadShipped('move-across-bridges', set), {
    seed,
    traceLevel: 'messages',
  });
  return { out, text: traceFileText(out, out.events ?? []) };
};
const baseline = run([]).text;

describe('faults on the move across bridges', () => {
  it('loss drops messages with reason "loss"', () => {
    const { out, text } = run(['network.loss=[{"probability":0.3}]']);
    expect(text).not.toBe(baseline);
    expect(
      (out.events ?? []).filter((e) => e.type === 'drop' && e.reason === 'loss').length,
    ).toBeGreaterThan(0);
    expect(out.outcomes).toHaveLength(1);
  });

  it('duplication delivers marked second copies that the protocol absorbs', () => {
    const { out, text } = run(['network.duplication=[{"probability":0.5}]']);
    expect(text).not.toBe(baseline);
    expect(
      (out.events ?? []).filter((e) => e.type === 'deliver' && e.duplicate === true).length,
    ).toBeGreaterThan(3);
    expect(out.outcomes[0]?.result).toBe('moved');
    expect(out.violations).toEqual([]);
  });

  it('a partition drops the messages that cross it with reason "partition"', () => {
    const { out } = run([
      'faults=[{"from":"5s","until":"6s","partition":{"between":[["cbB"],["cbA"]]}}]',
    ]);
    const drops = (out.events ?? []).filter((e) => e.type === 'drop' && e.reason === 'partition');
    expect(drops.length).toBeGreaterThan(0);
    expect(
      drops.every(
        (e) =>
          e.type === 'drop' && ['cbA', 'cbB'].includes(e.from) && ['cbA', 'cbB'].includes(e.to),
      ),
    ).toBe(true);
    expect(out.outcomes[0]).toMatchObject({ result: 'rejected', reason: 'timeout' });
  });

  it('a crash of the home bridge shows in the trace and drops what is sent to it', () => {
    const { out } = run(['faults=[{"at":"4s","crash":"cbA","restartAfter":"10s"}]']);
    const events = out.events ?? [];
    expect(events.some((e) => e.type === 'local' && e.kind === 'crash' && e.node === 'cbA')).toBe(
      true,
    );
    expect(events.some((e) => e.type === 'local' && e.kind === 'restart' && e.node === 'cbA')).toBe(
      true,
    );
    expect(
      events.some((e) => e.type === 'drop' && e.reason === 'node-down' && e.to === 'cbA'),
    ).toBe(true);
    expect(out.outcomes[0]?.result).not.toBe('moved');
    expect(out.outcomes[0]?.reason).not.toBeNull();
  });

  it('reproduces every fault exactly from the same seed, and differently from another', () => {
    const set = [
      'network.loss=[{"probability":0.2}]',
      'network.duplication=[{"probability":0.2}]',
      'network.delaySpikes=[{"probability":0.2,"extra":"50ms"}]',
    ];
    expect(run(set, 5).text).toBe(run(set, 5).text);
    expect(run(set, 5).text).not.toBe(run(set, 6).text);
  });

  it('ends every move with an outcome and a reason under heavy loss', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { out } = run(['network.loss=[{"probability":0.25}]'], seed);
      const o = out.outcomes[0]!;
      expect(['moved', 'rejected', 'dropped', 'wrong-meeting']).toContain(o.result);
      if (o.result !== 'moved') expect(o.reason, `seed ${seed}`).not.toBeNull();
    }
  });
});
