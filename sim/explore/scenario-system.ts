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
import { type Micros, msToUs, type Simulation } from '../engine/index.js';
import { buildSimulation } from '../scenario/build.js';
import type { Scenario } from '../scenario/schema.js';
import type { ExploreSystem } from './search.js';

/** How a scenario is explored besides the bounds. */
export interface ScenarioSystemOptions {
  /** The nodes a fault may crash. Default: every call bridge and web bridge. */
  crashable?: readonly string[];
  /**
   * The restart delays each chosen crash is explored with, in µs (undefined: never). Default
   * `defaultRestartDelaysUs(scenario)`.
   */
  restartDelaysUs?: readonly (Micros | undefined)[];
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

/** The restart delay of a chosen crash when the scenario names none: 1 s. */
const RESTART_AFTER_US = 1_000_000;

/**
 * The restart delays a chosen crash is explored with by default: 1 s, and each restart delay of
 * the scenario's own crash faults (its recovery bounds; a crash fault that never restarts adds
 * `undefined`, a node that stays down), in order of first appearance.
 */
export function defaultRestartDelaysUs(scenario: Scenario): (Micros | undefined)[] {
  const out: (Micros | undefined)[] = [RESTART_AFTER_US];
  for (const f of scenario.faults) {
    if (!('crash' in f)) continue;
    const us = f.restartAfter === undefined ? undefined : msToUs(f.restartAfter);
    if (!out.includes(us)) out.push(us);
  }
  return out;
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
    restartDelaysUs: options.restartDelaysUs ?? defaultRestartDelaysUs(scenario),
    labels: (sim) => judgeOutcomes(sim.world(), moves).flatMap(outcomeLabels),
  };
}
