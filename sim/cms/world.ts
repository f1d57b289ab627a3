/**
 * Typed read access to a CMS world, for checkers, outcomes and reports.
 *
 * Observers (invariants, outcome judging) see every node's state; handlers never do.
 */
import type { NodeView, World } from '../engine/index.js';
import type { BrowserState, CallBridgeState, CmmState, WebBridgeState } from './state.js';

export interface CmsView {
  callBridges: { id: string; up: boolean; state: CallBridgeState }[];
  webBridges: { id: string; up: boolean; state: WebBridgeState }[];
  browsers: { id: string; up: boolean; state: BrowserState }[];
  cmm: { id: string; up: boolean; state: CmmState } | undefined;
}

/** Groups a world's nodes by CMS kind. */
export function cmsView(world: World): CmsView {
  const view: CmsView = { callBridges: [], webBridges: [], browsers: [], cmm: undefined };
  for (const n of world.nodes.values()) add(view, n);
  return view;
}

function add(view: CmsView, n: NodeView): void {
  const item = { id: n.id, up: n.up, state: n.state as never };
  switch (n.kind) {
    case 'callbridge':
      view.callBridges.push(item);
      return;
    case 'webbridge':
      view.webBridges.push(item);
      return;
    case 'browser':
      view.browsers.push(item);
      return;
    case 'cmm':
      view.cmm = item;
      return;
  }
}
