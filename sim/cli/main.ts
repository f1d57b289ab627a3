/**
 * The `movesim` command: parses the command line and dispatches to one module per command
 * (run, validate, export, sweep, merge, report, check, explore, view, logs). Every command has
 * `--help` with examples.
 * Exit codes: 0 ok, 1 a violation, failed expectation or failed seed, 2 invalid input (an unknown
 * command or flag included).
 *
 * Each command's module is imported when the command runs, so `--help` and usage errors start
 * fast. `check` and `view` load their implementations (check-command.js, ../report/serve.js)
 * only when they are built, and say so when they are not.
 */
import { Command, CommanderError, Option } from 'commander';

import { TRACE_LEVELS } from '../engine/index.js';
import { TraceReadError } from '../report/read-trace.js';
import { EXIT, UsageError } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { importOptional } from './optional-module.js';
import { packageVersion } from './version.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** The formats `movesim export` writes. */
const EXPORT_FORMATS = ['cmslog', 'mermaid', 'perfetto', 'html'];

const EXIT_TEXT =
  'Exit codes: 0 ok, 1 violation or failed expectation (only ever a finding), 2 invalid input or an output path that cannot be written, 130/143 interrupted.';

/** The options of `movesim check`, as commander hands them over. */
interface CheckOptions {
  runs?: string;
  seed?: string;
  out?: string;
  path?: string;
  mutants?: boolean;
  workers?: string;
}

/** The property checker's command module, written by its own engineer. */
interface CheckModule {
  checkCommand(
    opts: CheckOptions,
    print: (s: string) => void,
    printErr: (s: string) => void,
  ): Promise<number>;
}

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

/** The `movesim` program with every command; `setExit` receives each command's exit code. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('movesim')
    .description(
      'Deterministic simulator of a Cisco Meeting Server cluster moving Web App participants between meetings.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .version(packageVersion(), '-V, --version', 'print the version of movesim')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.print(s.trimEnd()),
      writeErr: (s) => io.printErr(s.trimEnd()),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `${examples(
        'movesim run scenarios/move-across-bridges.yaml',
        'movesim validate scenarios/*.yaml',
        'movesim sweep scenarios/move-across-bridges.yaml --seeds 1..1000',
        'movesim export out/move-across-bridges/trace.json --format mermaid',
        'movesim help sweep',
      )}\n${EXIT_TEXT} Documentation: docs/cli.md`,
    );
  addRunCommand(program, io, setExit);
  addValidateCommand(program, io, setExit);
  addExportCommand(program, io, setExit);
  addSweepCommand(program, io, setExit);
  addMergeCommand(program, io, setExit);
  addReportCommand(program, io, setExit);
  addCheckCommand(program, io, setExit);
  addExploreCommand(program, io, setExit);
  addViewCommand(program, io, setExit);
  addLogsCommand(program, io, setExit);
  return program;
}

/** `movesim run`: one scenario, its tables and files. */
function addRunCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('run')
    .description(
      'Run one scenario: print the move table and verdicts; write trace.json, summary.json and cms.log (and with --compact-side, for a trace.json of 16 MiB or more, trace.compact.gz: its compact encoding, which movesim view sends instead of encoding the trace).',
    )
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', "random seed (overrides the scenario's seed)")
    .option('--out <dir>', 'output folder (default: out/<scenario name>)')
    .addOption(
      new Option('--trace-level <level>', 'what trace.json records')
        .choices([...TRACE_LEVELS])
        .default('logs'),
    )
    .option('--json', 'print the summary as JSON on stdout, nothing else')
    .option(
      '--set <path=value>',
      'override a scenario key before validation (repeatable)',
      collect,
      [],
    )
    .option(
      '--html <file>',
      'also write the viewer with this trace as one self-contained HTML page',
    )
    .option(
      '--move <id>',
      "print this move's full message table (repeatable; default: every move when there are at most 3)",
      collect,
      [],
    )
    .option(
      '--what-if <selector>',
      'change this run once, e.g. msg=17:drop, msg=17:delay=200ms, msg=17:duplicate, crash=cbB@5.2s:restart=1s (repeatable; docs/cli.md)',
      collect,
      [],
    )
    .option(
      '--stream',
      'write the trace to trace.ndjson and cms.log as the run goes (memory stays flat on long runs)',
    )
    .option(
      '--compact-side',
      'also write trace.compact.gz beside a trace.json of 16 MiB or more, so that movesim view starts at once (the encoding costs a large run about as long again as the run; without it, view encodes the trace on first use and keeps that encoding)',
    )
    .addOption(
      new Option(
        '--checks <when>',
        'when safety invariants are checked (default: every event; at the end for runs of more than 500 participants)',
      ).choices(['every-event', 'end']),
    )
    .addHelpText(
      'after',
      `${examples(
        'movesim run scenarios/move-across-bridges.yaml',
        'movesim run scenarios/move-across-bridges.yaml --seed 7 --set cluster.loadBalancing.policy=least-loaded',
        'movesim run scenarios/move-same-bridge.yaml --json --trace-level state --out out/run1',
        'movesim run scenarios/move-across-bridges.yaml --trace-level state --html out/move.html',
        "movesim run scenarios/move-across-bridges.yaml --what-if 'msg=43:drop' --out out/what-if",
      )}\n${EXIT_TEXT}`,
    )
    .action(async (file: string, opts) =>
      setExit(
        await (await import('./run-command.js')).runCommand(file, opts, io.print, io.printErr),
      ),
    );
}

/** `movesim validate`: scenario files checked, nothing run. */
function addValidateCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description(
      'Check scenario files against the schema and references; print every problem as file:line: path: message.',
    )
    .argument('<scenario...>', 'scenario files (YAML or JSON)')
    .option(
      '--set <path=value>',
      'override a scenario key before validation (repeatable)',
      collect,
      [],
    )
    .addHelpText(
      'after',
      `${examples(
        'movesim validate scenarios/move-across-bridges.yaml',
        'movesim validate scenarios/*.yaml --set cluster.loadBalancing.policy=round-robin',
      )}\nExit codes: 0 every file is valid, 2 a problem was found.`,
    )
    .action(async (files: string[], opts) =>
      setExit((await import('./validate-command.js')).validateCommand(files, opts, io)),
    );
}

/** `movesim logs`: real CMS syslog read back into moves. */
function addLogsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('logs')
    .description(
      "Read CMS syslog (call and web bridges'; text or .gz; one file per server or merged): reconstruct each move as a trace, explain it, check it against a scenario's model.",
    )
    .argument('<file...>', 'log files (syslog text, or gzip)')
    .option(
      '--scenario <file>',
      'the scenario whose model the moves are checked against (default: the shipped move on one bridge, or across bridges, as the logs show)',
    )
    .option('--out <dir>', 'output folder for trace.json and report.json (default: out/logs)')
    .option('--json', 'print the report as JSON on stdout, nothing else')
    .option('--fit', "also fit the model's latency and processing to the observed gaps")
    .option('--model-runs <n>', 'seeds the model is run for (default 50)')
    .option(
      '--offset-ms <ms>',
      "trace time of a dated log's first line (default 0); e.g. 5000 to compare with a scenario's move at 5 s",
    )
    .addHelpText(
      'after',
      `${examples(
        'movesim logs cbA.log cbB.log cbC.log wbA.log',
        'movesim logs merged-syslog.log.gz --scenario scenarios/move-across-bridges.yaml --out out/incident',
        'movesim logs out/move-same-bridge/cms.log --fit',
        'movesim logs incident.log --offset-ms 5000   # then compare with a run whose move is at 5 s',
      )}\nExit codes: 0 the logs were read (whatever the moves' outcomes), 2 a file cannot be read, is binary, holds no CMS entry, or a flag is wrong.`,
    )
    .action(async (files: string[], opts) =>
      setExit(await (await import('./logs-command.js')).logsCommand(files, opts, io)),
    );
}

/** `movesim export`: a trace converted to another format. */
function addExportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('export')
    .description(
      'Convert a trace (trace.json or streamed NDJSON) to a CMS log, a Mermaid sequence diagram, Perfetto trace-event JSON or an HTML page.',
    )
    .argument('<trace>', 'trace.json, or a streamed trace (NDJSON)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .option('--move <id>', 'mermaid only: just the messages of this move')
    .addHelpText(
      'after',
      `${examples(
        'movesim export out/move-across-bridges/trace.json --format mermaid --move m1',
        'movesim export out/move-across-bridges/trace.json --format perfetto -o move.perfetto.json   # open in ui.perfetto.dev',
        'movesim export out/move-across-bridges/trace.json --format cmslog',
      )}\nExit codes: 0 ok, 2 the trace cannot be read or a flag is wrong.`,
    )
    .action(async (file: string, opts) =>
      setExit(await (await import('./export-command.js')).exportCommand(file, opts, io)),
    );
}

/** `movesim sweep`: many seeds on worker threads. */
function addSweepCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('sweep')
    .description(
      'Run many seeds of a scenario on worker threads and write an aggregate summary.json; with --vary, run a grid of scenario values and write sweep.json, points.csv and (--report) report.html.',
    )
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .requiredOption('--seeds <A..B>', 'the seeds to run, both ends included, such as 1..1000')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option(
      '--shard <i/n>',
      'run only shard i of n (counted from 0): the seeds s with (s - A) mod n = i',
    )
    .option(
      '--out <dir>',
      'output folder (default: out/<scenario name>/sweep, plus shard-<i>-of-<n> for a shard)',
    )
    .option(
      '--set <path=value>',
      'override a scenario key before validation (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the summary as JSON on stdout, nothing else')
    .option(
      '--vary <key=values>',
      'run the grid of a scenario key\'s values: a list a,b,c, a range 100..1000:100, or, for values that hold commas, a JSON array \'["a,b", "c"]\' (strings as after --set KEY=; repeatable, once per key; writes sweep.json and points.csv)',
      collect,
      [],
    )
    .option('--report', 'with --vary: also write report.html, the plots of the metrics')
    .option('--yes', 'run a grid of more than 100,000 runs')
    .addHelpText(
      'after',
      `${examples(
        'movesim sweep scenarios/move-across-bridges.yaml --seeds 1..1000',
        'movesim sweep scenarios/breakout-capacity.yaml --seeds 1..10 --vary population.0.count=40..280:40 --vary cluster.loadBalancing.policy=cms,least-loaded --report',
        'movesim sweep scenarios/move-across-bridges.yaml --seeds 1..1000 --set "network.loss=[{probability: 0.01}]"',
        `movesim sweep scenarios/move-across-bridges.yaml --seeds 1..100 --vary 'network.loss=[[], [{"probability": 0.01}]]'`,
        'movesim sweep scenarios/move-across-bridges.yaml --seeds 1..100000 --shard "$JOB_COMPLETION_INDEX/8" --out shards/$JOB_COMPLETION_INDEX',
      )}\nExit codes: 0 every seed passed, 1 a seed failed (its replay command is in summary.json), 2 invalid input.`,
    )
    .action(async (file: string, opts) =>
      setExit(await (await import('./sweep-command.js')).sweepCommand(file, opts, io)),
    );
}

/** `movesim merge`: sweep shards joined. */
function addMergeCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description(
      'Join the summary.json (or, of a parameter sweep, sweep.json) files of sweep shards into the file of the whole sweep.',
    )
    .argument('<summary...>', 'summary.json or sweep.json files written by `movesim sweep --shard`')
    .option(
      '-o, --output <file>',
      'write the merged summary to this file (atomically) instead of stdout',
    )
    .option('--allow-partial', 'merge even when some shards are missing')
    .addHelpText(
      'after',
      `${examples(
        'movesim merge shards/*/summary.json -o out/sweep-summary.json',
        'movesim merge a/summary.json b/summary.json > merged.json',
      )}\nExit codes: 0 every seed passed, 1 a seed failed, 2 the summaries cannot be read or merged.`,
    )
    .action(async (files: string[], opts) =>
      setExit((await import('./merge-command.js')).mergeCommand(files, opts, io)),
    );
}

/** `movesim report`: the report page of a parameter sweep. */
function addReportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description(
      "Write report.html, the plots of a parameter sweep, from its sweep.json (such as a merged one), and each grid point's worst seed run again as a viewer page in runs/ beside it. The scenario file the sweep names is read from the current folder; a point whose file is missing or has changed since the sweep gets a note and its movesim view command instead.",
    )
    .argument('<sweep.json>', 'the sweep.json that `movesim sweep --vary` or `movesim merge` wrote')
    .option('-o, --output <file>', 'the file to write (default: report.html beside sweep.json)')
    .option('--no-runs', 'run no seed again; link only the run pages already in runs/')
    .addHelpText(
      'after',
      `${examples('movesim report out/breakout-120/sweep/sweep.json', 'movesim report merged.json -o merged-report.html')}\nExit codes: 0 written (also when some points get no run page; a note says why), 2 the sweep file cannot be read or the report cannot be written.`,
    )
    .action(async (file: string, opts) =>
      setExit(await (await import('./report-command.js')).reportCommand(file, opts, io)),
    );
}

/** `movesim check`: the property search. */
function addCheckCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description(
      'Property exploration: generate clusters, workloads and fault plans, check the invariants, and write any failure as a replayable scenario.',
    )
    .option('--runs <n>', 'how many generated cases to run (default: 200)')
    .option(
      '--seed <s>',
      'the seed of the generator, a 32-bit integer (default: a random one, printed first)',
    )
    .option('--out <dir>', 'where failing scenarios are written (default: test/counterexamples)')
    .option(
      '--path <path>',
      "replay one case of a search: the fast-check path from a counterexample's header",
    )
    .option(
      '--workers <n>',
      'worker threads that share the cases; the same result whatever the number (default: 1, no threads)',
    )
    .option(
      '--mutants',
      'run the search against each deliberate model bug instead, and print which it kills (default: 200 cases each, seed 2)',
    )
    .addHelpText(
      'after',
      `${examples('movesim check --runs 500 --seed 42 --out out/check', 'movesim check --seed 42 --path "12:3:0"', 'movesim check --runs 2000 --workers 2', 'movesim check --mutants')}\n${EXIT_TEXT}`,
    )
    .action(async (opts: CheckOptions) => {
      const mod = await importOptional<CheckModule>('./check-command.js');
      if (mod === undefined) {
        io.printErr(
          'movesim: check is not in this build yet (sim/cli/check-command.ts is missing)',
        );
        setExit(EXIT.invalid);
        return;
      }
      setExit(await mod.checkCommand(opts, io.print, io.printErr));
    });
}

/** `movesim explore`: every schedule within a bound of delays and faults. */
function addExploreCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('explore')
    .description(
      "Explore every schedule of a scenario within K delays and F faults (lost messages, crashes) on the simulator's own handlers; write each violation's shortest schedule as a replayable scenario.",
    )
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option(
      '--delays <K>',
      'the most messages deferred past the next event, per schedule (default: 1)',
    )
    .option(
      '--faults <F>',
      'the most faults (a message lost, a node crashed) per schedule (default: 1)',
    )
    .option(
      '--max-states <N>',
      'stop after this many states; the report then says the bound was not reached (default: 100000)',
    )
    .option(
      '--bfs',
      'breadth first: schedules with fewer deviations first, so counterexamples are the shortest',
    )
    .option(
      '--restart-after <durations>',
      'how long after a chosen crash the node restarts, or "never"; several separated by commas, each explored (default: 1s and the restart delays of the scenario\'s own crash faults)',
    )
    .option('--out <dir>', 'output folder (default: out/<scenario name>/explore)')
    .option('--seed <n>', "random seed (overrides the scenario's seed)")
    .option(
      '--set <path=value>',
      'override a scenario key before validation (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the report (explore.json) on stdout, nothing else')
    .addHelpText(
      'after',
      `${examples(
        'movesim explore scenarios/move-across-bridges.yaml --delays 2 --faults 1',
        'movesim explore scenarios/move-across-bridges.yaml --faults 1 --delays 0 --set cluster.recovery.sessionCleanup=false --bfs',
        'movesim explore scenarios/move-same-bridge.yaml --max-states 5000 --out out/explore1',
      )}\n${EXIT_TEXT} What explore proves: README.md.`,
    )
    .action(async (file: string, opts) =>
      setExit((await import('./explore-command.js')).exploreCommand(file, opts, io)),
    );
}

/** `movesim view`: the viewer served on localhost. */
function addViewCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('view')
    .description(
      'Serve the viewer on localhost for a trace, or for a scenario run with the trace at the state level; print its URL.',
    )
    .argument('<trace-or-scenario>', 'trace.json, a streamed trace, or a scenario file')
    .option('--seed <n>', "for a scenario: random seed (overrides the scenario's seed)")
    .option(
      '--set <path=value>',
      'for a scenario: override a key before validation (repeatable)',
      collect,
      [],
    )
    .addHelpText(
      'after',
      `${examples('movesim view out/move-across-bridges/trace.json', 'movesim view scenarios/move-across-bridges.yaml --seed 3')}\nA trace's compact side file (trace.compact.gz beside trace.json, written by movesim run --compact-side for a trace of 16 MiB or more) is sent as it is when it was made from exactly that trace; otherwise the trace is encoded on the page's first request, and a trace of 16 MiB or more gets that encoding kept as its side file.\nStop with Ctrl-C. Exit codes: 0 stopped, 2 invalid input.`,
    )
    .action(async (file: string, opts) =>
      setExit(await (await import('./view-command.js')).viewCommand(file, opts, io)),
    );
}

/** Runs the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    if (err instanceof UsageError || err instanceof TraceReadError) {
      io.printErr(`movesim: ${err.message}`);
      return EXIT.invalid;
    }
    throw err;
  }
  return code;
}
