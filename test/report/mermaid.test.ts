/**
 * Tests of the Mermaid export: the text is a `sequenceDiagram` with a header, one participant per
 * node, and one arrow per sent message whose label has the step where the message has one; drops
 * are crossed arrows; special characters and awkward node ids cannot break the diagram.
 */
import { describe, expect, it } from 'vitest';

import type { TraceFile } from '../../sim/engine/index.js';
import { mermaidText, traceToMermaid } from '../../sim/report/mermaid.js';
import { copyEnds, readTraceText } from '../../sim/report/read-trace.js';
import { FAULTY, FAULTY_SEEDS, traceOf } from './trace-fixture.js';

const ARROW = /^ {2}(\w+)(->>|-x)(\w+): (.+)$/;
const PARTICIPANT = /^ {2}(participant|actor) (\w+) as (.+)$/;
const NOTE = /^ {2}Note over (\w+)(?:,(\w+))?: (.+)$/;

/** Splits a diagram into its header, participants, arrows and notes, failing on any other line. */
function parse(text: string) {
  const lines = text.trimEnd().split('\n');
  const participants = new Map<string, string>();
  const arrows: { from: string; arrow: string; to: string; label: string }[] = [];
  const notes: string[] = [];
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = PARTICIPANT.exec(line))) participants.set(m[2]!, m[3]!);
    else if ((m = ARROW.exec(line)))
      arrows.push({ from: m[1]!, arrow: m[2]!, to: m[3]!, label: m[4]! });
    else if ((m = NOTE.exec(line))) notes.push(m[3]!);
    else if (!/^ {2}%%/.test(line)) throw new Error(`not a sequence diagram line: ${line}`);
  }
  return { header: lines[0], participants, arrows, notes };
}

const traceOfSeed = (seed: number): TraceFile =>
  readTraceText(traceOf(FAULTY.file, { seed, set: FAULTY.set }).json, 't.json').trace;

describe('traceToMermaid', () => {
  it('writes a sequenceDiagram with every node as a participant and one arrow per sent message, in trace order', () => {
    for (const seed of FAULTY_SEEDS) {
      const trace = traceOfSeed(seed);
      const d = parse(traceToMermaid(trace));
      expect(d.header).toBe('sequenceDiagram');
      expect([...d.participants.keys()]).toEqual(trace.nodes.map((n) => n.id));
      const sends = trace.events.filter((e) => e.type === 'send');
      expect(d.arrows.length).toBe(sends.length);
      sends.forEach((s, i) => {
        const a = d.arrows[i]!;
        expect([a.from, a.to]).toEqual([s.from, s.to]);
        expect(a.label).toContain(s.kind);
        if (s.step !== undefined) expect(a.label).toMatch(new RegExp(`^step ${s.step} `));
        else expect(a.label).not.toMatch(/^step /);
      });
    }
  });

  it('draws exactly the dropped copies as crossed arrows, with the reason', () => {
    let crossed = 0;
    for (const seed of FAULTY_SEEDS) {
      const trace = traceOfSeed(seed);
      const d = parse(traceToMermaid(trace));
      const ends = [...copyEnds(trace.events).values()];
      d.arrows.forEach((a, i) => {
        const end = ends[i]!;
        expect(a.arrow).toBe(end.kind === 'dropped' ? '-x' : '->>');
        if (end.kind === 'dropped') expect(a.label).toContain(`DROPPED (${end.event.reason})`);
      });
      crossed += d.arrows.filter((a) => a.arrow === '-x').length;
    }
    expect(crossed).toBeGreaterThan(0);
  });

  it('notes the local marks of steps 4 and 10 of a move, and keeps only that move with --move', () => {
    const { trace } = readTraceText(traceOf('scenarios/move-across-bridges.yaml').json, 't.json');
    const d = parse(traceToMermaid(trace, { move: 'm1' }));
    const moveSends = trace.events.filter((e) => e.type === 'send' && e.move === 'm1');
    expect(d.arrows.length).toBe(moveSends.length);
    expect(d.arrows.length).toBeLessThan(trace.events.filter((e) => e.type === 'send').length);
    expect(d.notes.some((n) => n.startsWith('step 4 placement'))).toBe(true);
    expect(d.notes.some((n) => n.startsWith('step 10 teardown'))).toBe(true);
    const steps = new Set(
      d.arrows.flatMap((a) => {
        const m = /^step (\d+) /.exec(a.label);
        return m ? [Number(m[1])] : [];
      }),
    );
    for (const s of [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]) expect(steps.has(s), `step ${s}`).toBe(true);
  });

  it('escapes text Mermaid would read as syntax and aliases node ids that are not plain names or are keywords', () => {
    const trace: TraceFile = {
      format: 'movesim-trace',
      version: 1,
      seed: 1,
      scenario: 'odd',
      units: 'us',
      nodes: [
        { id: 'end', kind: 'callbridge', label: 'End; #1 <b>' },
        { id: 'cb-2', kind: 'callbridge', label: 'CB 2' },
      ],
      events: [
        {
          seq: 0,
          t: 5,
          type: 'send',
          msg: 1,
          from: 'end',
          to: 'cb-2',
          kind: 'x;y#z<w>',
          deliverAt: 9,
        },
      ],
      outcomes: [],
      violations: [],
    };
    const text = traceToMermaid(trace);
    const d = parse(text);
    expect([...d.participants.keys()]).toEqual(['n1', 'n2']);
    expect(d.participants.get('n1')).toBe(mermaidText('End; #1 <b>'));
    expect(d.arrows).toHaveLength(1);
    expect(d.arrows[0]!.label.replace(/#(\d+|lt|gt);/g, '')).not.toMatch(/[;#<>]/);
    expect(mermaidText('a;b#c<d>e\nf')).toBe('a#59;b#35;c#lt;d#gt;e\\nf');
  });
});
