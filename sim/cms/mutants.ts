/**
 * Model mutants: deliberate bugs behind test-only switches, to measure how strong the property
 * search is (a search that never fails on a mutant cannot see that bug).
 *
 * Each mutant has a name and a sentence saying what it breaks. A set of mutants is a plain
 * object of booleans, empty by default (the intact model); the handlers read it at the one point
 * each bug lives, with `on(mutants, 'name')`. The command line never reaches these switches:
 * `buildSimulation`'s `breakModel` option, the tests and `npm run mutants` do.
 */

/** Every mutant, with what it breaks. The order is the order of the kill table. */
export const MUTANTS = {
  skipTeardown: 'the home bridge skips the teardown: old instance, JWT and guest account stay',
  keepOldJwt: 'a teardown destroys the instance but keeps its JWT',
  jwtNamesApiBridge: 'the new JWT names the API bridge instead of the chosen bridge',
  reuseGuestId: 'the moved guest keeps its old guest account id',
  swapLoadThresholds: 'placement compares against the other load threshold',
  keepLoadOnTeardown: 'a teardown does not release the instance load',
  duplicateCreateMakesSecond: 'a repeated create of the new instance makes a second one',
  forgetEndSession: 'the web bridge never passes the end session on to the home bridge',
  muteReset: 'the browser resets its mute on a move',
  presentationKept: 'the browser keeps presenting after a move',
  chatKept: 'the browser keeps its chat after a move',
  ignoreMoveInProgress: 'the home bridge moves a participant already being moved',
  abortKeepsMoving:
    'a move given up before its new instance leaves the participant marked as moving',
  retrySucceededMove: 'the CMM sends the API request of a move again after a success answer',
} as const;

export type MutantName = keyof typeof MUTANTS;

/** A set of mutants switched on; absent means off. */
export type Mutants = { readonly [K in MutantName]?: boolean };

/** Every mutant's name, in the kill table's order. */
export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];

/** Whether mutant `name` is switched on. */
export function on(mutants: Mutants, name: MutantName): boolean {
  return mutants[name] === true;
}
