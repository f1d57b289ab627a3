/**
 * The command line of a fork the page made: the trace's own replay command (`meta.replay`,
 * written by `movesim run` and `movesim view`) with `--what-if '<selector>'` added, so the same
 * fork runs from a shell and writes the same trace. A trace without one gets a command built
 * from its scenario's name, seed and trace level, which assumes the shipped file's path.
 */
import type { RerunInfo } from '../../sim/engine/trace.js';

/** Quotes a word for a POSIX shell, always in single quotes. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs the same scenario with the same seed and trace level, from a shell. */
function baseCommand(rerun: RerunInfo, replay: unknown): string {
  if (typeof replay === 'string' && replay.trim() !== '') return replay.trim();
  const name = (rerun.scenario as { name?: unknown }).name;
  const file = `scenarios/${typeof name === 'string' ? name : 'scenario'}.yaml`;
  const level = rerun.traceLevel === 'logs' ? '' : ` --trace-level ${rerun.traceLevel}`;
  return `npx movesim run ${quoted(file)} --seed ${quoted(String(rerun.seed))}${level}`;
}

/** `movesim run … --what-if '<selector>'` for a fork of the run the trace records. */
export function forkCommand(rerun: RerunInfo, replay: unknown, selector: string): string {
  return `${baseCommand(rerun, replay)} --what-if ${quoted(selector)}`;
}
