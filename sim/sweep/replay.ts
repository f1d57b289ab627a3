/**
 * The replay command of one seed: the `movesim run` line that reproduces a run exactly, with
 * every argument quoted for a POSIX shell where it needs quoting.
 *
 * It builds text only; it runs nothing.
 */

/**
 * Quotes `arg` for a POSIX shell when it holds anything but safe characters. An argument with a
 * control character (a line break in a file name, say) is written in `$'…'` quoting with the
 * character escaped, so the command stays on one line and still runs as printed (bash, zsh,
 * ksh and POSIX.1-2024 shells read `$'…'`).
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here.
  if (/[\u0000-\u001f\u007f]/.test(arg)) {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here.
    const escaped = arg.replace(/[\\'\u0000-\u001f\u007f]/g, (c) =>
      c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
    return `$'${escaped}'`;
  }
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * How the replay commands start: `npx movesim`, which runs this package's own command inside a
 * clone (after `npm install`) and an installed movesim anywhere else, where a bare `movesim` is
 * found only when it is installed globally.
 */
export const COMMAND_PREFIX = 'npx movesim';

/** `npx movesim run FILE --seed SEED [--set PATH=VALUE ...]`, quoted for a shell. */
export function replayCommand(
  file: string,
  seed: string | number,
  set: readonly string[] = [],
): string {
  const args = ['run', file, '--seed', String(seed), ...set.flatMap((s) => ['--set', s])];
  return `${COMMAND_PREFIX} ${args.map(shellQuote).join(' ')}`;
}

/** `npx movesim view FILE --seed SEED [--set PATH=VALUE ...]`: the run, opened in the viewer. */
export function viewCommand(file: string, seed: number, set: readonly string[] = []): string {
  const args = ['view', file, '--seed', String(seed), ...set.flatMap((s) => ['--set', s])];
  return `${COMMAND_PREFIX} ${args.map(shellQuote).join(' ')}`;
}

/**
 * `npx movesim check --seed SEED --path PATH`, quoted for a shell: the search that found a
 * counterexample, replayed.
 */
export function checkReplayCommand(seed: number, path: string): string {
  return `${COMMAND_PREFIX} check --seed ${seed} --path ${shellQuote(path)}`;
}
