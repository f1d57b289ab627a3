/**
 * The JSON text of trace events is what `JSON.stringify` with `mapsAsJson` writes, for every
 * event of every shipped scenario and of a fault-heavy run; message and mark data hold no Map.
 */
import { describe, expect, it } from 'vitest';

import type { TraceEvent } from '../../sim/engine/index.js';
import { eventJson } from '../../sim/report/event-json.js';
import { mapsAsJson } from '../../sim/report/maps-as-json.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped, smallShippedScenarios } from '../helpers/scenarios.js';

const SHIPPED = smallShippedScenarios();

function mismatches(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const fast = eventJson(e);
    const reference = JSON.stringify(e, mapsAsJson);
    if (fast !== reference) out.push(`${fast}\n  !== ${reference}`);
  }
  return out;
}

describe('the JSON text of trace events', () => {
  it.each(SHIPPED)('is what trace.json writes for every event of %s at the state level', (name) => {
    const out = runScenario(loadShipped(name), { traceLevel: 'state' });
    const events = out.events ?? [];
    expect(events.some((e) => e.type === 'send')).toBe(true);
    expect(mismatches(events)).toEqual([]);
  });

  it('is what trace.json writes for drops, duplicates, odd strings, Maps and Sets', () => {
    const scenario = loadShipped('breakout-120', [
      'network.loss=[{ probability: 0.05 }]',
      'network.duplication=[{ probability: 0.3 }]',
      'network.reorder=[{ probability: 0.2, maxExtra: 50ms }]',
    ]);
    const out = runScenario(scenario, { traceLevel: 'messages', seed: 3 });
    const events = out.events ?? [];
    const kinds = new Set<string>(
      events.map((e) => (e.type === 'send' && e.duplicate === true ? 'duplicate' : e.type)),
    );
    for (const kind of ['send', 'deliver', 'drop', 'duplicate'])
      expect(kinds.has(kind), kind).toBe(true);
    const odd: TraceEvent = {
      msg: 1,
      from: 'a"b',
      to: 'c\\d',
      kind: 'k\n\u0001\ud800',
      move: 'm\u2028',
      data: { x: [1, 'é'] },
      seq: 0,
      t: 5,
      type: 'drop',
      reason: 'why "not"',
    };
    const withMaps: TraceEvent = {
      seq: 1,
      t: 6,
      type: 'state',
      node: 'n',
      patches: [
        { op: 'replace', path: [], value: { m: new Map([['k', { s: new Set([1, 2]) }]]) } },
      ],
    };
    expect(JSON.stringify(withMaps, mapsAsJson)).toContain('{"k":{"s":[1,2]}}');
    const emptyButPlain: TraceEvent = {
      seq: 2,
      t: 7,
      type: 'state',
      node: 'n',
      patches: [{ op: 'add', path: ['a'], value: { empty: {}, text: '{}' } }],
    };
    const emptyMapAndSet: TraceEvent = {
      seq: 3,
      t: 8,
      type: 'state',
      node: 'n',
      patches: [{ op: 'add', path: ['b'], value: [new Map(), new Set()] }],
    };
    expect(eventJson(emptyButPlain)).toBe(
      '{"seq":2,"t":7,"type":"state","node":"n","patches":[{"op":"add","path":["a"],"value":{"empty":{},"text":"{}"}}]}',
    );
    expect(eventJson(emptyMapAndSet)).toContain('"value":[{},[]]');
    expect(mismatches([...events, odd, withMaps, emptyButPlain, emptyMapAndSet])).toEqual([]);
  });

  it.each(SHIPPED)(
    'finds only JSON values (no Map or Set) in the message and mark data of %s',
    (name) => {
      const out = runScenario(loadShipped(name), { traceLevel: 'logs' });
      const offenders: string[] = [];
      const walk = (v: unknown, where: string): void => {
        if (v instanceof Map || v instanceof Set) offenders.push(where);
        else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
        else if (v !== null && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
      };
      for (const e of out.events ?? [])
        if ('data' in e) walk(e.data, `${e.type} ${'kind' in e ? e.kind : ''} data`);
      expect(offenders).toEqual([]);
    },
  );
});
