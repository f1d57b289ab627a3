/**
 * The command lines of a fork the page made, for a POSIX shell. A trace does not record its
 * scenario file's path (that would make its bytes depend on how the command was typed), but it
 * carries the scenario itself (`meta.rerun.scenario`: parsed, every default, `--set` override
 * and earlier what-if applied). So the command writes that scenario to a file in the current
 * folder with a here-document and runs the fork on it:
 *
 *     cat > move-across-bridges.rerun.json <<'MOVESIM_SCENARIO'
 *     {"name":"move-across-bridges",...}
 *     MOVESIM_SCENARIO
 *     npx movesim run move-across-bridges.rerun.json --what-if 'msg=58:drop'
 *
 * It runs as printed from any folder where `npx movesim` runs movesim, whatever file the run
 * came from and however it was changed, and writes the very `trace.json` the page's fork made
 * (the in-page runner reads the carried scenario through the same schema, and records the fork's
 * `--what-if` as `meta.rerunArgs` as `run` does). The seed is given when it is not the
 * scenario's own, the trace level and checks when not the defaults.
 */
import type { RerunInfo } from '../../sim/engine/trace.js';

/** Above this many participants a run checks safety once at the end by default (run.ts). */
const LARGE_RUN_PARTICIPANTS = 500;

/** The here-document's end line; a JSON text on one line can never be it. */
const END_LINE = 'MOVESIM_SCENARIO';

/** Quotes a word for a POSIX shell, always in single quotes. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A word as a shell reads it: as is when plain, else quoted. */
function word(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : quoted(w);
}

/** `--checks …` when the run's checks are not what its size gives by default. */
function checksFlag(rerun: RerunInfo): string[] {
  const participants = (rerun.scenario as { participants?: unknown[] }).participants?.length ?? 0;
  const byDefault = participants > LARGE_RUN_PARTICIPANTS ? 'end' : 'every-event';
  return rerun.safetyChecks === byDefault ? [] : ['--checks', rerun.safetyChecks];
}

/** `--seed …` unless the run's seed is the scenario's own (a number and its text differ). */
function seedFlag(rerun: RerunInfo): string[] {
  const own = (rerun.scenario as { seed?: unknown }).seed;
  return rerun.seed === own ? [] : ['--seed', word(String(rerun.seed))];
}

/** The file the command writes the scenario to: `<scenario name>.rerun.json`, a plain name. */
export function scenarioFile(rerun: RerunInfo): string {
  const name = (rerun.scenario as { name?: unknown }).name;
  const plain =
    typeof name === 'string' ? name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') : '';
  return `${plain === '' ? 'scenario' : plain}.rerun.json`;
}

/** The shell commands that make the fork `selector` of the run the trace records. */
export function forkCommand(rerun: RerunInfo, selector: string): string {
  const file = scenarioFile(rerun);
  const run = [
    'npx movesim run',
    file,
    ...seedFlag(rerun),
    ...(rerun.traceLevel === 'logs' ? [] : ['--trace-level', rerun.traceLevel]),
    ...checksFlag(rerun),
    '--what-if',
    quoted(selector.trim()),
  ];
  return [
    `cat > ${file} <<'${END_LINE}'`,
    JSON.stringify(rerun.scenario),
    END_LINE,
    run.join(' '),
  ].join('\n');
}
