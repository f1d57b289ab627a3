/**
 * Tests of the Perfetto export: the text is trace-event JSON that the Perfetto UI opens, with a
 * named track per node, properly nested slices, and exactly one flow (a flow_out slice on the
 * sender's track and a flow_in slice on the receiver's) per delivered message copy.
 */
import { describe, expect, it } from 'vitest';

import type { TraceFile } from '../../sim/engine/index.js';
import { type ChromeTraceEvent, perfettoJsonText } from '../../sim/report/perfetto.js';
import { readTraceText } from '../../sim/report/read-trace.js';
import { FAULTY, FAULTY_SEEDS, traceOf } from './trace-fixture.js';

const traceOfSeed = (seed: number): TraceFile =>
  readTraceText(traceOf(FAULTY.file, { seed, set: FAULTY.set }).json, 't.json').trace;

/** Parses the export and checks the fields every event of the format needs. */
function parseExport(text: string): ChromeTraceEvent[] {
  const doc = JSON.parse(text) as { traceEvents: ChromeTraceEvent[]; displayTimeUnit: string };
  expect(Array.isArray(doc.traceEvents)).toBe(true);
  expect(doc.displayTimeUnit).toBe('ms');
  for (const e of doc.traceEvents) {
    expect(['X', 'i', 'M', 'C']).toContain(e.ph);
    expect(typeof e.name).toBe('string');
    expect(Number.isInteger(e.pid)).toBe(true);
    if (e.ph !== 'M') expect(Number.isFinite(e.ts)).toBe(true);
    if (e.ph === 'X') {
      expect(Number.isInteger(e.tid)).toBe(true);
      expect(e.dur).toBeGreaterThanOrEqual(1);
    }
    if (e.ph === 'i') expect(['g', 'p', 't']).toContain(e.s);
  }
  return doc.traceEvents;
}

describe('perfettoJsonText', () => {
  it('is valid trace-event JSON with one named track per node', () => {
    const trace = traceOfSeed(1);
    const events = parseExport(perfettoJsonText(trace));
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    for (const n of trace.nodes)
      expect(threads.some((t) => String(t.args?.name).includes(n.label))).toBe(true);
    const tids = threads.map((t) => t.tid);
    expect(new Set(tids).size).toBe(tids.length);
  });

  it('has exactly one flow per delivered message copy, from the sender track to the receiver track', () => {
    let delivered = 0;
    for (const seed of FAULTY_SEEDS) {
      const trace = traceOfSeed(seed);
      const events = parseExport(perfettoJsonText(trace));
      const trackOf = new Map(
        events
          .filter((e) => e.ph === 'M' && e.name === 'thread_name')
          .map((e) => [e.tid, String(e.args?.name)]),
      );
      const outs = events.filter((e) => e.flow_out);
      const ins = events.filter((e) => e.flow_in);
      const deliveries = trace.events.filter((e) => e.type === 'deliver');
      expect(outs.length).toBe(deliveries.length);
      expect(ins.length).toBe(deliveries.length);
      const inById = new Map(ins.map((e) => [e.bind_id, e]));
      expect(new Set(outs.map((e) => e.bind_id)).size).toBe(outs.length);
      expect(inById.size).toBe(ins.length);
      for (const out of outs) {
        const end = inById.get(out.bind_id)!;
        expect(end, `flow ${out.bind_id}`).toBeDefined();
        expect(out.ph).toBe('X');
        expect(end.ph).toBe('X');
        expect(out.ts!).toBeLessThanOrEqual(end.ts!);
        expect(out.args?.msg).toBe(end.args?.msg);
        expect(trackOf.get(out.tid)).toContain(`(${String(end.args?.from)})`);
        expect(trackOf.get(end.tid)).toContain(`(${String(out.args?.to)})`);
      }
      delivered += deliveries.length;
    }
    expect(delivered).toBeGreaterThan(0);
  });

  it('nests the slices of every track properly, as the format requires', () => {
    for (const seed of FAULTY_SEEDS) {
      const events = parseExport(perfettoJsonText(traceOfSeed(seed)));
      const byTrack = new Map<string, ChromeTraceEvent[]>();
      for (const e of events.filter((x) => x.ph === 'X')) {
        const k = `${e.pid}/${e.tid}`;
        byTrack.set(k, [...(byTrack.get(k) ?? []), e]);
      }
      for (const slices of byTrack.values()) {
        for (const a of slices) {
          for (const b of slices) {
            const [a0, a1, b0, b1] = [a.ts!, a.ts! + a.dur!, b.ts!, b.ts! + b.dur!];
            const disjoint = a1 <= b0 || b1 <= a0;
            const nested = (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1);
            expect(disjoint || nested).toBe(true);
          }
        }
      }
    }
  });

  it('marks drops, violations and each move, and keeps virtual microseconds as timestamps', () => {
    let drops = 0;
    for (const seed of FAULTY_SEEDS) {
      const trace = traceOfSeed(seed);
      const events = parseExport(perfettoJsonText(trace));
      const dropEvents = events.filter((e) => e.cat === 'drop');
      expect(dropEvents.length).toBe(trace.events.filter((e) => e.type === 'drop').length);
      expect(events.filter((e) => e.cat === 'violation').length).toBe(
        trace.events.filter((e) => e.type === 'violation').length,
      );
      const requested = trace.outcomes.filter(
        (o) => typeof (o as { requestedAt?: unknown }).requestedAt === 'number',
      );
      expect(events.filter((e) => e.cat === 'move').length).toBe(requested.length);
      const sends = trace.events.filter((e) => e.type === 'send');
      expect(events.filter((e) => e.cat === 'send').map((e) => e.ts)).toEqual(
        sends.map((e) => e.t),
      );
      drops += dropEvents.length;
    }
    expect(drops).toBeGreaterThan(0);
  });
});
