/**
 * The command line of a fork the page made: `movesim run` on the scenario's file with the
 * trace's seed, the `--set` and `--what-if` arguments the run had (`meta.rerunArgs`), its trace
 * level and checks when not the defaults, and `--what-if '<selector>'` for the fork; from the
 * movesim folder it writes the trace the page made. A trace does not record its file's path
 * (that would make its bytes depend on how the command was typed), so the command names the
 * shipped file, `scenarios/<name>.yaml`; the page says to change it for a scenario elsewhere.
 */
import type { RerunArgs, RerunInfo } from '../../sim/engine/trace.js';

/** Above this many participants a run checks safety once at the end by default (run.ts). */
const LARGE_RUN_PARTICIPANTS = 500;

/** Quotes a word for a POSIX shell, always in single quotes. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A word as a shell reads it: as is when plain, else quoted. */
function word(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : quoted(w);
}

/** The `--set` and `--what-if` arguments of the run, when the trace has valid ones. */
function argsOf(raw: unknown): RerunArgs {
  const r = raw as Partial<RerunArgs> | undefined;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return { set: strings(r?.set), whatIf: strings(r?.whatIf) };
}

/** `--checks …` when the run's checks are not what its size gives by default. */
function checksFlag(rerun: RerunInfo): string[] {
  const participants = (rerun.scenario as { participants?: unknown[] }).participants?.length ?? 0;
  const byDefault = participants > LARGE_RUN_PARTICIPANTS ? 'end' : 'every-event';
  return rerun.safetyChecks === byDefault ? [] : ['--checks', rerun.safetyChecks];
}

/** The scenario's file as the command names it. */
export function scenarioFile(rerun: RerunInfo): string {
  const name = (rerun.scenario as { name?: unknown }).name;
  return `scenarios/${typeof name === 'string' && name !== '' ? name : 'scenario'}.yaml`;
}

/** `npx movesim run … --what-if '<selector>'` for a fork of the run the trace records. */
export function forkCommand(rerun: RerunInfo, rawArgs: unknown, selector: string): string {
  const args = argsOf(rawArgs);
  const parts = [
    'npx movesim run',
    word(scenarioFile(rerun)),
    '--seed',
    word(String(rerun.seed)),
    ...args.set.flatMap((s) => ['--set', word(s)]),
    ...args.whatIf.flatMap((w) => ['--what-if', quoted(w)]),
    ...(rerun.traceLevel === 'logs' ? [] : ['--trace-level', rerun.traceLevel]),
    ...checksFlag(rerun),
    '--what-if',
    quoted(selector),
  ];
  return parts.join(' ');
}
