/**
 * Identifiers a node mints: participant GUIDs, JWT ids and guest account names.
 *
 * Drawn from the minting node's own `ids` random stream, so they are a function of the seed.
 */
import type { Context } from '../engine/index.js';

/** A GUID such as CMS uses for participants and calls. */
export function newGuid(ctx: Pick<Context, 'random'>): string {
  return ctx.random('ids').guid();
}

/** A guest account name such as `guest921953266`. */
export function newGuestId(ctx: Pick<Context, 'random'>): string {
  return `guest${1_000_000_000 + ctx.random('ids').int(3_000_000_000)}`;
}
