/**
 * The tech note's log sample: a move on one bridge, cbcms2, reads like the sample's cms.log.
 */
import { describe, expect, it } from 'vitest';

import { formatCmsLog } from '../../sim/report/cmslog.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

const out = runScenario(loadShipped('move-same-bridge'));
const moveLines = out.logs.filter(([t]) => t >= 5_000_000).map(([, , line]) => line);

/** The sample's lines, in its order, as patterns (ids differ; shapes and names must not). */
const SAMPLE: RegExp[] = [
  /^API trace \d+: POST for "\/api\/v1\/calls\/[0-9a-f-]+\/participants" \(from [\d.]+\)$/,
  /^move participant operation: moving WC3 participant [0-9a-f-]+ \((guest\d+)\) \(homed on this callbridge\) to call [0-9a-f-]+$/,
  /^created guest account with user ID "guest\d+"$/,
  /^replace query for conference [0-9a-f-]+: response from 'cbcms2' \(priority: 0, load level: \d+, conference is running: 1\)$/,
  /^replace query for conference [0-9a-f-]+: using local server 'cbcms2' \(priority: 0, load level: \d+, conference is running: 1\)$/,
  /^[\d.]+: API user "admin" created new participant [0-9a-f-]+, call [0-9a-f-]+$/,
  /^API trace \d+: sending 200 response, size 0$/,
  /^API trace \d+: Location: \/api\/v1\/participants\/[0-9a-f-]+$/,
  /^new session created for user "guest\d+"$/,
  /^user "guest\d+": deactivating due to session resource teardown$/,
  /^call \d+: tearing down \("guest\d+" conference media\)$/,
  /^participant "guest\d+" left space [0-9a-f-]+ \(Space 1 \(webapp\.com\)\)$/,
  /^call \d+: destroying API call leg [0-9a-f-]+$/,
  /^removing guest account 'guest\d+' \(name 'User X'\) on call drop$/,
  /^call \d+: allocated for guest\d+ \/ "User X" conference participation \(Chrome\)$/,
  /^participant "guest\d+" joined space [0-9a-f-]+ \(Space 2 \(webapp\.com\)\)$/,
  /^participant "guest\d+" \([0-9a-f-]+\) joined conference [0-9a-f-]+ via WB3$/,
];

describe('the same-bridge move of the tech note', () => {
  it('writes the sample log lines in the same order', () => {
    let at = 0;
    const found: number[] = [];
    for (const pattern of SAMPLE) {
      const i = moveLines.findIndex((l, k) => k >= at && pattern.test(l));
      expect(
        i,
        `a line like ${pattern} after line ${at}:\n${moveLines.join('\n')}`,
      ).toBeGreaterThanOrEqual(0);
      found.push(i);
      at = i + 1;
    }
    expect(found).toEqual([...found].sort((a, b) => a - b));
  });

  it('names the old guest when it is torn down and the new guest when it joins', () => {
    const oldGuest = /\((guest\d+)\) \(homed/.exec(moveLines.join('\n'))![1];
    const newGuest = /created guest account with user ID "(guest\d+)"/.exec(
      moveLines.join('\n'),
    )![1];
    expect(oldGuest).not.toBe(newGuest);
    expect(moveLines).toContain(
      `user "${oldGuest}": deactivating due to session resource teardown`,
    );
    expect(moveLines.some((l) => l.startsWith(`participant "${newGuest}" joined space`))).toBe(
      true,
    );
  });

  it('prints cms.log as clock, bridge, level and line', () => {
    const text = formatCmsLog(out.logs);
    expect(text.split('\n')[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} (cbcms2|wb3) Info /);
  });

  it('moves User X into the running Space 2 conference', () => {
    expect(out.outcomes[0]).toMatchObject({ result: 'moved', to: 'space2' });
    expect(out.expectations.every((e) => e.ok)).toBe(true);
  });
});
