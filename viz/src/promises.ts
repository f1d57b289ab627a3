/**
 * What each invariant of the model promises, in a sentence, for the side panel's list of
 * violations. The viewer may not import the checkers (they are the simulator's), so the
 * sentences are kept here; a test checks that every invariant the simulator has is here.
 */

/** Each invariant's promise, by its name. */
export const PROMISES: Readonly<Record<string, string>> = {
  'single-call': 'A browser is media-connected to at most one call at any instant.',
  'no-duplicate-participant':
    'At most one pending or connected instance of a browser in the same call at any instant.',
  'old-jwt-deleted':
    'No websocket is authenticated with a JWT its bridge had already deleted, and none still is at the end.',
  'no-orphans':
    'At the end: no instance without a web bridge session, no valid JWT without an instance, no guest account without an instance.',
  'guest-account-lifecycle':
    'A moved guest gets a new guest id; a destroyed account is never reused.',
  'load-accounting': "A bridge's load equals the sum of its instances' load points.",
  'load-threshold': 'No participant is placed on a bridge past its load threshold.',
  'move-outcome':
    'Each move ends with exactly one explained outcome, and a rejected move leaves the participant untouched.',
  'carried-state':
    'After a move, local mute and layout are as before it, presenting is off and chat is empty.',
};

/** The promise of an invariant, or a plain note for one the viewer does not know. */
export function promiseOf(invariant: string): string {
  return PROMISES[invariant] ?? 'an invariant this viewer has no description of';
}
