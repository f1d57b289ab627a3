/**
 * What-if selectors: one change to one run, written as a short string that a command line, a
 * scenario file (`whatIf:`) or a page can carry. The format (docs/cli.md, "What-if selectors"):
 *
 * - `msg=<id>:drop`: the message with trace id `<id>` (the `msg` of its send event) is lost;
 * - `msg=<id>:delay=<duration>`: it arrives `<duration>` later (later messages on its link stay
 *   behind it);
 * - `msg=<id>:reorder=<duration>`: it arrives `<duration>` later, and later messages on its link
 *   do not wait for it (they may overtake it, as a reorder fault lets them);
 * - `msg=<id>:duplicate`: a second copy arrives right after it;
 * - `crash=<node>@<time>` or `crash=<node>@<time>:restart=<duration>`: the node crashes at that
 *   virtual time (and restarts that long after).
 *
 * Durations and times are written as everywhere in a scenario (`250ms`, `1.5s`, `5000123us`).
 * Message ids count the messages of the run the selector is applied to: with several selectors,
 * an id names the message of the run that the selectors before it already changed, so a list is
 * read in order, like a path. Parsing only: `build.ts` applies them.
 */
import { type MessageFate, msToUs } from '../engine/index.js';
import { parseDurationMs } from './duration.js';

/** One parsed what-if. */
export type WhatIf =
  | { msg: number; fate: MessageFate }
  | { crash: string; atMs: number; restartAfterMs: number | undefined };

/** The shape of a selector, for the end of error messages. */
export const WHAT_IF_HINT =
  'write msg=<id>:drop, msg=<id>:delay=<duration>, msg=<id>:reorder=<duration>, msg=<id>:duplicate or crash=<node>@<time>[:restart=<duration>], such as "msg=17:drop" or "crash=cbB@5.2s:restart=1s"';

/** A positive integer message id, or an Error. */
function messageId(text: string, selector: string): number {
  if (!/^[1-9]\d{0,14}$/.test(text))
    throw new Error(`what-if "${selector}": message id "${text}" is not a positive integer`);
  return Number(text);
}

/** A duration in milliseconds, or an Error naming the selector. */
function durationMs(text: string, selector: string, what: string): number {
  try {
    return parseDurationMs(/^\d+(?:\.\d+)?$/.test(text) ? Number(text) : text);
  } catch (e) {
    throw new Error(`what-if "${selector}": ${what}: ${(e as Error).message}`, { cause: e });
  }
}

/** The message part of a selector: `msg=<id>:<fate>`. */
function parseMessage(selector: string, rest: string): WhatIf {
  const m = /^msg=([^:]*):(drop|duplicate|(delay|reorder)=(.*))$/.exec(rest);
  if (m === null) throw new Error(`what-if "${selector}" is not readable; ${WHAT_IF_HINT}`);
  const msg = messageId(m[1]!, selector);
  if (m[2] === 'drop') return { msg, fate: { drop: true } };
  if (m[2] === 'duplicate') return { msg, fate: { duplicate: true } };
  const delayMs = durationMs(m[4]!, selector, m[3]!);
  if (msToUs(delayMs) <= 0)
    throw new Error(`what-if "${selector}": the ${m[3]} must be at least 1us`);
  const delayUs = msToUs(delayMs);
  return { msg, fate: m[3] === 'reorder' ? { delayUs, reorder: true } : { delayUs } };
}

/** Parses one selector; throws an Error that says what is wrong and how to write it. */
export function parseWhatIf(selector: string): WhatIf {
  const text = selector.trim();
  if (text.startsWith('msg=')) return parseMessage(selector, text);
  const c = /^crash=([^@:]+)@([^:]+)(?::restart=(.+))?$/.exec(text);
  if (c === null) throw new Error(`what-if "${selector}" is not readable; ${WHAT_IF_HINT}`);
  return {
    crash: c[1]!,
    atMs: durationMs(c[2]!, selector, 'crash time'),
    restartAfterMs: c[3] === undefined ? undefined : durationMs(c[3], selector, 'restart'),
  };
}

/** A time or duration in microseconds as a selector writes it: `<n>us`, exact. */
const us = (v: number): string => `${v}us`;

/** The selector of a what-if (what `parseWhatIf` reads back to the same what-if). */
export function formatWhatIf(w: WhatIf): string {
  if ('msg' in w) {
    const f = w.fate;
    const fate =
      'drop' in f
        ? 'drop'
        : 'delayUs' in f
          ? `${f.reorder === true ? 'reorder' : 'delay'}=${us(f.delayUs)}`
          : 'duplicate';
    return `msg=${w.msg}:${fate}`;
  }
  const restart = w.restartAfterMs === undefined ? '' : `:restart=${us(msToUs(w.restartAfterMs))}`;
  return `crash=${w.crash}@${us(msToUs(w.atMs))}${restart}`;
}

/** The message fates of a list of what-ifs, by message id (a later one for an id wins). */
export function messageFatesOf(whatIfs: readonly WhatIf[]): Map<number, MessageFate> {
  const fates = new Map<number, MessageFate>();
  for (const w of whatIfs) if ('msg' in w) fates.set(w.msg, w.fate);
  return fates;
}
