/**
 * Tests of the loader: YAML and JSON, problem printing, reading files, and never throwing on bad
 * input, including input that tries to pollute object prototypes.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

import { formatProblem, loadScenarioFile, loadScenarioText } from '../../sim/scenario/load.js';
import { MINIMAL_YAML, mustFail, mustLoad } from './helpers.js';

describe('loadScenarioText', () => {
  test('reads a JSON file by its extension and gives the same scenario as the YAML', () => {
    const json = JSON.stringify(parse(MINIMAL_YAML), null, 2);
    expect(mustLoad(json, 'minimal.json')).toEqual(mustLoad(MINIMAL_YAML, 'minimal.yaml'));
  });

  test('gives JSON problems the line of the offending value', () => {
    const json = JSON.stringify({ ...parse(MINIMAL_YAML), maxEvents: 0 }, null, 2);
    const line = json.split('\n').findIndex((l) => l.includes('"maxEvents"')) + 1;
    expect(mustFail(json, 'x.json')).toEqual([
      `x.json:${line}: maxEvents: must be greater than 0, got 0`,
    ]);
  });

  test('reports every problem at once, ordered by line', () => {
    const text = MINIMAL_YAML.replace('{ id: cbB }', '{ id: cbB, loadLimit: many }')
      .replace('to: space2', 'to: space9')
      .replace('name: User X,', 'name: User X, colour: red,');
    expect(mustFail(text)).toEqual([
      'test.yaml:5: cluster.callBridges[1].loadLimit: expected a number, got "many"',
      'test.yaml:13: participants[0].colour: unknown key "colour"; allowed keys here: id, name, type, webBridge, mediaProfile, canMove, join, local, server',
      'test.yaml:15: moves[0].to: space "space9" does not exist; known spaces: space1, space2; did you mean "space1"?',
    ]);
  });

  test('gives a missing key the line of its parent', () => {
    expect(mustFail(MINIMAL_YAML.replace('participant: userX, ', ''))).toEqual([
      'test.yaml:15: moves[0].participant: missing required key "participant"; add it',
    ]);
  });

  test("a written move id equal to an earlier move's position name is a duplicate", () => {
    const text = `${MINIMAL_YAML}  - { id: m1, at: 9s, participant: userX, to: space1 }\n`;
    expect(mustFail(text)).toEqual([
      'test.yaml:16: moves[1].id: id "m1" is already used by the move at moves[0] (which has no id and is called so by its position); every id in a scenario must be unique',
    ]);
  });

  test('does not let __proto__ keys change object prototypes', () => {
    const text = `${MINIMAL_YAML}network:\n  __proto__: { polluted: true }\n`;
    expect(mustFail(text)).toEqual([
      'test.yaml:17: network.__proto__: the key "__proto__" is not allowed anywhere in a scenario (it could alter object prototypes); remove it',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('a.yaml', 'a.json'),
        (text, name) => {
          const result = loadScenarioText(text, name);
          return result.ok || result.problems.length > 0;
        },
      ),
      { numRuns: 300 },
    );
  });

  test('never throws on any JSON value, and finds a problem in each', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const result = loadScenarioText(JSON.stringify(value), 'a.json');
        return (
          !result.ok && result.problems.every((p) => p.file === 'a.json' && p.message.length > 0)
        );
      }),
      { numRuns: 300 },
    );
  });

  test('never throws when lines of a valid scenario are deleted', () => {
    const lines = MINIMAL_YAML.split('\n');
    fc.assert(
      fc.property(fc.subarray(lines.map((_, i) => i)), (dropped) => {
        const text = lines.filter((_, i) => !dropped.includes(i)).join('\n');
        const result = loadScenarioText(text, 'a.yaml');
        return result.ok || result.problems.length > 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadScenarioFile', () => {
  test('loads the tech-note scenario from disk', () => {
    const url = new URL('../../scenarios/move-across-bridges.yaml', import.meta.url);
    const result = loadScenarioFile(url.pathname);
    expect(result.ok).toBe(true);
  });

  test('reports a file that cannot be read as a problem', () => {
    const result = loadScenarioFile('no-such-dir/missing.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatProblem(result.problems[0]!)).toMatch(
        /^no-such-dir\/missing\.yaml: cannot read the file: ENOENT/,
      );
  });
});

describe('formatProblem', () => {
  test('prints file, line, path and message, leaving out what is unknown', () => {
    expect(formatProblem({ file: 'a.yaml', line: 3, path: 'moves[0].to', message: 'bad' })).toBe(
      'a.yaml:3: moves[0].to: bad',
    );
    expect(formatProblem({ file: 'a.yaml', path: 'seed', message: 'bad' })).toBe(
      'a.yaml: seed: bad',
    );
    expect(formatProblem({ file: 'a.yaml', line: 1, path: '', message: 'bad' })).toBe(
      'a.yaml:1: bad',
    );
  });
});
