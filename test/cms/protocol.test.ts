/**
 * The step table (`sim/cms/protocol.ts`) is the one place step numbers live: its rows are in
 * order, its log-line names exist in `loglines.ts`, the README's move table matches it, and no
 * other source file in `sim/` or `viz/src` writes a step number in code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { logLine } from '../../sim/cms/loglines.js';
import { KIND, MARK } from '../../sim/cms/messages.js';
import { MOVE_STEP_COUNT, STEP, stepRow, STEPS } from '../../sim/cms/protocol.js';
import type { TraceFile } from '../../sim/engine/index.js';
import { traceToMermaid } from '../../sim/report/mermaid.js';
import { traceToPerfetto } from '../../sim/report/perfetto.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TABLE = 'sim/cms/protocol.ts';

/** Every `.ts` file under `dir`, as paths relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The file's code without its comments: parsed by TypeScript and printed back without them. */
function code(text: string): string {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

/**
 * A step number written in code: an annotation or comparison with a numeric literal
 * (`step: 8`, `step === 8`, `e.step !== 10`, `step ?? 11`), or a step named by number in a
 * string (`'step 10 of'`, `steps 6`). Ids such as `fault-step:9` or `step-10-deletes-old-jwt`
 * are names, not numbers in prose, and do not count.
 */
const STEP_LITERAL =
  /(?<![-\w])step\s*(?:===?|!==?|<=?|>=?|\?\?|:)\s*[1-9]\d*\b|(?<![-\w])steps?\s+[1-9]\d*\b/gi;

describe('the step table', () => {
  it('lists the 11 steps in order, each under its own name', () => {
    expect(MOVE_STEP_COUNT).toBe(11);
    STEPS.forEach((row, i) => {
      expect(row.number).toBe(i + 1);
      expect(STEP[row.id]).toBe(row.number);
      expect(stepRow(row.number)).toBe(row);
    });
    expect(stepRow(0)).toBeUndefined();
    expect(stepRow(undefined)).toBeUndefined();
  });

  it('names only message kinds, mark kinds and log-line shapes that exist', () => {
    const kinds = new Set<string>(Object.values(KIND));
    const marks = new Set<string>(Object.values(MARK));
    for (const row of STEPS) {
      for (const k of row.kinds) expect(kinds.has(k), `${k} of step ${row.number}`).toBe(true);
      for (const k of row.marks) expect(marks.has(k), `${k} of step ${row.number}`).toBe(true);
      for (const l of row.logLines)
        expect(Object.keys(logLine), `${l} of step ${row.number}`).toContain(l);
    }
  });

  it("matches the README's move table: the same steps, in order, naming only the table's kinds and marks", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The move, as movesim models it'));
    const rows = section.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows.map((r) => Number(r.split('|')[1]))).toEqual(STEPS.map((s) => s.number));
    rows.forEach((r, i) => {
      const row = STEPS[i]!;
      const named = [...(r.split('|')[3] ?? '').matchAll(/`([a-z.]+)`/g)].map((m) => m[1]);
      expect(named.length, `README step ${row.number} names its messages`).toBeGreaterThan(0);
      for (const k of named)
        expect([...row.kinds, ...row.marks], `README step ${row.number}`).toContain(k);
    });
  });

  it('is the only source file in sim/ and viz/src that writes a step number in code', () => {
    const offenders: string[] = [];
    for (const file of [...sources('sim'), ...sources('viz/src')]) {
      if (file === TABLE) continue;
      for (const m of code(readFileSync(join(ROOT, file), 'utf8')).matchAll(STEP_LITERAL))
        offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('finds a step number written in code, and none in a comment', () => {
    const hits = (text: string) => [...code(text).matchAll(STEP_LITERAL)].map((m) => m[0]);
    expect(hits('send(a, k, d, { step: 8, move });')).toEqual(['step: 8']);
    expect(hits('if (e.step === 9) x();')).toEqual(['step === 9']);
    expect(hits("const t = 'lost at step 10';")).toEqual(['step 10']);
    expect(hits('// step 8: end websocket\n/* steps 6 to 9 */ f();')).toEqual([]);
    expect(hits('const none = e.step ?? 0;')).toEqual([]);
    expect(hits("labels.add('fault-step:9'); p('step-10-deletes-old-jwt');")).toEqual([]);
  });

  it("gives the exports each step's name as the tech note says it", () => {
    const trace = {
      format: 'movesim-trace',
      version: 1,
      seed: 1,
      scenario: 't',
      units: 'us',
      nodes: [
        { id: 'wbA', kind: 'webbridge', label: 'wbA' },
        { id: 'cbA', kind: 'callbridge', label: 'cbA' },
      ],
      events: [
        {
          seq: 1,
          t: 0,
          type: 'send',
          msg: 1,
          from: 'wbA',
          to: 'cbA',
          kind: 'session.end',
          step: STEP.endSession,
          move: 'm1',
          data: {},
          deliverAt: 5,
        },
      ],
      outcomes: [],
      violations: [],
    } as unknown as TraceFile;
    const name = stepRow(STEP.endSession)!.name;
    expect(traceToMermaid(trace)).toContain(`%% step ${STEP.endSession}: ${name}`);
    expect(JSON.stringify(traceToPerfetto(trace))).toContain(`"stepName":"${name}"`);
  });
});
