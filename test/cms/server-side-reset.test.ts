/**
 * Server-side state on a move (CMM's help): the new call leg starts from the target space's
 * defaults for server mute, layout and importance, whatever the operator had set on the old
 * one, while the client's own mute is carried (`scenarios/server-side-reset.yaml`).
 */
import { describe, expect, it } from 'vitest';

import type { Instance } from '../../sim/cms/state.js';
import { cmsView } from '../../sim/cms/world.js';
import { runScenario } from '../../sim/scenario/run.js';
import { loadShipped } from '../helpers/scenarios.js';

/** User X's call leg at the end of a run of the scenario with `set` applied. */
function legOfUserX(set: string[]): { leg: Instance | undefined; muted: boolean | undefined } {
  const out = runScenario(loadShipped('server-side-reset', set), { traceLevel: 'off' });
  const view = cmsView(out.built.sim.world());
  const x = view.browsers.find((b) => b.id === 'userX')!.state;
  const bridge = view.callBridges.find((cb) => cb.id === x.call?.bridge);
  return { leg: bridge?.state.instances.get(x.call?.participant ?? ''), muted: x.local.muted };
}

const serverSide = (i: Instance | undefined) =>
  i && { muted: i.serverMuted, layout: i.serverLayout, importance: i.importance };

describe('server-side state on a move', () => {
  it('is what the operator set on the leg of the join, over the space defaults', () => {
    const before = legOfUserX(['until=4s']);
    expect(before.leg?.spaceId).toBe('space1');
    expect(serverSide(before.leg)).toEqual({ muted: true, layout: 'speakerOnly', importance: 5 });
  });

  it("is reset to the target's defaults, while the client's own mute is carried", () => {
    const after = legOfUserX([]);
    expect(after.leg?.spaceId).toBe('space2');
    expect(after.leg?.createdByMove).toBe('m1');
    expect(serverSide(after.leg)).toEqual({ muted: false, layout: 'allEqual', importance: 0 });
    expect(after.muted).toBe(true);
  });

  it("follows the target's defaults, not a fixed value", () => {
    const after = legOfUserX([
      'spaces.1.serverDefaults={ muted: true, layout: stacked, importance: 2 }',
    ]);
    expect(serverSide(after.leg)).toEqual({ muted: true, layout: 'stacked', importance: 2 });
  });

  it('takes a space without serverDefaults to the documented defaults', () => {
    const after = legOfUserX(['spaces.1.serverDefaults={}']);
    expect(serverSide(after.leg)).toEqual({ muted: false, layout: 'automatic', importance: 0 });
  });
});
