/**
 * Tests of the first view of a compact trace (viz/src/first-view.ts, from the trace's opening
 * section): on the shipped scenarios' runs it opens on the move the whole model opens on, keeps
 * the whole run's nodes, outcomes, moves, load lanes and time span, and its messages and marks
 * are exactly the whole model's that the opening move's filter shows (the events of that view);
 * a run with violations gets none; it reads no data (the opening section carries none).
 */
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  compactFirstSection,
  decodeCompactColumns,
  decodeCompactOpening,
} from '../../sim/engine/trace-compact.js';
import { encodeTraceLines } from '../../sim/report/compact-lines.js';
import type { OpeningOptions } from '../../sim/report/compact-opening.js';
import { moveToOpen } from '../../viz/src/causes.js';
import { compactSource } from '../../viz/src/compact-source.js';
import { filterMasks } from '../../viz/src/filter.js';
import { type FirstView, firstView } from '../../viz/src/first-view.js';
import { buildModel, type Model } from '../../viz/src/model.js';
import { traceOf } from '../report/trace-fixture.js';

/**
 * A trace text's compact encoding, with an opening section where the run gets one (`opening`:
 * the encoder's options; every run by default here), read as a page reads it: the whole model,
 * its number of events, and the first view.
 */
function opened(
  text: string,
  opening: OpeningOptions = { minEvents: 0 },
): { whole: Model; n: number; first: FirstView | undefined } {
  const enc = encodeTraceLines(text.split('\n'));
  if (enc === null) throw new Error('the lines were not read as a trace');
  const bytes = Buffer.concat([...enc.encoder.parts(enc.header, opening)]);
  const c = decodeCompactColumns(bytes);
  const src = compactSource(c);
  const whole = buildModel(src.trace, src.warnings);
  const has = compactFirstSection(bytes)?.opening === true;
  return { whole, n: c.n, first: has ? firstView(decodeCompactOpening(bytes)) : undefined };
}

/** The messages and marks of a model that a move's filter shows, as plain rows (no indices). */
function shownEvents(model: Model, move: string): { messages: unknown[]; marks: unknown[] } {
  const masks = filterMasks(model, { move });
  return {
    messages: model.messages
      .filter((_, i) => masks.messages[i] === 1)
      .map(({ index: _i, cause: _c, data: _d, participant: _p, ...m }) => m),
    marks: model.marks
      .filter((_, i) => masks.marks[i] === 1)
      .map(({ index: _i, data: _d, participant: _p, ...k }) => k),
  };
}

/** The seqs of a model's timeline items that are of shown messages and marks. */
function shownSeqs(model: Model, move: string): number[] {
  const masks = filterMasks(model, { move });
  return model.items
    .filter((it) =>
      it.type === 'local'
        ? masks.marks[it.ref] === 1
        : it.type === 'violation'
          ? false
          : masks.messages[it.ref] === 1,
    )
    .map((it) => it.seq);
}

const scenarios = readdirSync('scenarios').filter(
  (f) => f.endsWith('.yaml') && !f.startsWith('large-') && !f.startsWith('breakout-120'),
);

describe('the first view of a compact trace', () => {
  it("opens on the whole model's opening move and shows exactly its events, on every shipped scenario without violations", () => {
    let made = 0;
    let withoutViolations = 0;
    // The last run breaks invariants (no-orphans, old-jwt-deleted): it must get no first view.
    const runs: [string, string[]][] = [
      ...scenarios.map((f): [string, string[]] => [f, []]),
      ['lost-end-websocket.yaml', ['cluster.recovery.sessionCleanup=false']],
    ];
    for (const [file, set] of runs) {
      const { whole, first } = opened(traceOf(`scenarios/${file}`, { seed: 1, set }).json);
      if (whole.violations.length > 0) {
        expect(first, file).toBeUndefined();
        continue;
      }
      withoutViolations++;
      if (first === undefined) {
        expect(moveToOpen(whole), file).toBeUndefined();
        continue;
      }
      made++;
      const m = first.model;
      expect(first.move, file).toBe(moveToOpen(whole));
      expect(moveToOpen(m), file).toBe(first.move);
      expect(m.nodes, file).toEqual(whole.nodes);
      expect(m.outcomes, file).toEqual(whole.outcomes);
      expect([m.t0, m.t1], file).toEqual([whole.t0, whole.t1]);
      expect(m.moves, file).toEqual(whole.moves);
      expect(m.loadSeries, file).toEqual(whole.loadSeries);
      expect(shownEvents(m, first.move), file).toEqual(shownEvents(whole, first.move));
      expect(shownSeqs(m, first.move), file).toEqual(shownSeqs(whole, first.move));
      // Nothing else: every event of the first view is one the filter shows.
      expect(
        m.messages.every((x) => x.move === first.move),
        file,
      ).toBe(true);
      expect(shownEvents(m, first.move).marks.length, file).toBe(m.marks.length);
      // The opening section carries no data: a click before the whole model takes over shows none.
      expect(
        m.messages.every((x) => x.data === undefined),
        file,
      ).toBe(true);
    }
    // The cases above were met: first views made, and runs with violations refused one.
    expect(made).toBeGreaterThanOrEqual(5);
    expect(withoutViolations).toBeLessThan(runs.length);
  });

  it('is made only for runs of at least the given number of events', () => {
    const text = traceOf('scenarios/troubleshoot-b-target-bridge-crash.yaml', { seed: 1 }).json;
    const { n } = opened(text);
    expect(n).toBeGreaterThan(100);
    expect(opened(text, { minEvents: n }).first).toBeDefined();
    expect(opened(text, { minEvents: n + 1 }).first).toBeUndefined();
    // By default only a large run (200,000 events or more) gets one.
    expect(opened(text, {}).first).toBeUndefined();
  });
});
