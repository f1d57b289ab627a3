/**
 * Warnings: scenario input that is valid but probably a mistake, because it cannot have the
 * effect it seems to ask for. A move, join or fault at or after `until` never happens; a recovery
 * or API timeout of 0 fires at once, so every participant it guards is torn down or every request
 * times out. The run goes ahead; the loader reports these with the file's lines, and the commands
 * print them on stderr as `file:line: path: warning: message` without changing the exit code.
 *
 * This file reads a parsed scenario (durations in milliseconds, defaults applied) and gives
 * findings; it does not print. docs/cli.md lists each case and why it warns rather than refuses.
 */
import type { DocPath, Finding } from './problems.js';
import type { Scenario } from './schema.js';

/** `ms` as the messages print it: seconds with up to three decimals. */
const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))}s`;

/** The warnings of a parsed scenario, in document order. */
export function scenarioWarnings(s: Scenario): Finding[] {
  const out: Finding[] = [];
  const until = s.until;
  const late = (path: DocPath, what: string, atMs: number): void => {
    if (atMs >= until) {
      out.push({
        path,
        message: `${what} at ${seconds(atMs)} is at or after until (${seconds(until)}), so it never happens; make it earlier or raise until`,
      });
    }
  };
  const { recovery, cmm } = s.cluster;
  if (cmm.apiTimeout === 0) {
    out.push({
      path: ['cluster', 'cmm', 'apiTimeout'],
      message:
        'an API timeout of 0 makes CMM give up on every request at once, so no move can succeed; give a positive timeout',
    });
  }
  if (recovery.sessionCleanup) {
    const zero: [keyof typeof recovery, string][] = [
      ['websocketIdleTimeout', 'every websocket is dropped as soon as it is silent'],
      ['mediaInactivityTimeout', 'a participant whose media stops is torn down at once'],
      ['pendingParticipantTimeout', 'every new participant is removed before it can join'],
    ];
    for (const [key, effect] of zero) {
      if (recovery[key] === 0) {
        out.push({
          path: ['cluster', 'recovery', key],
          message: `a timeout of 0 means ${effect}; give a positive timeout, or set sessionCleanup: false to switch recovery off`,
        });
      }
    }
  }
  s.participants.forEach((p, i) => {
    if (p.join !== undefined)
      late(['participants', i, 'join', 'at'], `the join of ${p.id}`, p.join.at);
  });
  s.moves.forEach((m, i) => late(['moves', i, 'at'], `move ${m.id}`, m.at));
  s.faults.forEach((f, i) => {
    if ('at' in f) late(['faults', i, 'at'], 'this fault', f.at);
    else if ('from' in f) late(['faults', i, 'from'], 'this fault', f.from);
  });
  return out;
}
