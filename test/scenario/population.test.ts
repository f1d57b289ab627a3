/**
 * Tests of populations: many participants and their moves declared in a few lines, expanded
 * when the scenario loads into the participants and moves a file would list, with problems that
 * name the population and the field.
 */
import { describe, expect, it } from 'vitest';

import { MINIMAL_YAML, mustFail, mustLoad } from './helpers.js';

/** The minimal scenario with a population appended. */
const withPopulation = (population: string, extra = ''): string =>
  `${MINIMAL_YAML}population:\n${population}${extra}`;

const GUESTS = `  - count: 12
    idPrefix: g
    name: Guest {n}
    join: { space: space1, at: { from: 0s, to: 12s } }
    local: { muted: [true, false] }
    moves: { to: [space2, space1], at: { from: 20s, to: 21200ms }, assign: blocks }
`;

describe('populations', () => {
  it('expand into participants and moves after the listed ones, ids padded to three digits', () => {
    const s = mustLoad(withPopulation(GUESTS));
    expect(s.participants.map((p) => p.id)).toEqual([
      'userX',
      ...Array.from({ length: 12 }, (_, i) => `g${String(i + 1).padStart(3, '0')}`),
    ]);
    expect(s.participants[1]).toMatchObject({ name: 'Guest 1', webBridge: 'wbA', type: 'guest' });
    expect(s.participants.slice(1).map((p) => p.join?.at)).toEqual(
      Array.from({ length: 12 }, (_, i) => i * 1000),
    );
    expect(s.participants.slice(1, 4).map((p) => p.local.muted)).toEqual([true, false, true]);
    expect(s.moves.map((m) => m.id)).toEqual(Array.from({ length: 13 }, (_, i) => `m${i + 1}`));
    expect(s.moves.slice(1).map((m) => m.to)).toEqual([
      ...Array<string>(6).fill('space2'),
      ...Array<string>(6).fill('space1'),
    ]);
    expect(s.moves.slice(1).map((m) => m.at)).toEqual(
      Array.from({ length: 12 }, (_, i) => 20_000 + i * 100),
    );
  });

  it('assign round-robin in turn and random from the scenario seed, the same for the same seed', () => {
    const rr = mustLoad(withPopulation(GUESTS.replace('blocks', 'round-robin')));
    expect(rr.moves.slice(1, 5).map((m) => m.to)).toEqual(['space2', 'space1', 'space2', 'space1']);
    const random = (seed: number) =>
      mustLoad(
        withPopulation(GUESTS.replace('blocks', 'random')).replace(
          'name: minimal',
          `name: minimal\nseed: ${seed}`,
        ),
      )
        .moves.map((m) => m.to)
        .join();
    expect(random(1)).toBe(random(1));
    const draws = new Set([1, 2, 3, 4, 5].map(random));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('are referred to by their members ids in moves and expectations', () => {
    const s = mustLoad(
      withPopulation(GUESTS, 'expect:\n  - { participant: g012, endsIn: space1 }\n'),
    );
    expect(s.expect).toHaveLength(1);
  });

  it('name the population and the field of a bad reference, with a did-you-mean', () => {
    const problems = mustFail(
      withPopulation(GUESTS.replace('[space2, space1]', '[space2, spcae1]')),
    );
    expect(problems.join('\n')).toMatch(
      /population\[0\]\.moves\.to\[1\].*"spcae1" does not exist.*did you mean "space1"/,
    );
  });

  it('refuse a count whose ids collide with a listed participant, naming the population and count', () => {
    const clash = mustFail(
      withPopulation(GUESTS).replace('{ id: userX, name: User X', '{ id: g005, name: User X'),
    );
    expect(clash.join('\n')).toMatch(
      /population\[0\]\.idPrefix.*this population \(count 12\) makes the id "g005", which is already used by the participant at participants\[0\]\.id/,
    );
    // One message for the population, not one per member; the listed move now names no one.
    expect(clash.filter((p) => p.includes('makes the id'))).toHaveLength(1);
  });

  it('check their own fields: a window that ends before it starts, an empty list', () => {
    const problems = mustFail(
      withPopulation(
        GUESTS.replace('{ from: 0s, to: 12s }', '{ from: 5s, to: 1s }').replace(
          '[true, false]',
          '[]',
        ),
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/population\[0\]\.join\.at\.to/);
    expect(text).toMatch(/population\[0\]\.local\.muted/);
  });
});
