/**
 * The building blocks the scenario schema and the fault registry share: references to declared
 * ids, durations as authors write them (parsed to milliseconds), and the time window of a fault
 * that lasts a while. Shapes only; `schema.ts` assembles the scenario from them.
 */
import { z } from 'zod';

import {
  DURATION_HINT,
  DURATION_PATTERN,
  durationProblem,
  MAX_DURATION_MS,
  parseDurationMs,
} from './duration.js';

/** A reference to an id declared elsewhere; existence is checked by references.ts. */
export const Ref = (what: string) => z.string().min(1, { error: `${what} must not be empty` });

/**
 * A duration as authors write it: a non-negative number of milliseconds or a string with a unit.
 */
export const DurationInputSchema = z
  .union([
    z
      .number()
      .min(0, { error: (iss) => durationProblem(iss.input) ?? 'duration must not be negative' })
      .max(MAX_DURATION_MS, {
        error: (iss) => durationProblem(iss.input) ?? 'duration is too long',
      }),
    z
      .string()
      .regex(DURATION_PATTERN, {
        error: (iss) => durationProblem(iss.input) ?? `not a duration; ${DURATION_HINT}`,
      })
      .refine((v) => durationProblem(v) === undefined, {
        error: (iss) => durationProblem(iss.input) ?? 'duration is too long',
      }),
  ])
  .meta({
    id: 'Duration',
    description:
      'A duration: a non-negative number of milliseconds, or a string with a unit (us, ms, s, m, h) such as "250ms", "1.5s", "2m", "1h", "500us"; at most 8760h (365 days).',
  });

/**
 * A duration with a description (a fresh schema each time, so descriptions do not clash); parsed to
 * milliseconds.
 */
export const duration = (description: string) =>
  DurationInputSchema.transform((v) => parseDurationMs(v)).describe(description);

/** The window of a fault that lasts a while: from `from` until `until`, in milliseconds. */
export const timeWindow = {
  from: duration('When the fault starts.'),
  until: duration('When the fault ends; after `from`.'),
};

/** Whether a window ends after it starts. */
export const windowOrdered = (f: { from: number; until: number }): boolean => f.until > f.from;

/** The problem of a window that does not end after it starts. */
export const windowError = { path: ['until'], error: '`until` must be after `from`' };
