/**
 * Golden traces: every shipped scenario, seeds 1–3, at the `messages` and `state` trace levels,
 * must give the sha256 of `trace.json`, `summary.json` and `cms.log` recorded in
 * `test/golden/digests.json`. A difference is a behaviour change: if it is meant, run
 * `npm run golden:update` and say in the commit which scenarios changed and why.
 *
 * The large scenario (nine seconds a run at the `messages` level, 624 MB of trace at `state`) is
 * left to `npm run golden:check`, which checks every recorded digest and which `.ci/run` runs
 * before `npm test`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  digestsOf,
  GOLDEN_LEVELS,
  GOLDEN_SEEDS,
  goldenKey,
  loadGoldenScenario,
  type RunDigests,
} from '../../sim/report/digests.js';
import { movesim, removeScratch, ROOT, scratch } from '../cli/helpers.js';

const recorded = (
  JSON.parse(readFileSync(join(ROOT, 'test', 'golden', 'digests.json'), 'utf8')) as {
    digests: Record<string, RunDigests>;
  }
).digests;
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const LARGE = 'large-24-bridges.yaml';

afterAll(removeScratch);

describe('golden digests of the shipped scenarios', () => {
  it('has a recorded digest for every shipped scenario, seed and level, and no other', () => {
    const expected = scenarios.flatMap((f) =>
      GOLDEN_LEVELS.flatMap((l) => GOLDEN_SEEDS.map((s) => goldenKey(f, s, l))),
    );
    expect(Object.keys(recorded).sort()).toEqual(expected.sort());
  });

  it('hashes the very bytes `movesim run` writes', async () => {
    const out = scratch();
    const r = await movesim([
      'run',
      'scenarios/move-across-bridges.yaml',
      '--seed',
      '2',
      '--trace-level',
      'state',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const sha = (f: string): string =>
      createHash('sha256')
        .update(readFileSync(join(out, f)))
        .digest('hex');
    expect({ trace: sha('trace.json'), summary: sha('summary.json'), log: sha('cms.log') }).toEqual(
      recorded[goldenKey('move-across-bridges.yaml', 2, 'state')],
    );
  });

  for (const file of scenarios) {
    if (file === LARGE) continue;
    const scenario = loadGoldenScenario(join(ROOT, 'scenarios', file));
    for (const level of GOLDEN_LEVELS) {
      it(`${file} at the ${level} level gives its recorded trace.json, summary.json and cms.log for seeds 1–3`, () => {
        for (const seed of GOLDEN_SEEDS) {
          const key = goldenKey(file, seed, level);
          expect(
            digestsOf(scenario, seed, level),
            `${key} changed; if that is meant: npm run golden:update`,
          ).toEqual(recorded[key]);
        }
      });
    }
  }
});
