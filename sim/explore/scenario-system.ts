/**
 * A scenario as a system to explore: each execution builds the scenario's simulation afresh
 * (no trace, handlers on the live state, checks after every event), the call bridges and web
 * bridges are the nodes a fault may crash, and a finished run is labelled by its moves' outcomes.
 *
 * The labels are the "sometimes" properties: for each move, each result class (`moved`,
 * `rejected`, `dropped`, `wrong-meeting`) and each declared reason of a rejected or dropped move
 * (`sometimesProperties` lists them all, so a report can flag those never reached).
 */
import {
  DROPPED_REASONS,
  judgeOutcomes,
  type MoveResult,
  type Outcome,
  REJECTED_REASONS,
} from '../cms/outcomes.js';
import type { Micros, Simulation } from '../engine/index.js';
import { buildSimulation } from '../scenario/build.js';
import type { Scenario } from '../scenario/schema.js';
import type { ExploreSystem } from './search.js';

/** How a scenario is explored besides the bounds. */
export interface ScenarioSystemOptions {
  /** The nodes a fault may crash. Default: every call bridge and web bridge. */
  crashable?: readonly string[];
  /** How long after a chosen crash the node restarts, in µs; undefined: never. Default 1 s. */
  restartAfterUs?: Micros | undefined;
  /** Overrides the scenario's seed. */
  seed?: string | number;
}

const RESULTS: readonly MoveResult[] = ['moved', 'rejected', 'dropped', 'wrong-meeting'];

/** The label of a move's outcome: `m1 moved`, `m1 rejected`, and with its reason. */
function outcomeLabels(o: Outcome): string[] {
  const base = `${o.move} ${o.result}`;
  return o.reason === null || o.result === 'wrong-meeting'
    ? [base]
    : [base, `${base} (${o.reason})`];
}

/** Every "sometimes" property of a scenario: its moves' result classes and reasons. */
export function sometimesProperties(scenario: Scenario): string[] {
  return scenario.moves.flatMap((m) => [
    ...RESULTS.map((r) => `${m.id} ${r}`),
    ...REJECTED_REASONS.map((r) => `${m.id} rejected (${r})`),
    ...DROPPED_REASONS.map((r) => `${m.id} dropped (${r})`),
  ]);
}

/** The system `explore` searches for `scenario`. */
export function scenarioSystem(
  scenario: Scenario,
  options: ScenarioSystemOptions = {},
): ExploreSystem {
  const moves = scenario.moves.map((m) => ({ id: m.id, participant: m.participant, to: m.to }));
  const build = (): Simulation =>
    buildSimulation(scenario, {
      traceLevel: 'off',
      stateMode: 'mutable',
      safetyChecks: 'every-event',
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    }).sim;
  return {
    start: build,
    crashable: options.crashable ?? [
      ...scenario.cluster.callBridges.map((b) => b.id),
      ...scenario.cluster.webBridges.map((w) => w.id),
    ],
    restartAfterUs: 'restartAfterUs' in options ? options.restartAfterUs : 1_000_000,
    labels: (sim) => judgeOutcomes(sim.world(), moves).flatMap(outcomeLabels),
  };
}
