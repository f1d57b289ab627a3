/**
 * Unit tests of the input limits and escapes behind test/hostile/input.test.ts: keeping outside
 * text on one line, seeds within 2^53, the longest duration, the nesting limit, the text
 * normalisation, scenario warnings with their lines, and trace reading errors.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, test } from 'vitest';

import { checkPathProblem } from '../../sim/cli/check-path.js';
import { cmsLogLine, cmsLogTo } from '../../sim/report/cmslog.js';
import { readTraceText } from '../../sim/report/read-trace.js';
import { MAX_DURATION_MS, parseDurationMs } from '../../sim/scenario/duration.js';
import { formatWarning, loadScenarioText } from '../../sim/scenario/load.js';
import { oneLine } from '../../sim/scenario/one-line.js';
import { readSeedOption, seedProblem } from '../../sim/scenario/seed.js';
import { MAX_NESTING, nestedTooDeep, normalizeText } from '../../sim/scenario/text-shape.js';

const SCENARIO = readFileSync(
  new URL('../../scenarios/move-across-bridges.yaml', import.meta.url),
  'utf8',
);

describe('oneLine', () => {
  test('returns ordinary text unchanged, the very same string', () => {
    const names = ['Space 1 (webapp.com)', 'User X', 'Ünïcödé — “quotes” 日本', 'back\\slash'];
    for (const n of names) expect(oneLine(n)).toBe(n);
  });

  test('writes line breaks, controls, separators and bidi overrides as visible escapes', () => {
    expect(oneLine('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(oneLine('\u0000\u001b\u007f\u0085')).toBe('\\x00\\x1b\\x7f\\x85');
    expect(oneLine('x\u2028y\u2029z\u202ew\u2066')).toBe('x\\u2028y\\u2029z\\u202ew\\u2066');
  });

  test('leaves no character that can end a line, for every code unit below U+3000', () => {
    let escaped = 0;
    for (let c = 0; c < 0x3000; c++) {
      const s = oneLine(`a${String.fromCharCode(c)}b`);
      expect(s).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
      if (s.length > 3) escaped++;
    }
    expect(escaped).toBe(32 + 1 + 32 + 2 + 5 + 4);
  });
});

describe('cms.log lines', () => {
  test('a name with a line break cannot start a line of its own, in both writers', () => {
    const line = 'allocated for u / "X\n00:00:00.000 cbA Info forged"';
    const written: string[] = [];
    cmsLogTo((t) => written.push(t))(1000, 'cbA', line);
    for (const text of [cmsLogLine(1000, 'cbA', line), written[0]!]) {
      expect(text.split('\n')).toHaveLength(2);
      expect(text).toBe(
        '00:00:00.001 cbA Info allocated for u / "X\\n00:00:00.000 cbA Info forged"\n',
      );
    }
  });
});

describe('seeds', () => {
  test('--seed keeps safe integers as numbers and other text as strings', () => {
    expect(readSeedOption('42')).toEqual({ ok: true, seed: 42 });
    expect(readSeedOption('-9007199254740991')).toEqual({ ok: true, seed: -9007199254740991 });
    expect(readSeedOption('abc')).toEqual({ ok: true, seed: 'abc' });
  });

  test('--seed refuses integers beyond 2^53 - 1 instead of rounding them', () => {
    for (const text of [
      '9007199254740992',
      '9007199254740993',
      '-9007199254740993',
      '1'.repeat(400),
    ]) {
      const r = readSeedOption(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('where numbers are rounded');
    }
  });

  test('a scenario seed beyond 2^53 - 1 is refused, and the same digits in quotes load as a string seed', () => {
    expect(seedProblem(2 ** 53)).toMatch(/put it in quotes/);
    expect(seedProblem(1.5)).toMatch(/not an integer/);
    const quoted = loadScenarioText(
      SCENARIO.replace('seed: 1', 'seed: "9007199254740993"'),
      'x.yaml',
    );
    expect(quoted.ok && quoted.scenario.seed).toBe('9007199254740993');
    const bare = loadScenarioText(SCENARIO.replace('seed: 1', 'seed: 9007199254740993'), 'x.yaml');
    expect(bare.ok).toBe(false);
  });
});

describe('durations', () => {
  test('8760h is the longest duration, in every unit', () => {
    expect(parseDurationMs('8760h')).toBe(MAX_DURATION_MS);
    expect(parseDurationMs(MAX_DURATION_MS)).toBe(MAX_DURATION_MS);
    expect(() => parseDurationMs('8761h')).toThrow(/longer than 8760h/);
    expect(() => parseDurationMs(MAX_DURATION_MS + 1)).toThrow(/longer than 8760h/);
    expect(() => parseDurationMs('31536000000001us')).toThrow(/longer than 8760h/);
  });

  test('the longest durations summed stay exact microseconds', () => {
    expect(Number.isSafeInteger(MAX_DURATION_MS * 1000 * 100)).toBe(true);
  });
});

describe('text shape', () => {
  test('a byte-order mark is removed and CR-only line ends become line feeds, keeping offsets', () => {
    expect(normalizeText('\uFEFFa: 1\rb: 2\r\nc: 3')).toBe('a: 1\nb: 2\r\nc: 3');
    const plain = 'a: 1\n';
    expect(normalizeText(plain)).toBe(plain);
  });

  test(`nesting of exactly ${MAX_NESTING} levels passes and one more is refused`, () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : [nest(n - 1)]);
    expect(nestedTooDeep(nest(MAX_NESTING))).toBe(false);
    expect(nestedTooDeep(nest(MAX_NESTING + 1))).toBe(true);
  });

  test('block nesting deeper than the limit in YAML is refused with the limit', () => {
    const deep = Array.from({ length: 80 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const r = loadScenarioText(`name: x\ndescription:\n${deep.replace(/^/gm, ' ')} 1\n`, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.message)).toEqual([
        `the document is nested deeper than ${MAX_NESTING} levels of lists and mappings; a scenario needs fewer than 10`,
      ]);
  });
});

describe('scenario warnings', () => {
  test('a valid scenario has no warnings, on the fast path and the full path', () => {
    for (const fastPath of [true, false]) {
      const r = loadScenarioText(SCENARIO, 'x.yaml', { fastPath });
      expect(r.ok && r.warnings).toEqual([]);
    }
  });

  test('warnings carry the line of the value, on either path', () => {
    const text = SCENARIO.replace('until: 30s', 'until: 4s').replace('mediaInactivity', 'x');
    for (const fastPath of [true, false]) {
      const r = loadScenarioText(text, 'x.yaml', { fastPath });
      expect(r.ok).toBe(true);
      if (r.ok)
        expect(r.warnings.map(formatWarning)).toEqual([
          expect.stringMatching(
            /^x\.yaml:\d+: moves\[0\]\.at: warning: move m1 at 5s is at or after until \(4s\)/,
          ),
        ]);
    }
  });

  test('a zero API timeout warns, and zero recovery timeouts warn only while recovery is on', () => {
    const zero = [
      'cluster.cmm.apiTimeout=0',
      'cluster.recovery.websocketIdleTimeout=0',
      'cluster.recovery.mediaInactivityTimeout=0',
    ];
    const on = loadScenarioText(SCENARIO, 'x.yaml', { set: zero });
    expect(on.ok && on.warnings.map((w) => w.path)).toEqual([
      'cluster.cmm.apiTimeout',
      'cluster.recovery.websocketIdleTimeout',
      'cluster.recovery.mediaInactivityTimeout',
    ]);
    const off = loadScenarioText(SCENARIO, 'x.yaml', {
      set: [...zero, 'cluster.recovery.sessionCleanup=false'],
    });
    expect(off.ok && off.warnings.map((w) => w.path)).toEqual(['cluster.cmm.apiTimeout']);
  });
});

describe('trace reading errors', () => {
  const head =
    '{"format":"movesim-trace","version":1,"seed":1,"scenario":"t","units":"us","nodes":[]';
  test('events that are not a list are refused, not read as an empty stream', () => {
    expect(() => readTraceText(`${head},"events":null}`, 't.json')).toThrow(
      't.json: "events" is null, not a list',
    );
  });

  test('a trace.json cut anywhere after its first line is called truncated', () => {
    const whole = `${head},"events":[\n{"seq":0,"t":0,"type":"log","node":"a","line":"x"},\n{"seq":1,"t":1,"type":"log","node":"a","line":"y"}\n],"outcomes":[],"violations":[]}\n`;
    let cuts = 0;
    for (let n = whole.indexOf('\n') + 1; n < whole.length - 2; n++) {
      expect(() => readTraceText(whole.slice(0, n), 't.json')).toThrow(/truncated/);
      cuts++;
    }
    expect(cuts).toBeGreaterThan(100);
  });
});

describe('check --path', () => {
  test('accepts numbers joined by ":" and refuses anything else', () => {
    for (const ok of ['0', '26:3:0', '123456789']) expect(checkPathProblem(ok)).toBeUndefined();
    for (const bad of ['', 'abc', '1:', ':1', '1::2', '-1', '1.5', '1234567890', '1:x'])
      expect(checkPathProblem(bad)).toMatch(/is not a fast-check path/);
  });
});
