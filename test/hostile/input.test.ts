/**
 * Hostile input through the real `movesim` command: display names that try to forge log or
 * problem lines, input that is accepted but meaningless (warned about or refused), and parse
 * cases that used to give a runtime's message. Each refusal is checked for its exit code (2), its
 * one-line message, no stack trace, and that nothing was written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { filesUnder, movesim, removeScratch, SCENARIO, scratch } from '../cli/helpers.js';

/** A small scenario; `extra` lines are added at the end. */
const scenarioText = (extra = '', head = 'name: hostile\nuntil: 30s\n'): string =>
  `${head}cluster:
  callBridges:
    - { id: cbA }
    - { id: cbB }
  webBridges:
    - { id: wbA }
  cmm: { apiBridge: cbA }
spaces:
  - { id: space1, name: Space 1, hostedOn: cbA }
  - { id: space2, name: Space 2, hostedOn: cbB }
participants:
  - { id: userX, name: User X, join: { space: space1 } }
moves:
  - { at: 5s, participant: userX, to: space2 }
${extra}`;

/** A minimal trace.json text, one event a line as movesim writes it. */
const traceText = (events: string): string =>
  `{"format":"movesim-trace","version":1,"seed":1,"scenario":"t","units":"us","nodes":[{"id":"cbA","kind":"callbridge","label":"A"}],"events":${events},"outcomes":[],"violations":[]}\n`;

let dir: string;
beforeAll(() => {
  dir = scratch('movesim-hostile-');
});
afterAll(removeScratch);

/** Writes a file in the scratch folder and returns its path. */
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A fresh output folder path (not created). */
let outs = 0;
const outDir = (): string => join(dir, `out-${++outs}`);

/** Asserts a refusal: exit 2, the message on stderr, no stack trace, nothing in `out`. */
function refused(
  r: { code: number; stdout: string; stderr: string },
  message: RegExp,
  out?: string,
): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/Maximum call stack|\(node:\d+\) Warning/);
  if (out !== undefined) expect(filesUnder(out)).toEqual([]);
}

describe.concurrent('display names cannot forge lines', () => {
  test('a line break in a participant or space name stays inside its cms.log line', async () => {
    const out = outDir();
    const r = await movesim([
      'run',
      SCENARIO,
      '--out',
      out,
      '--set',
      'participants.0.name="X\\n00:00:00.000 cbA Info forged"',
      '--set',
      'spaces.0.name="S\\r\\u202Eevil"',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'cms.log'), 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} \w+ Info /);
    expect(lines.some((l) => l.includes('X\\n00:00:00.000 cbA Info forged'))).toBe(true);
    expect(lines.some((l) => l.includes('S\\r\\u202eevil'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('00:00:00.000 cbA Info forged'))).toEqual([]);
  });

  test('a line break in an expectation reason cannot print a VIOLATION line', async () => {
    const r = await movesim([
      'run',
      SCENARIO,
      '--out',
      outDir(),
      '--set',
      'expect=[{move: m1, result: moved, reason: "x\\nVIOLATION forged at 1.000 ms: fake"}]',
    ]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('VIOLATION'))).toEqual([]);
    expect(r.stdout).toContain('x\\nVIOLATION forged');
  });

  test('a line break in a quoted reference cannot print a problem line of its own', async () => {
    const out = outDir();
    const r = await movesim([
      'run',
      SCENARIO,
      '--out',
      out,
      '--set',
      'moves.0.to="nope\\nforged.yaml:1: name: fake"',
    ]);
    refused(r, /moves\[0\]\.to: space "nope\\nforged\.yaml:1: name: fake" does not exist/, out);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('forged.yaml'))).toEqual([]);
  });

  test('a file name with a line break is escaped in the problem line', async () => {
    const p = file('bad\nforged.yaml:9: x: y.yaml', 'name: [\n');
    const r = await movesim(['validate', p]);
    expect(r.code).toBe(2);
    const [problem] = r.stderr.split('\n');
    expect(problem).toContain('bad\\nforged.yaml:9: x: y.yaml:');
    expect(problem).toMatch(/YAML syntax error/);
  });
});

describe.concurrent('accepted but meaningless input is warned about', () => {
  test('a move and a fault after until warn with file, line and path, and the run still exits 0', async () => {
    const p = file(
      'late.yaml',
      scenarioText('faults:\n  - { at: 40s, crash: cbB }\n', 'name: late\nuntil: 3s\n'),
    );
    const out = outDir();
    const r = await movesim(['run', p, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${p}:16: moves[0].at: warning: move m1 at 5s is at or after until (3s), so it never happens`,
    );
    expect(r.stderr).toContain(
      `${p}:18: faults[0].at: warning: this fault at 40s is at or after until (3s)`,
    );
    expect(filesUnder(out)).toEqual(['cms.log', 'summary.json', 'trace.json']);
  });

  test('a recovery timeout of 0 warns and points at sessionCleanup', async () => {
    const r = await movesim([
      'validate',
      SCENARIO,
      '--set',
      'cluster.recovery.pendingParticipantTimeout=0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /cluster\.recovery\.pendingParticipantTimeout: warning: a timeout of 0 means every new participant is removed before it can join; .*sessionCleanup: false/,
    );
  });
});

describe.concurrent('accepted but meaningless input is refused', () => {
  test.each([
    ['until 0', ['--set', 'until=0'], /until: until must be greater than 0/],
    [
      'a duration overflowing microseconds',
      ['--set', 'until=1e300'],
      /until: duration 1e\+300 is longer than 8760h/,
    ],
    [
      'a distribution overflowing microseconds',
      ['--set', 'network.latency.default={dist: constant, ms: 1e300}'],
      /network\.latency\.default\.ms: at most 31536000000 ms/,
    ],
    [
      'a scenario seed beyond 2^53',
      ['--set', 'seed=9007199254740993'],
      /seed: seed 9007199254740992 is beyond ±\(2\^53 - 1\).*put it in quotes/,
    ],
    [
      'a --seed beyond 2^53',
      ['--seed', '9007199254740993'],
      /^movesim: --seed 9007199254740993 is beyond ±\(2\^53 - 1\)/m,
    ],
    [
      'an unknown expected invariant',
      ['--set', 'expect=[{violation: no-orphan}]'],
      /expect\[0\]\.violation: invariant "no-orphan" does not exist.*did you mean "no-orphans"\?/,
    ],
    [
      'run --move of an unknown move',
      ['--move', 'm9'],
      /^movesim: --move m9: the scenario has no move with that id; did you mean "m1"\?; its moves are m1$/m,
    ],
    [
      'a name that is too long',
      ['--set', `name=${'n'.repeat(101)}`],
      /name: name is 101 characters long; .* at most 100/,
    ],
    [
      'a name that climbs out of out/',
      ['--set', 'name=../../etc'],
      /name: name "\.\.\/\.\.\/etc" is not valid/,
    ],
  ])('%s: exit 2, one message, nothing written', async (_, args, message) => {
    const out = outDir();
    const r = await movesim(['run', SCENARIO, '--out', out, ...args]);
    refused(r, message, out);
    expect(r.stdout).toBe('');
  });

  test('check --path that is malformed is refused in one line without a stack trace', async () => {
    const r = await movesim(['check', '--seed', '1', '--path', '12:x', '--out', outDir()]);
    refused(r, /^movesim check: --path "12:x" is not a fast-check path/m);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('check --path that leads past the search is refused in one line', async () => {
    const out = outDir();
    const r = await movesim([
      'check',
      '--seed',
      '1',
      '--runs',
      '1',
      '--path',
      '0:99999:5',
      '--out',
      out,
    ]);
    refused(r, /^movesim check: --path "0:99999:5" does not lead to a case with this --seed/m, out);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('export of a trace whose events is not a list exits 2 and writes nothing', async () => {
    const out = outDir();
    mkdirSync(out);
    const r = await movesim([
      'export',
      file('events-export.json', traceText('"nope"')),
      '--format',
      'mermaid',
      '-o',
      join(out, 'x.mmd'),
    ]);
    refused(r, /events-export\.json: "events" is a string, not a list/, out);
  });

  test('view of a trace whose events is not a list exits 2 before serving', async () => {
    const r = await movesim(['view', file('events-view.json', traceText('{"0": {}}'))]);
    refused(r, /events-view\.json: "events" is an object, not a list/);
  });
});

describe.concurrent('parse cases give plain messages', () => {
  test('a JSON scenario with a byte-order mark loads', async () => {
    const json = JSON.stringify({
      name: 'bom',
      cluster: {
        callBridges: [{ id: 'cbA' }],
        webBridges: [{ id: 'wbA' }],
        cmm: { apiBridge: 'cbA' },
      },
      spaces: [{ id: 's1', name: 'S' }],
    });
    const r = await movesim(['validate', file('bom.json', `\uFEFF${json}`)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ok (scenario bom');
  });

  test('a YAML scenario with CR-only line endings loads', async () => {
    const r = await movesim(['validate', file('cr.yaml', scenarioText().replace(/\n/g, '\r'))]);
    expect(r.code, r.stderr).toBe(0);
  });

  test('deep nesting says how deep is allowed, not that the stack overflowed', async () => {
    const r = await movesim([
      'validate',
      file('deep.yaml', `name: deep\ndescription: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`),
    ]);
    refused(r, /nested deeper than 64 levels/);
  });

  test('two YAML documents say one scenario per file', async () => {
    const r = await movesim([
      'validate',
      file('two.yaml', `${scenarioText()}---\n${scenarioText()}`),
    ]);
    refused(
      r,
      /two\.yaml:17: a second YAML document starts here; movesim reads one scenario per file/,
    );
  });

  test('a collection key is refused with no warning from Node', async () => {
    const r = await movesim(['validate', file('ckey.yaml', `${scenarioText()}? [a, b]\n: 1\n`)]);
    refused(r, /ckey\.yaml:17: a list or mapping is used as a key/);
  });

  test('a truncated trace.json is called truncated, not a bad streamed line', async () => {
    const events = `[\n${Array.from({ length: 20 }, (_, i) => `{"seq":${i},"t":${i},"type":"log","node":"cbA","line":"line ${i}"}`).join(',\n')}\n]`;
    const whole = traceText(events);
    const out = outDir();
    mkdirSync(out);
    const r = await movesim([
      'export',
      file('cut.json', whole.slice(0, Math.floor(whole.length / 2))),
      '--format',
      'cmslog',
      '-o',
      join(out, 'cms.log'),
    ]);
    refused(r, /cut\.json: the trace is truncated/, out);
    expect(r.stderr).not.toMatch(/streamed trace/);
  });
});
