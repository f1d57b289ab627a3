/**
 * The exit codes of every `movesim` command (a contract): 0 all promises kept, 1 a violation
 * or a failed expectation, 2 invalid input (nothing written).
 */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** An error the user caused and can fix; printed without a stack, exit 2. */
export class UsageError extends Error {}
