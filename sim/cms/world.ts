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

/**
 * The key under which a node map keeps its grouping. The grouping is kept on the map itself, so
 * it lives and dies with its simulation: a module-level WeakMap from node maps to groupings kept
 * every young simulation alive through V8's young-generation collections (the scavenger does
 * not let a WeakMap entry go before a full collection) and so promoted about a tenth of a
 * generated case's bytes (docs/performance.md).
 */
const GROUPING: unique symbol = Symbol('cmsView');

/** A node map that may carry its grouping. */
type GroupedNodes = ReadonlyMap<string, NodeView> & { [GROUPING]?: CmsView };

/**
 * Groups a world's nodes by CMS kind. The views are the engine's live node views, so the
 * grouping is made once per simulation (kept on its node map) and always current.
 */
export function cmsView(world: World): CmsView {
  const nodes = world.nodes as GroupedNodes;
  const cached = nodes[GROUPING];
  if (cached !== undefined && count(cached) === nodes.size) return cached;
  const view: CmsView = { callBridges: [], webBridges: [], browsers: [], cmm: undefined };
  for (const n of nodes.values()) add(view, n);
  (nodes as { [GROUPING]?: CmsView })[GROUPING] = view;
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
