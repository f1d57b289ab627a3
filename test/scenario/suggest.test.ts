/**
 * Tests of the "did you mean" suggestions.
 */
import { describe, expect, test } from 'vitest';

import { closest, editDistance, listWords } from '../../sim/scenario/suggest.js';

describe('suggestions', () => {
  test('edit distance counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('priorty', 'priority')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('CallBridges', 'callbridges')).toBe(0);
  });

  test('the closest candidate is suggested only when it is a likely typo', () => {
    expect(closest('maxEvnts', ['until', 'maxEvents', 'seed'])).toBe('maxEvents');
    expect(closest('colour', ['id', 'name', 'type'])).toBeUndefined();
  });

  test('long lists are cut with a count of the rest', () => {
    expect(listWords(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
    expect(listWords([])).toBe('(none)');
  });
});
