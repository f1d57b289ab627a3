/**
 * `movesim validate <scenario...>`: loads each scenario (with `--set` overrides applied first)
 * and prints every problem as `file:line: path: message` on stderr, or one `ok` line per valid
 * file on stdout. Exit 0 when every file is valid, 2 otherwise. It runs nothing and writes nothing.
 */
import { formatProblem, formatWarning, loadScenarioText } from '../scenario/load.js';
import { oneLine } from '../scenario/one-line.js';
import { EXIT } from './exit-codes.js';
import { readInputText } from './input-files.js';
import type { CliIo } from './io.js';

/** Options of `movesim validate`. */
export interface ValidateOptions {
  /**
   * Overrides such as `cluster.loadBalancing.policy=least-loaded`, applied before validation.
   * Default none.
   */
  set?: string[];
}

export function validateCommand(
  files: readonly string[],
  opts: ValidateOptions,
  io: CliIo,
): number {
  let code: number = EXIT.ok;
  for (const file of files) {
    const input = readInputText(file, 'scenario');
    if (!input.ok) {
      io.printErr(input.message);
      code = EXIT.invalid;
      continue;
    }
    const loaded = loadScenarioText(input.text, file, { set: opts.set ?? [] });
    if (loaded.ok) {
      const s = loaded.scenario;
      for (const w of loaded.warnings) io.printErr(formatWarning(w));
      const size = `${s.cluster.callBridges.length} call bridge(s), ${s.participants.length} participant(s), ${s.moves.length} move(s)`;
      io.print(`${oneLine(file)}: ok (scenario ${s.name}: ${size})`);
      continue;
    }
    for (const p of loaded.problems) io.printErr(formatProblem(p));
    io.printErr(`${oneLine(file)}: ${loaded.problems.length} problem(s)`);
    code = EXIT.invalid;
  }
  return code;
}
