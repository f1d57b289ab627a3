/**
 * Tests of the compact encoding's opening section (version 4, sim/report/compact-opening.ts):
 * it names the move the run opens on (sim/engine/trace-opening.ts's rule), holds exactly that
 * move's events, the ends of the messages it sent and the cause marks, with the whole run's
 * header and time span, checked against the trace's own events; every reader reads the same
 * trace with it as without it; it is left out where the opening view could differ (violations,
 * state events) and for small runs; a version 3 encoding still reads; a page reading the served
 * bytes as they arrive (viz/src/stream-rest.ts) is given the opening section before the main.
 */
import { describe, expect, it } from 'vitest';

import type { TraceEvent } from '../../sim/engine/index.js';
import {
  compactFirstSection,
  decodeCompactBytes,
  decodeCompactColumns,
  decodeCompactOpening,
  forEachCompactEvent,
} from '../../sim/engine/trace-compact.js';
import { isCauseKind, openingMove, openingOutcome } from '../../sim/engine/trace-opening.js';
import { encodeTraceLines } from '../../sim/report/compact-lines.js';
import type { OpeningOptions } from '../../sim/report/compact-opening.js';
import { readMain } from '../../viz/src/stream-rest.js';
import { traceOf } from './trace-fixture.js';

/** A trace text's compact bytes (`parts`), with the encoder's opening options. */
function bytesOf(text: string, opening?: OpeningOptions): Buffer {
  const enc = encodeTraceLines(text.split('\n'));
  if (enc === null) throw new Error('the lines were not read as a trace');
  return Buffer.concat([...enc.encoder.parts(enc.header, opening)]);
}

const CRASH = 'scenarios/troubleshoot-b-target-bridge-crash.yaml';

/** The events the opening section should hold, picked from the trace's own events. */
function expectedOpening(events: readonly TraceEvent[], move: string): TraceEvent[] {
  const sent = new Set<number>();
  return events.filter((e) => {
    const r = e as unknown as { move?: string; msg?: number; kind?: string };
    if (r.move === move) {
      if (e.type === 'send') sent.add(r.msg!);
      return true;
    }
    if (e.type === 'local') return r.move === undefined && isCauseKind(r.kind ?? '');
    return (e.type === 'deliver' || e.type === 'drop') && sent.has(r.msg!);
  });
}

/** An event's fields that the opening keeps (no data, no log line), as the columns give them. */
function shape(e: Record<string, unknown>): Record<string, unknown> {
  const keys = ['seq', 't', 'type', 'msg', 'from', 'to', 'node', 'kind', 'reason', 'step', 'move'];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (e[k] !== undefined) out[k] = e[k];
  if (e.type === 'send') out.deliverAt = e.deliverAt;
  if (e.duplicate === true) out.duplicate = true;
  return out;
}

describe('the opening section of the compact encoding', () => {
  it('comes first, names the move the run opens on, carries the header but the re-run scenario, and every reader reads the same trace with it as without it', () => {
    const text = traceOf(CRASH, { seed: 1 }).json;
    const plain = bytesOf(text);
    const withOpening = bytesOf(text, { minEvents: 0 });
    expect(compactFirstSection(plain)?.opening).toBe(false);
    const first = compactFirstSection(withOpening)!;
    expect(first.opening).toBe(true);
    // The rest is the encoding without an opening section, byte for byte.
    expect(withOpening.subarray(first.end).equals(plain)).toBe(true);
    expect(decodeCompactBytes(withOpening)).toEqual(decodeCompactBytes(plain));
    const trace = decodeCompactBytes(plain);
    const opening = decodeCompactOpening(withOpening);
    const move = openingMove(trace.outcomes.flatMap((o) => openingOutcome(o) ?? []));
    expect(move).toBeDefined();
    expect(opening.move).toBe(move);
    // This run's target call bridge crashes: the move it opens on is not `moved`.
    const outcome = trace.outcomes.find((o) => (o as { move: string }).move === move);
    expect((outcome as { result: string }).result).not.toBe('moved');
    // The whole header but the scenario a what-if runs again (read with the whole run).
    const header = decodeCompactColumns(plain).header;
    const { rerun, ...meta } = header.meta!;
    expect(rerun).toBeDefined();
    expect(opening.header).toEqual({ ...header, meta });
  });

  it("holds exactly the move's events, the ends of the messages it sent and the cause marks, with the run's time span", () => {
    const text = traceOf(CRASH, { seed: 1 }).json;
    const trace = decodeCompactBytes(bytesOf(text));
    const opening = decodeCompactOpening(bytesOf(text, { minEvents: 0 }));
    const want = expectedOpening(trace.events, opening.move);
    const got: Record<string, unknown>[] = [];
    forEachCompactEvent(opening, (e) => {
      expect(e.dataRef).toBe(-1);
      got.push(shape({ ...e }));
    });
    expect(got).toEqual(want.map((e) => shape(e as unknown as Record<string, unknown>)));
    // The rare cases are there: cause marks, and ends of the move's messages that are drops.
    const causes = want.filter((e) => e.type === 'local' && !('move' in e && e.move));
    expect(causes.length).toBeGreaterThan(0);
    expect(want.filter((e) => e.type === 'drop').length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(trace.events.length);
    const ends = trace.events.map((e) => (e.type === 'send' ? e.deliverAt : e.t));
    const times = trace.events.map((e) => e.t);
    expect(opening.span).toEqual([Math.min(...times), Math.max(...ends, ...times)]);
  });

  it('is left out for a run with violations, a trace with state events, and a run below the size asked', () => {
    const violating = traceOf('scenarios/lost-end-websocket.yaml', {
      seed: 1,
      set: ['cluster.recovery.sessionCleanup=false'],
    }).json;
    expect(decodeCompactBytes(bytesOf(violating)).violations.length).toBeGreaterThan(0);
    expect(compactFirstSection(bytesOf(violating, { minEvents: 0 }))?.opening).toBe(false);
    const states = traceOf(CRASH, { seed: 1, level: 'state' }).json;
    expect(decodeCompactBytes(bytesOf(states)).events.some((e) => e.type === 'state')).toBe(true);
    expect(compactFirstSection(bytesOf(states, { minEvents: 0 }))?.opening).toBe(false);
    const text = traceOf(CRASH, { seed: 1 }).json;
    const n = decodeCompactColumns(bytesOf(text)).n;
    expect(compactFirstSection(bytesOf(text, { minEvents: n }))?.opening).toBe(true);
    expect(compactFirstSection(bytesOf(text, { minEvents: n + 1 }))?.opening).toBe(false);
    // The default: only runs of 200,000 events or more.
    expect(compactFirstSection(bytesOf(text, {}))?.opening).toBe(false);
  });

  it('still reads version 3 (the same layout, with no opening section), and refuses a cut-off opening section', () => {
    const text = traceOf(CRASH, { seed: 1 }).json;
    const plain = bytesOf(text);
    const v3 = Buffer.from(
      plain.toString('latin1').replace('"version":4', '"version":3'),
      'latin1',
    );
    expect(v3.equals(plain)).toBe(false);
    expect(decodeCompactBytes(v3)).toEqual(decodeCompactBytes(plain));
    const withOpening = bytesOf(text, { minEvents: 0 });
    const end = compactFirstSection(withOpening)!.end;
    expect(() => decodeCompactColumns(withOpening.subarray(0, end - 8))).toThrow(/damaged/);
    expect(() => decodeCompactOpening(plain)).toThrow(/does not start with an opening section/);
  });

  it('is handed to a page reading the served bytes as they arrive before the main section, whatever the chunk size', async () => {
    const text = traceOf(CRASH, { seed: 1 }).json;
    const bytes = new Uint8Array(bytesOf(text, { minEvents: 0 }));
    const openingEnd = compactFirstSection(bytes)!.end;
    const mainEnd = openingEnd + compactFirstSection(bytes.subarray(openingEnd))!.end;
    for (const size of [7, 4096, bytes.length]) {
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let at = 0; at < bytes.length; at += size) c.enqueue(bytes.slice(at, at + size));
          c.close();
        },
      });
      const openings: Uint8Array[] = [];
      const first = await readMain(stream.getReader(), (o) => openings.push(o));
      expect(openings.map((o) => Buffer.from(o))).toEqual([
        Buffer.from(bytes.subarray(0, openingEnd)),
      ]);
      if (!('main' in first)) throw new Error(`chunks of ${size}: no main section`);
      expect(Buffer.from(first.main).equals(Buffer.from(bytes.subarray(openingEnd, mainEnd)))).toBe(
        true,
      );
      // What was read after the main section is the start of the text section.
      expect(
        Buffer.from(first.head).equals(
          Buffer.from(bytes.subarray(mainEnd, mainEnd + first.head.length)),
        ),
      ).toBe(true);
    }
  });
});
