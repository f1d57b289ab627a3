/**
 * Which node of a generated case plays a role of the step table (`sim/cms/protocol.ts`) in one
 * of its moves, so a fault can be aimed at the sender or the receiver of a step.
 *
 * Resolved from the configuration alone, before anything runs: the CMM; the API bridge (the
 * move's `via`, else the CMM's); the home bridge (where the participant's join most likely put
 * it: its join space's configured bridge, else its web bridge's first call bridge); the chosen
 * bridge (the target space's configured bridge, else the API bridge); the participant's web
 * bridge; its browser. Load balancing may place differently; coverage reads what was hit from
 * the trace, not from this guess.
 */
import { type Role, stepRow } from '../cms/protocol.js';
import type { Sketch, StepRoleRef } from './sketch.js';
import { type FlatMove, pick } from './sketch-refs.js';

/** The ids a sketch's nodes get in its scenario. */
export interface NodeNames {
  cb: (i: number) => string;
  wb: (i: number) => string;
  who: (i: number) => string;
}

/** The first call bridge web bridge `w` links to, as an index (all of them when unlimited). */
function firstLinked(s: Sketch, w: number): number {
  const links = s.webBridges[pick(s.webBridges.length, w)]?.links ?? null;
  if (links === null) return 0;
  for (let j = 0; j < s.bridges.length; j++) if ((links & (1 << j)) !== 0) return j;
  return 0;
}

/** The node playing `ref`'s side of its step in its move, or undefined. */
export function stepRoleNode(
  s: Sketch,
  flat: readonly FlatMove[],
  names: NodeNames,
  ref: StepRoleRef,
): string | undefined {
  const row = stepRow(ref.step);
  if (flat.length === 0 || row === undefined) return undefined;
  const role: Role | undefined = ref.side === 'sender' ? row.from : row.to[0];
  if (role === undefined) return undefined;
  const m = flat[pick(flat.length, ref.move)]!;
  const p = s.participants[m.participant]!;
  const api = names.cb(m.via ?? s.apiBridge);
  switch (role) {
    case 'CMM':
      return 'cmm';
    case 'API bridge':
      return api;
    case 'home bridge': {
      const join = p.join === null ? undefined : s.spaces[pick(s.spaces.length, p.join.space)];
      return join?.hostedOn != null
        ? names.cb(join.hostedOn)
        : names.cb(firstLinked(s, p.webBridge));
    }
    case 'chosen bridge': {
      const hosted = s.spaces[m.to]?.hostedOn ?? null;
      return hosted !== null ? names.cb(hosted) : api;
    }
    case 'web bridge':
      return names.wb(p.webBridge);
    case 'browser':
      return names.who(m.participant);
  }
}
