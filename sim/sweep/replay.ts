/**
 * The replay command of one seed: the `movesim run` line that reproduces a run exactly, with
 * every argument quoted for a POSIX shell where it needs quoting.
 *
 * It builds text only; it runs nothing.
 */

/** Quotes `arg` for a POSIX shell when it holds anything but safe characters. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `movesim run FILE --seed SEED [--set PATH=VALUE ...]`, quoted for a shell. */
export function replayCommand(file: string, seed: string | number, set: readonly string[] = []): string {
  const args = ['movesim', 'run', file, '--seed', String(seed), ...set.flatMap((s) => ['--set', s])];
  return args.map(shellQuote).join(' ');
}
