/**
 * A fork of a run, made in the page: the scenario a trace carries (`meta.rerun`), run again
 * with one more what-if selector, written as the `trace.json` text that the command the page
 * prints (viz/src/what-if-command.ts: the carried scenario written to a file, then `movesim run
 * <file> --what-if '<selector>'`) writes: the carried scenario is read through the same schema
 * as `run` reads that file (so key order and defaults come out the same), run by the same
 * runner, and written by the same writer with the same `meta.rerunArgs`, so the bytes are equal.
 *
 * A fork the scenario layer refuses (what-if-check.ts) comes back as `{ ok: false, error }`
 * with the reason, as does anything the run itself throws; it never throws.
 */
import type { ForkReply, ForkRequest, RerunArgs, RerunInfo } from '../engine/index.js';
import { traceFileText } from '../report/trace-file.js';
import { runScenario } from '../scenario/run.js';
import { type Scenario, ScenarioSchema } from '../scenario/schema.js';
import { whatIfProblem } from '../scenario/what-if-check.js';

/** Why a trace's `meta.rerun` cannot be run again; undefined when it looks like one. */
function rerunProblem(rerun: RerunInfo | undefined): string | undefined {
  const s = rerun?.scenario as Partial<Scenario> | undefined;
  if (s === undefined || s === null || typeof s !== 'object')
    return 'this trace does not carry its scenario (it was made by an older movesim or read from CMS logs); run the scenario again with `movesim run` and open that trace';
  if (typeof s.name !== 'string' || !Array.isArray(s.whatIf) || typeof s.cluster !== 'object')
    return "this trace's scenario (meta.rerun.scenario) is not a movesim scenario";
  return undefined;
}

/** Runs the fork a request asks for; a refused or failed fork is an answer, not an exception. */
export function runFork(request: ForkRequest): ForkReply {
  const problem = rerunProblem(request.rerun);
  if (problem !== undefined) return { ok: false, error: problem };
  const parsed = ScenarioSchema.safeParse(request.rerun.scenario);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `this trace's scenario (meta.rerun.scenario) is not a movesim scenario: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    };
  }
  const scenario = parsed.data;
  const refused = whatIfProblem(scenario, request.whatIf);
  if (refused !== undefined) return { ok: false, error: refused };
  const selector = request.whatIf.trim();
  try {
    const fork: Scenario = { ...scenario, whatIf: [...scenario.whatIf, selector] };
    const out = runScenario(fork, {
      seed: request.rerun.seed,
      traceLevel: request.rerun.traceLevel,
      safetyChecks: request.rerun.safetyChecks,
      keepLogs: false,
    });
    // What `run` records for the printed command's one `--what-if` (run-command.ts, rerunArgs).
    const rerunArgs: RerunArgs = { set: [], whatIf: [selector] };
    return { ok: true, trace: traceFileText(out, out.events ?? [], { rerunArgs }) };
  } catch (e) {
    return { ok: false, error: `the fork could not run: ${(e as Error).message}` };
  }
}
