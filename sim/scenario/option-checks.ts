/**
 * Checks of command-line options against a loaded scenario: `run --move ID` must name a move of
 * the scenario, as `export --move` must name a move of the trace. Each check gives the one-line
 * message of a refusal (exit 2, nothing run or written) or undefined.
 *
 * This file only checks; the commands print and exit.
 */
import type { Scenario } from './schema.js';
import { didYouMean, listWords } from './suggest.js';

/** Why `--move` names a move the scenario does not have, or undefined when every id is a move. */
export function unknownMoveProblem(scenario: Scenario, ids: readonly string[]): string | undefined {
  const known = scenario.moves.map((m) => m.id);
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown === undefined) return undefined;
  return `--move ${unknown}: the scenario has no move with that id${didYouMean(unknown, known)}; its moves are ${listWords(known)}`;
}
