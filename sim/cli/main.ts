/**
 * The `movesim` command: parses the command line and dispatches to one module per command.
 * Exit codes: 0 ok, 1 a violation or failed expectation, 2 invalid input.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError } from './exit-codes.js';
import { runCommand } from './run-command.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function buildProgram(print: (s: string) => void, printErr: (s: string) => void, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('movesim')
    .description('Deterministic simulator of a Cisco Meeting Server cluster moving Web App participants between meetings.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => print(s.trimEnd()), writeErr: (s) => printErr(s.trimEnd()) })
    .exitOverride();

  program
    .command('run')
    .description('Run one scenario: print the move table and verdicts; write trace.json, summary.json and cms.log.')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', "random seed (overrides the scenario's seed)")
    .option('--out <dir>', 'output folder (default: out/<scenario name>)')
    .addOption(new Option('--trace-level <level>', 'what trace.json records').choices(['off', 'messages', 'logs', 'state']).default('logs'))
    .option('--json', 'print the summary as JSON on stdout, nothing else')
    .option('--set <path=value>', 'override a scenario key before validation (repeatable)', collect, [])
    .addHelpText('after', '\nExamples:\n  movesim run scenarios/move-across-bridges.yaml\n  movesim run scenarios/breakout-120.yaml --seed 7 --set cluster.loadBalancing.policy=least-loaded\n\nExit codes: 0 ok, 1 violation or failed expectation, 2 invalid input.')
    .action((file: string, opts) => setExit(runCommand(file, opts, print, printErr)));

  return program;
}

/** Runs the command line `argv` (without node and script); returns the exit code. */
export function main(argv: string[], print = (s: string) => console.log(s), printErr = (s: string) => console.error(s)): number {
  let code: number = EXIT.ok;
  const program = buildProgram(print, printErr, (c) => (code = c));
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    if (err instanceof UsageError) {
      printErr(`movesim: ${err.message}`);
      return EXIT.invalid;
    }
    throw err;
  }
  return code;
}
