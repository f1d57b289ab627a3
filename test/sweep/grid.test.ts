/**
 * Tests of the grid of a parameter sweep: reading `--vary` lists, ranges and JSON arrays
 * (and refusing empty, malformed or repeated values), the points in order with their
 * overrides, and the key check against the scenario schema with its did-you-mean.
 */
import { describe, expect, it } from 'vitest';

import { gridPoints, gridSize, parseVary, varyKeyProblem } from '../../sim/sweep/grid.js';

const values = (text: string): string[] => {
  const r = parseVary(text);
  if (!r.ok) throw new Error(r.message);
  return r.value.values;
};
const problem = (text: string): string => {
  const r = parseVary(text);
  return r.ok ? 'no problem' : r.message;
};

describe('--vary', () => {
  it('reads lists and ranges with both ends included, decimal steps without rounding noise', () => {
    expect(values('cluster.loadBalancing.policy=cms, least-loaded')).toEqual([
      'cms',
      'least-loaded',
    ]);
    expect(values('population.0.count=100..500:100')).toEqual(['100', '200', '300', '400', '500']);
    expect(values('k=1..3')).toEqual(['1', '2', '3']);
    expect(values('k=0..0.3:0.1')).toEqual(['0', '0.1', '0.2', '0.3']);
    expect(values('k=1..10:4')).toEqual(['1', '5', '9']);
  });

  it('refuses an empty grid, an empty value, a repeated value and a backwards range', () => {
    expect(problem('k=')).toMatch(/no values, so the grid is empty/);
    expect(problem('k=a,,b')).toMatch(/empty value/);
    expect(problem('k=a,b,a')).toMatch(/lists a value twice/);
    expect(problem('k=10..1')).toMatch(
      /empty \(the first value is above the last\); write 1\.\.10/,
    );
    expect(problem('k=1..10:0')).toMatch(/step .* must be above 0/);
    expect(problem('=a,b')).toMatch(/needs KEY=VALUES/);
  });

  it('reads a JSON array, keeping commas inside values, strings as --set text and other items as JSON', () => {
    expect(values('k=["a,b", " c ", "cms"]')).toEqual(['a,b', 'c', 'cms']);
    expect(values('network.loss=[[], [{"probability": 0.01}], 3, true, null]')).toEqual([
      '[]',
      '[{"probability":0.01}]',
      '3',
      'true',
      'null',
    ]);
    // A value with commas becomes one override, as --set would take it.
    const vary = parseVary('k=["x,y", "z"]');
    if (!vary.ok) throw new Error(vary.message);
    expect(gridPoints([vary.value]).map((p) => p.set)).toEqual([['k=x,y'], ['k=z']]);
  });

  it('refuses a bracketed value that is not JSON, an empty array, a bad item and a lone mapping', () => {
    expect(problem('k=[a, b]')).toMatch(
      /k: values in brackets are read as a JSON array, and "\[a, b\]" is not one \(.*\); write strings in double quotes/,
    );
    expect(problem('k=[]')).toMatch(/k has no values, so the grid is empty/);
    expect(problem('k=["a", ""]')).toMatch(/k: item 1 is an empty text/);
    expect(problem('k=["a\\nb"]')).toMatch(/item 0 holds a line break/);
    expect(problem('k=["a,b", "a,b"]')).toMatch(/lists the value a,b twice/);
    expect(problem('k=[1, "1"]')).toMatch(/lists the value 1 twice/);
    expect(problem('k={a: 1, b: 2}')).toMatch(/one mapping, .* write them as a JSON array/);
    expect(problem('k=a,,b')).toMatch(/for values that hold commas, write a JSON array/);
  });

  it('makes the product of the values, the first key changing slowest', () => {
    const varies = [
      { key: 'a', values: ['1', '2'] },
      { key: 'b', values: ['x', 'y', 'z'] },
    ];
    expect(gridSize(varies)).toBe(6);
    const points = gridPoints(varies);
    expect(points.map((p) => p.set.join(' '))).toEqual([
      'a=1 b=x',
      'a=1 b=y',
      'a=1 b=z',
      'a=2 b=x',
      'a=2 b=y',
      'a=2 b=z',
    ]);
    expect(points[4]).toEqual({ index: 4, values: { a: '2', b: 'y' }, set: ['a=2', 'b=y'] });
  });

  it('accepts keys of the schema, set or not in the file, and list items the file has', () => {
    const data = { population: [{ count: 3 }], cluster: { callBridges: [{ id: 'a' }] } };
    expect(varyKeyProblem('cluster.loadBalancing.policy', data)).toBeUndefined();
    expect(varyKeyProblem('population.0.count', data)).toBeUndefined();
    expect(varyKeyProblem('cluster.callBridges.0.loadLimit', data)).toBeUndefined();
  });

  it('names a key the schema does not know, with a did-you-mean, and a list item the file lacks', () => {
    const data = { population: [{ count: 3 }] };
    expect(varyKeyProblem('cluster.loadBalancing.polcy', data)).toMatch(
      /no key "polcy" under cluster\.loadBalancing; did you mean "policy"\?/,
    );
    expect(varyKeyProblem('populaton.0.count', data)).toMatch(/did you mean "population"/);
    expect(varyKeyProblem('population.2.count', data)).toMatch(/has no item 2/);
    expect(varyKeyProblem('seed.x', data)).toMatch(/seed is not a mapping/);
  });
});
