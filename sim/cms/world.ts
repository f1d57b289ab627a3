/**
 * Typed read access to a CMS world, for checkers, outcomes and reports.
 *
 * Observers (invariants, outcome judging) see every node's state; handlers never do.
 */
import type { NodeView, World } from '../engine/index.js';
import type { BrowserState, CallBridgeState, CmmState, WebBridgeState } from './state.js';

export interface CmsView {
  callBridges: NodeView<CallBridgeState>[];
  webBridges: NodeView<WebBridgeState>[];
  browsers: NodeView<BrowserState>[];
  cmm: NodeView<CmmState> | undefined;
}

const cache = new WeakMap<ReadonlyMap<string, NodeView>, CmsView>();

/**
 * Groups a world's nodes by CMS kind. The views are the engine's live node views, so the
 * grouping is made once per simulation (cached on its node map) and always current.
 */
export function cmsView(world: World): CmsView {
  const cached = cache.get(world.nodes);
  if (cached !== undefined && count(cached) === world.nodes.size) return cached;
  const view: CmsView = { callBridges: [], webBridges: [], browsers: [], cmm: undefined };
  for (const n of world.nodes.values()) add(view, n);
  cache.set(world.nodes, view);
  return view;
}

function count(v: CmsView): number {
  return (
    v.callBridges.length + v.webBridges.length + v.browsers.length + (v.cmm === undefined ? 0 : 1)
  );
}

function add(view: CmsView, n: NodeView): void {
  const item = n as NodeView<never>;
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
