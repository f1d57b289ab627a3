/**
 * Conformance and calibration on the tech note's sample: the sample conforms to the same-bridge
 * model; the old call's teardown moved to +2.4 s is an outlier with the model's p99 beside it;
 * the teardown logged before the websocket move is a divergence with both sides named; and
 * `--fit` finds parameters whose run reproduces the sample's medians within 10 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { STEP } from '../../sim/cms/protocol.js';
import { analyzeText } from '../../sim/logs/analyze.js';
import { buildModel, conform } from '../../sim/logs/conform.js';
import { fitLatency } from '../../sim/logs/fit.js';
import { loadShipped, ROOT } from '../helpers/scenarios.js';

const text = readFileSync(join(ROOT, 'test', 'fixtures', 'logs', 'technote-sample.log'), 'utf8');
const lines = text.trimEnd().split('\n');
const model = buildModel(loadShipped('move-same-bridge'), 30);

/** The sample with its teardown lines (3rd and 4th physical lines) re-timed to `stamp`. */
const retimed = (stamp: string) =>
  [
    lines[0],
    lines[1],
    ...[lines[2]!, lines[3]!].map((l) => l.replace(/15:50:03\.94[78]/g, stamp)),
    lines[4],
  ].join('\n');

describe('conformance with the model', () => {
  it('finds the sample in the model: its order allowed, no gap an outlier', () => {
    const c = conform(analyzeText(text).correlation.moves[0]!, model);
    expect(c.divergence).toBeNull();
    expect(c.gaps.map((g) => [g.milestone, g.outlier])).toEqual([
      ['response', false],
      ['teardown', false],
      ['media', false],
    ]);
  });

  it('flags a teardown at +2.4 s as an outlier, with the model percentile and p99', () => {
    const c = conform(analyzeText(retimed('15:50:06.315')).correlation.moves[0]!, model);
    const teardown = c.gaps.find((g) => g.milestone === 'teardown')!;
    expect(teardown).toMatchObject({ observedMs: 2400, outlier: true, modelPercentile: 100 });
    expect(teardown.modelP99Ms).toBeLessThan(100);
  });

  it('reports a teardown logged before the websocket move as the first divergence', () => {
    const c = conform(analyzeText(retimed('15:50:03.922')).correlation.moves[0]!, model);
    expect(c.divergence).toMatchObject({ observed: STEP.teardown, model: STEP.websocketMove });
  });
});

describe('calibration with --fit', () => {
  it("reproduces the sample's medians within 10 % with the fitted parameters", () => {
    const fit = fitLatency(analyzeText(text).correlation.moves, loadShipped('move-same-bridge'), {
      runs: 20,
    })!;
    expect(fit.withinTenPercent).toBe(true);
    for (const q of fit.quality) expect(Math.abs(q.errorPercent)).toBeLessThanOrEqual(10);
    expect(Object.keys(fit.parameters)).toContain('latency.websocket');
  });

  it('fits a slower path to the home bridge: teardown at +66 ms needs slower websockets', () => {
    const slow = analyzeText(retimed('15:50:03.981')).correlation.moves;
    const fit = fitLatency(slow, loadShipped('move-same-bridge'), { runs: 20 })!;
    const ws = fit.parameters['latency.websocket'] as { medianMs: number };
    expect(ws.medianMs).toBeGreaterThan(12);
    expect(fit.withinTenPercent).toBe(true);
  });
});
