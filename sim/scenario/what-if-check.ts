/**
 * Whether a what-if selector makes a valid fork of a parsed scenario: it must be readable, a
 * crash must name a node of the scenario other than the CMM, and happen before the run ends.
 * `movesim run --what-if` and the viewer's in-page runner (sim/browser-runner/) ask the same
 * question, so the page refuses exactly what the command line refuses, with the same reason.
 *
 * The CMM is refused because the model has no recovery for it: it is Meeting Management, the
 * API client that requests the moves, outside the CMS cluster; a crash of it would only stop
 * requests, which a scenario says directly by leaving the move out.
 */
import type { Scenario } from './schema.js';
import { parseWhatIf, type WhatIf } from './what-if.js';

/** The node ids a crash may name: call bridges, web bridges and participants' browsers. */
function crashableNodes(scenario: Scenario): string[] {
  return [
    ...scenario.cluster.callBridges.map((b) => b.id),
    ...scenario.cluster.webBridges.map((w) => w.id),
    ...scenario.participants.map((p) => p.id),
  ];
}

/** Why `selector` cannot fork `scenario`, in one sentence; undefined when it can. */
export function whatIfProblem(scenario: Scenario, selector: string): string | undefined {
  let w: WhatIf;
  try {
    w = parseWhatIf(selector);
  } catch (e) {
    return (e as Error).message;
  }
  if (!('crash' in w)) return undefined;
  const nodes = crashableNodes(scenario);
  if (w.crash === scenario.cluster.cmm.id)
    return `what-if "${selector}" crashes the CMM ("${w.crash}"), which the model cannot restart or recover (it is the API client outside the cluster); crash one of ${nodes.join(', ')}`;
  if (!nodes.includes(w.crash))
    return `what-if "${selector}": "${w.crash}" is not a node of the scenario; nodes are ${nodes.join(', ')}`;
  if (w.atMs >= scenario.until)
    return `what-if "${selector}" crashes "${w.crash}" at ${w.atMs}ms, but the run ends at ${scenario.until}ms; crash it earlier`;
  return undefined;
}
