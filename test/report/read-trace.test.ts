/**
 * Tests of reading traces for export: the whole-file form and the streamed NDJSON form give the
 * same trace (also at the state level, where a bridge's restart writes Maps), a cut-off last
 * line of a stream is skipped with a warning, and everything else that is not a movesim trace
 * is refused with the file and line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NdjsonSink, ndjsonTail } from '../../sim/report/ndjson-sink.js';
import { copyEnds, readTraceText, TraceReadError } from '../../sim/report/read-trace.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { FAULTY, FAULTY_SEEDS, traceOf } from './trace-fixture.js';

const texts = traceOf('scenarios/move-across-bridges.yaml');

describe('readTraceText', () => {
  it('reads trace.json and the streamed form of the same run into the same trace', () => {
    const whole = readTraceText(texts.json, 'trace.json');
    const stream = readTraceText(texts.ndjson, 'trace.ndjson');
    expect(whole.form).toBe('json');
    expect(stream.form).toBe('ndjson');
    expect(stream.trace.events).toEqual(whole.trace.events);
    expect(stream.trace.nodes).toEqual(whole.trace.nodes);
    expect(stream.trace.outcomes).toEqual(whole.trace.outcomes);
    expect(stream.trace.events.length).toBeGreaterThan(10);
    expect(stream.warnings).toEqual([]);
  });

  it("reads both forms of a state-level trace with a bridge's restart into the same events", () => {
    // The restart replaces cbC's whole state, Maps included, in one patch.
    const file = 'scenarios/troubleshoot-b-target-bridge-crash.yaml';
    const crash = traceOf(file, { level: 'state' });
    const whole = readTraceText(crash.json, 'trace.json').trace;
    expect(readTraceText(crash.ndjson, 'trace.ndjson').trace.events).toEqual(whole.events);
    expect(crash.json).toContain('"calls":{"space1":');
    // The real streaming writer, as `run --stream` uses it, writes the same events.
    const dir = mkdtempSync(join(tmpdir(), 'movesim-read-trace-'));
    try {
      const path = join(dir, 'trace.ndjson');
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const sink = NdjsonSink.toFile(path, { scenario: loaded.scenario.name });
      const out = runScenario(loaded.scenario, { traceLevel: 'state', trace: sink });
      sink.finish(ndjsonTail(out));
      const streamed = readTraceText(readFileSync(path, 'utf8'), 'trace.ndjson').trace;
      expect(streamed.events).toEqual(whole.events);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a stream without its final outcomes line (a run still going)', () => {
    const lines = texts.ndjson.trimEnd().split('\n');
    const r = readTraceText(`${lines.slice(0, -1).join('\n')}\n`, 'live.ndjson');
    expect(r.trace.events.length).toBe(lines.length - 2);
    expect(r.trace.outcomes).toEqual([]);
  });

  it('skips a cut-off last line with a warning naming its line', () => {
    const lines = texts.ndjson.trimEnd().split('\n');
    const cut = `${lines.slice(0, 5).join('\n')}\n${lines[5]!.slice(0, 20)}`;
    const r = readTraceText(cut, 'killed.ndjson');
    expect(r.trace.events.length).toBe(4);
    expect(r.warnings).toEqual([
      expect.stringContaining('killed.ndjson:6: the last line is cut off'),
    ]);
  });

  it('refuses a bad line in the middle of a stream, naming the file and line', () => {
    const lines = texts.ndjson.split('\n');
    lines[3] = '{"seq": 2, oops';
    expect(() => readTraceText(lines.join('\n'), 'bad.ndjson')).toThrow(
      /^bad\.ndjson:4: not valid JSON/,
    );
  });

  it('refuses a line after the outcomes line', () => {
    const lines = texts.ndjson.trimEnd().split('\n');
    const moved = [...lines.slice(0, 3), lines.at(-1)!, ...lines.slice(3, -1)].join('\n');
    expect(() => readTraceText(moved, 's.ndjson')).toThrow(
      /s\.ndjson:4: the outcomes\/violations line must be the last line/,
    );
  });

  it('refuses files that are not movesim traces, saying why', () => {
    expect(() => readTraceText('', 'empty.json')).toThrow(/empty\.json: the file is empty/);
    expect(() => readTraceText('name: x\n', 'scenario.yaml')).toThrow(TraceReadError);
    expect(() => readTraceText('{"format":"chrome","events":[]}', 'x.json')).toThrow(
      /"format" is "chrome"/,
    );
    expect(() =>
      readTraceText('{"format":"movesim-trace","version":2,"nodes":[],"events":[]}', 'v2.json'),
    ).toThrow(/version 2 is not supported/);
    const bad = texts.json.replace('"type":"send"', '"type":7');
    expect(() => readTraceText(bad, 't.json')).toThrow(/t\.json: events\[\d+\]: not a trace event/);
  });
});

describe('copyEnds', () => {
  it('gives every sent copy exactly one end, and each deliver or drop event ends exactly one copy', () => {
    let drops = 0;
    let duplicates = 0;
    for (const seed of FAULTY_SEEDS) {
      const { trace } = readTraceText(
        traceOf(FAULTY.file, { seed, set: FAULTY.set }).json,
        't.json',
      );
      const ends = copyEnds(trace.events);
      const sends = trace.events.filter((e) => e.type === 'send');
      expect(ends.size).toBe(sends.length);
      const used = [...ends.values()].flatMap((end) => (end.kind === 'pending' ? [] : [end.event]));
      expect(new Set(used).size).toBe(used.length);
      const terminal = trace.events.filter((e) => e.type === 'deliver' || e.type === 'drop');
      expect(used.length).toBe(terminal.length);
      for (const [send, end] of ends) {
        if (end.kind === 'pending') continue;
        expect(end.event.msg).toBe(send.msg);
        expect(end.event.t).toBe(send.deliverAt);
      }
      drops += trace.events.filter((e) => e.type === 'drop').length;
      duplicates += sends.filter((e) => e.duplicate).length;
    }
    // The seeds tried must show drops and duplicates, or this test would check nothing about them.
    expect(drops).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
  });
});
