/**
 * F19, found by `movesim explore` at K=2, F=1 on move-across-bridges: step 11's `ws.auth.ok`
 * about 5 s late (the web bridge's authentication timeout fails the new websocket first) and the
 * `ws.fail` that timeout sends the browser lost. The web bridge used to relay the late answer as
 * `ws.ready` on the websocket it had failed, and the call bridge kept a connected participant no
 * session referred to (`no-orphans`). The schedule is the one explore wrote, as what-ifs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadScenarioText } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { ROOT } from '../helpers/scenarios.js';

/** move-across-bridges with explore's schedule: msg 65 (`ws.auth.ok`) late, msg 66 lost. */
function explored() {
  const text = readFileSync(join(ROOT, 'scenarios', 'move-across-bridges.yaml'), 'utf8');
  const withSchedule = `${text}\nwhatIf:\n  - msg=65:delay=4991742us\n  - msg=66:drop\n`;
  const loaded = loadScenarioText(withSchedule, 'move-across-bridges.yaml');
  if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
  return runScenario(loaded.scenario, { traceLevel: 'messages', keepLogs: false });
}

describe('a late websocket authentication answer (F19)', () => {
  it('is not relayed after the web bridge failed the websocket, and orphans nothing', () => {
    const out = explored();
    const events = out.events ?? [];
    // The schedule happened: the web bridge's authentication timeout sent a ws.fail, which was
    // lost, and the late ws.auth.ok arrived after that timeout.
    const failed = events.find((e) => e.type === 'send' && 'kind' in e && e.kind === 'ws.fail');
    expect(events.some((e) => e.type === 'drop' && 'msg' in e && e.msg === 66)).toBe(true);
    const late = events.find((e) => e.type === 'deliver' && 'msg' in e && e.msg === 65);
    expect(late?.t).toBeGreaterThan(failed!.t);
    // Nothing was relayed on the failed websocket, and no participant is left without a session.
    const readyAfter = events.filter(
      (e) => e.type === 'send' && 'kind' in e && e.kind === 'ws.ready' && e.t >= late!.t,
    );
    expect(readyAfter).toEqual([]);
    expect(out.violations.map((v) => v.invariant)).toEqual([]);
  });
});
