/**
 * Tests of the fast path of loading (sim/scenario/fast-parse.ts): wherever it gives data, that
 * data and the loaded scenario are the same as on the full path; the texts and overrides it must
 * not read go to the full path, and their problems keep their lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';

import { sketchArb } from '../../sim/check/arbitraries.js';
import { sketchToScenario } from '../../sim/check/to-scenario.js';
import { scenarioYaml } from '../../sim/check/yaml-text.js';
import { fastParse } from '../../sim/scenario/fast-parse.js';
import {
  type LoadOptions,
  type LoadResult,
  loadScenarioFile,
  loadScenarioText,
  readFullPath,
} from '../../sim/scenario/load.js';
import { MINIMAL_YAML } from './helpers.js';

const ROOT = new URL('../../', import.meta.url);

/** Every YAML and JSON file under a folder of the project, as paths from the project's root. */
function filesUnder(folder: string): string[] {
  return (readdirSync(new URL(folder, ROOT), { recursive: true }) as string[])
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => `${folder}${name.split('\\').join('/')}`)
    .sort();
}

const SCENARIOS = filesUnder('scenarios/');
const CORPUS = [
  ...SCENARIOS,
  ...filesUnder('test/counterexamples/'),
  ...filesUnder('test/fixtures/'),
];

/** The `--set` overrides that test/fixtures/bad-scenarios/expected.json gives a file, if any. */
const fixtureSets: Record<string, string[]> = (() => {
  const expected = JSON.parse(
    readFileSync(new URL('test/fixtures/bad-scenarios/expected.json', ROOT), 'utf8'),
  ) as Record<string, unknown>;
  const sets: Record<string, string[]> = {};
  for (const [file, entry] of Object.entries(expected)) {
    const set = (entry as { set?: string[] }).set;
    if (set !== undefined) sets[`test/fixtures/bad-scenarios/${file}`] = set;
  }
  return sets;
})();

/**
 * Expects two values to be the same; node's comparison first, as vitest's is slow on a large
 * scenario.
 */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

/**
 * Checks one text: when the fast path gives data, the full path reads the same data without a
 * problem; and `load` (a loader of this text or its file) gives the same result with and without
 * the fast path. Returns whether the fast path gave data, and the result.
 */
function checkBothPaths(
  text: string,
  file: string,
  set: readonly string[] = [],
  load = (opts: LoadOptions): LoadResult => loadScenarioText(text, file, opts),
): { fast: boolean; result: LoadResult } {
  const fast = fastParse(text, file, set);
  if (fast.ok) {
    const full = readFullPath(text, file, set);
    expect('problems' in full ? full.problems : full.findings).toStrictEqual([]);
    expectSame(fast.data, 'problems' in full ? undefined : full.data);
  }
  const result = load({ set });
  expectSame(result, load({ set, fastPath: false }));
  return { fast: fast.ok, result };
}

describe('the shipped scenarios, counterexamples and fixtures', () => {
  test('are found: the shipped scenarios and some of each other kind', () => {
    expect(SCENARIOS.filter((f) => f.endsWith('.yaml')).length).toBeGreaterThanOrEqual(10);
    expect(CORPUS.some((f) => f.startsWith('test/counterexamples/'))).toBe(true);
    expect(CORPUS.some((f) => f.startsWith('test/fixtures/') && f.endsWith('.json'))).toBe(true);
  });

  test.each(CORPUS)('%s reads the same data on both paths and loads to the same result', (file) => {
    const text = readFileSync(new URL(file, ROOT), 'utf8');
    const set = fixtureSets[file] ?? [];
    const path = fileURLToPath(new URL(file, ROOT));
    const { fast, result } = checkBothPaths(text, file, set, (opts) =>
      loadScenarioFile(path, opts),
    );
    if (SCENARIOS.includes(file) && file.endsWith('.yaml')) {
      // Every shipped scenario is valid and plain enough for the fast path.
      expect(fast).toBe(true);
      expect(result.ok).toBe(true);
    }
  });
});

describe('the fast path on the shipped scenarios', () => {
  test('is taken for every shipped YAML scenario', () => {
    const shipped = SCENARIOS.filter((f) => f.endsWith('.yaml'));
    const taken = shipped.filter(
      (file) => fastParse(readFileSync(new URL(file, ROOT), 'utf8'), file).ok,
    );
    expect(taken).toStrictEqual(shipped);
  });
});

describe('generated scenarios', () => {
  /**
   * The ways a generated scenario is written: `yaml` in block and flow style, the checker's YAML,
   * JSON.
   */
  const FORMATS = {
    block: (input: unknown) => ({ text: stringify(input), file: 'generated.yaml' }),
    flow: (input: unknown) => ({
      text: stringify(input, { collectionStyle: 'flow' }),
      file: 'generated.yaml',
    }),
    checker: (input: unknown) => ({
      text: scenarioYaml(input as Parameters<typeof scenarioYaml>[0]),
      file: 'generated.yaml',
    }),
    json: (input: unknown) => ({ text: JSON.stringify(input, null, 2), file: 'generated.json' }),
  };

  test('load on the fast path to the same result as on the full path, in block and flow YAML and in JSON', () => {
    fc.assert(
      fc.property(
        sketchArb(),
        fc.constantFrom(...(Object.keys(FORMATS) as (keyof typeof FORMATS)[])),
        (sketch, format) => {
          const { text, file } = FORMATS[format](sketchToScenario(sketch, 'generated'));
          const { fast, result } = checkBothPaths(text, file);
          expect(result.ok).toBe(true);
          expect(fast).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('texts the fast path leaves to the full path', () => {
  test('a duplicate key in YAML is reported with its line', () => {
    const text = `${MINIMAL_YAML}name: again\n`;
    expect(fastParse(text, 'dup.yaml')).toMatchObject({ ok: false });
    const { result } = checkBothPaths(text, 'dup.yaml');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 16, message: expect.stringContaining('appears twice') }],
    });
  });

  test('a duplicate key in JSON, which JSON.parse would merge, is reported with its line', () => {
    const json = JSON.stringify(parse(MINIMAL_YAML), null, 2).replace(
      '"name": "minimal",',
      '"name": "minimal",\n  "name": "again",',
    );
    expect(fastParse(json, 'dup.json')).toMatchObject({ ok: false });
    const { result } = checkBothPaths(json, 'dup.json');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: expect.stringContaining('appears twice') }],
    });
  });

  test('a valid file with an anchor and an alias loads on the full path', () => {
    const aliased = MINIMAL_YAML.replace(
      '  - { id: userX, name: User X, join: { space: space1 } }\n',
      '  - { id: userX, name: User X, join: &lobby { space: space1 } }\n  - { id: userY, name: User Y, join: *lobby }\n',
    );
    expect(fastParse(aliased, 'alias.yaml')).toStrictEqual({
      ok: false,
      reason: 'an anchor, alias or tag indicator',
    });
    const { result } = checkBothPaths(aliased, 'alias.yaml');
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.scenario.participants.map((p) => p.join?.space)).toStrictEqual([
        'space1',
        'space1',
      ]);
  });

  test('a __proto__ key is reported with its line', () => {
    const text = `${MINIMAL_YAML}network:\n  __proto__: { polluted: true }\n`;
    expect(fastParse(text, 'proto.yaml')).toStrictEqual({
      ok: false,
      reason: 'the key "__proto__"',
    });
    const { result } = checkBothPaths(text, 'proto.yaml');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 17, path: 'network.__proto__' }],
    });
  });

  test('a malformed or impossible --set is reported as on the full path', () => {
    for (const set of [
      'noequals',
      'participants.5.canMove=false',
      'name.first=x',
      'spaces.first.name=x',
      '__proto__.x=1',
    ]) {
      expect(fastParse(MINIMAL_YAML, 'set.yaml', [set])).toMatchObject({ ok: false });
      const { result } = checkBothPaths(MINIMAL_YAML, 'set.yaml', [set]);
      expect(result).toMatchObject({
        ok: false,
        problems: [{ message: expect.stringContaining(`--set "${set}"`) }],
      });
    }
  });

  test('a schema error, read on the fast path, is reported with its line by the full path', () => {
    const text = MINIMAL_YAML.replace('{ id: cbB }', '{ id: cbB, loadLimit: many }');
    expect(fastParse(text, 'schema.yaml')).toMatchObject({ ok: true });
    const { result } = checkBothPaths(text, 'schema.yaml');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 5, path: 'cluster.callBridges[1].loadLimit' }],
    });
  });

  test('a reference error, read on the fast path, is reported with its line by the full path', () => {
    const text = MINIMAL_YAML.replace('to: space2', 'to: space9');
    expect(fastParse(text, 'ref.yaml')).toMatchObject({ ok: true });
    const { result } = checkBothPaths(text, 'ref.yaml');
    expect(result).toMatchObject({ ok: false, problems: [{ line: 15, path: 'moves[0].to' }] });
  });

  /** Texts that break one rule of the fast path each, with the rule. */
  const RULES: [string, string, string][] = [
    ['a directive', `%YAML 1.1\n---\n${MINIMAL_YAML}`, 'a directive'],
    [
      'a tag',
      MINIMAL_YAML.replace('name: minimal', 'name: !!str minimal'),
      'an anchor, alias or tag indicator',
    ],
    [
      'a second document',
      `${MINIMAL_YAML}---\nname: other\n`,
      'a document marker other than a lone --- at the start',
    ],
    ['an explicit key', `${MINIMAL_YAML}? seed\n: 3\n`, 'an explicit key or value indicator'],
    ['a list as a key', `${MINIMAL_YAML}[a, b]: 3\n`, 'a list or mapping used as a key'],
    [
      'a mapping as a key in a flow mapping',
      MINIMAL_YAML.replace('{ id: cbB }', '{ id: cbB, { x: 1 } }'),
      'a list or mapping used as a key',
    ],
    [
      'a list as a key in a flow mapping',
      MINIMAL_YAML.replace('{ id: cbB }', '{ id: cbB, [x] }'),
      'a list or mapping used as a key',
    ],
    [
      'a comment right after a brace',
      MINIMAL_YAML.replace('{ id: cbB }', '{ id: cbB }# B'),
      'a comment without white space before it',
    ],
    [
      'a block scalar',
      MINIMAL_YAML.replace('name: minimal', 'name: |\n  minimal'),
      'a block scalar',
    ],
    ['an empty list item', `${MINIMAL_YAML}expect:\n  -\n`, 'an empty list item'],
    ['a tab in the indentation', `${MINIMAL_YAML}seed: 1\n\t\n`, 'a tab in the indentation'],
    [
      'a line over 1000 characters',
      `${MINIMAL_YAML}${'k'.repeat(1100)}: 1\n`,
      'a line longer than 1000 characters',
    ],
    [
      'a byte order mark',
      `\uFEFF${MINIMAL_YAML}`,
      'a byte order mark, a lone carriage return or a YAML 1.1 line break',
    ],
    [
      'a lone carriage return',
      MINIMAL_YAML.replace('name: minimal\n', 'name: minimal\r'),
      'a byte order mark, a lone carriage return or a YAML 1.1 line break',
    ],
    ['a null key', `${MINIMAL_YAML}~: 1\n`, 'the key "null"'],
    ['a merge key', `${MINIMAL_YAML}network: { <<: { a: 1 } }\n`, 'the key "<<"'],
    ['a document that is a list', '- a\n- b\n', 'the document is not a mapping'],
  ];

  test.each(RULES)(
    '%s goes to the full path, which gives the same result',
    (_name, text, reason) => {
      expect(fastParse(text, 'rule.yaml')).toStrictEqual({ ok: false, reason });
      checkBothPaths(text, 'rule.yaml');
    },
  );

  test('a lone --- at the start, comments and CRLF line ends stay on the fast path', () => {
    const text = `# a comment with & and * and !\n---\n${MINIMAL_YAML}`.split('\n').join('\r\n');
    expect(fastParse(text, 'plain.yaml')).toMatchObject({ ok: true });
    expect(checkBothPaths(text, 'plain.yaml').result.ok).toBe(true);
  });

  test('plain scalars resolve as in the YAML 1.2 core schema of the full path, not as js-yaml would', () => {
    const text =
      'a: [~, null, Null, "1", 0x1F, -0x1F, 0o17, 017, +.5, 1_000, .inf, -.Inf, .NaN, 2e3, 1., yes, True, 0b11]\n';
    const fast = fastParse(text, 'scalars.yaml');
    expect(fast).toStrictEqual({
      ok: true,
      data: {
        a: [
          null,
          null,
          null,
          '1',
          31,
          '-0x1F',
          15,
          17,
          0.5,
          '1_000',
          Infinity,
          -Infinity,
          NaN,
          2000,
          1,
          'yes',
          true,
          '0b11',
        ],
      },
    });
    const full = readFullPath(text, 'scalars.yaml');
    expect('data' in full ? full.data : undefined).toStrictEqual(fast.ok ? fast.data : undefined);
  });
});

describe('--set on the fast path', () => {
  const SETS = [
    ['cluster.loadBalancing.policy=least-loaded'], // creates the missing mapping `loadBalancing`
    ['participants.0.canMove=false'], // an item of a list
    ['cluster.callBridges.1.loadLimit=5000', 'seed=7'],
    ['moves.0={ at: 2s, participant: userX, to: space2 }'],
    ['participants.0.join.at=1s', 'name=renamed'],
  ];

  test.each(SETS)('%s gives the same scenario as on the full path', (...set) => {
    expect(fastParse(MINIMAL_YAML, 'set.yaml', set)).toMatchObject({ ok: true });
    const { fast, result } = checkBothPaths(MINIMAL_YAML, 'set.yaml', set);
    expect(fast).toBe(true);
    expect(result.ok).toBe(true);
  });

  test('an override creates a mapping where the file has a null value', () => {
    const text = MINIMAL_YAML.replace(
      'cmm: { apiBridge: cbB }',
      'cmm: { apiBridge: cbB }\n  loadBalancing:',
    );
    const set = ['cluster.loadBalancing.enabled=true'];
    expect(fastParse(text, 'null.yaml', set)).toMatchObject({
      ok: true,
      data: { cluster: { loadBalancing: { enabled: true } } },
    });
    expect(checkBothPaths(text, 'null.yaml', set).result.ok).toBe(true);
  });
});
