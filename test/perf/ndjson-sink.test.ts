/**
 * Tests of the streamed trace (NDJSON): the same run streamed to a file and kept in memory gives
 * the same events, line for line, the same header and the same outcomes; the bytes do not depend
 * on the buffer size; the exporters' reader reads it as the same trace as `trace.json`; and the
 * sink refuses to be used out of order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { largeScenario } from '../../scripts/gen-large.js';
import type { TraceLevel } from '../../sim/engine/index.js';
import { NdjsonSink, ndjsonTail } from '../../sim/report/ndjson-sink.js';
import { readTraceText } from '../../sim/report/read-trace.js';
import { traceFileText, traceHeader } from '../../sim/report/trace-file.js';
import { type RunOptions, runScenario } from '../../sim/scenario/run.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { loadShipped } from '../helpers/scenarios.js';
import { parseInput } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'movesim-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Runs `scenario` streaming to a new file; returns the run and the file's text. */
function streamed(
  scenario: Scenario,
  level: TraceLevel,
  options: RunOptions = {},
  bufferChars?: number,
  writerThread = false,
) {
  const path = join(dir, `trace-${files++}.ndjson`);
  const sink = NdjsonSink.toFile(path, {
    scenario: scenario.name,
    writerThread,
    ...(bufferChars === undefined ? {} : { bufferChars }),
  });
  const out = runScenario(scenario, { ...options, traceLevel: level, trace: sink });
  sink.finish(ndjsonTail(out));
  return { out, text: readFileSync(path, 'utf8'), sink };
}

const small = loadShipped('move-across-bridges');
const reduced = parseInput(largeScenario({ scale: 0.01 }));

describe('a streamed trace', () => {
  it.each([
    ['move-across-bridges', 'state', small],
    ['move-across-bridges', 'logs', small],
    ['the large scenario at 1/100', 'messages', reduced],
  ] as const)(
    'of %s at the %s level holds the in-memory trace event for event',
    (_name, level, scenario) => {
      const memory = runScenario(scenario, { traceLevel: level, safetyChecks: 'end' });
      const { text, out } = streamed(scenario, level, { safetyChecks: 'end' });
      const lines = text.trimEnd().split('\n');
      const events = memory.events ?? [];
      expect(events.length).toBeGreaterThan(0);
      expect(lines.length).toBe(events.length + 2);
      lines.slice(1, -1).forEach((line, i) => expect(line).toBe(JSON.stringify(events[i])));
      const h = traceHeader(memory);
      expect(JSON.parse(lines[0]!)).toEqual({
        format: 'movesim-trace',
        version: 1,
        seed: h.seed,
        scenario: h.scenario,
        units: 'us',
        nodes: h.nodes,
      });
      expect(JSON.parse(lines.at(-1)!)).toEqual(
        JSON.parse(
          JSON.stringify({ outcomes: h.outcomes, violations: h.violations, meta: h.meta }),
        ),
      );
      expect(out.events).toBeUndefined();
    },
  );

  it('reads back, with the exporters reader, as the same trace as trace.json', () => {
    const memory = runScenario(small, { traceLevel: 'messages' });
    const { text } = streamed(small, 'messages');
    const fromJson = readTraceText(traceFileText(memory, memory.events ?? []), 'trace.json');
    const fromStream = readTraceText(text, 'trace.ndjson');
    expect(fromStream.form).toBe('ndjson');
    expect(fromStream.warnings).toEqual([]);
    expect(fromStream.trace).toEqual(fromJson.trace);
  });

  it('has the same bytes whatever its buffer size, and when written on a worker thread', () => {
    const tiny = streamed(small, 'state', {}, 1).text;
    const big = streamed(small, 'state', {}, 1 << 24).text;
    expect(tiny).toBe(big);
    expect(tiny).toBe(streamed(small, 'state').text);
    expect(tiny).toBe(streamed(small, 'state', {}, undefined, true).text);
    const reducedOnThread = streamed(
      reduced,
      'state',
      { safetyChecks: 'end' },
      undefined,
      true,
    ).text;
    expect(reducedOnThread.length).toBeGreaterThan(1 << 20);
    expect(reducedOnThread).toBe(streamed(reduced, 'state', { safetyChecks: 'end' }).text);
  });

  it('of a run with the trace off holds only the header and the outcomes line', () => {
    const { text, sink } = streamed(small, 'off');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!).format).toBe('movesim-trace');
    expect(JSON.parse(lines[1]!).outcomes).toHaveLength(1);
    expect(sink.events).toBe(0);
  });
});

describe('the NDJSON sink', () => {
  it('refuses an event before the run has written the header, saying how to use it', () => {
    const sink = NdjsonSink.toFile(join(dir, 'early.ndjson'), { scenario: 'x' });
    expect(() => sink.write({ seq: 0, t: 0, type: 'log', node: 'n', line: 'hello' })).toThrow(
      /before its header.*`trace`/,
    );
  });

  it('refuses to be finished after it was aborted', () => {
    const path = join(dir, `aborted-${files++}.ndjson`);
    const sink = NdjsonSink.toFile(path, { scenario: small.name, writerThread: true });
    sink.begin({ seed: 1, nodes: [] });
    sink.write({ seq: 0, t: 0, type: 'log', node: 'n', line: 'hello' });
    sink.abort();
    expect(() => sink.finish({ outcomes: [], violations: [] })).toThrow(
      /aborted; it cannot be finished/,
    );
  });

  it('refuses to be finished twice', () => {
    const { sink } = streamed(small, 'off');
    expect(() => sink.finish({ outcomes: [], violations: [] })).toThrow(/already finished/);
  });
});
