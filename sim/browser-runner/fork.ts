/**
 * A fork of a run, made in the page: the scenario a trace carries (`meta.rerun`), run again
 * with one more what-if selector, written as the `trace.json` text `movesim run --what-if`
 * writes for the same fork (the same runner and the same writer, so the bytes are equal).
 *
 * A fork the scenario layer refuses (what-if-check.ts) comes back as `{ ok: false, error }`
 * with the reason, as does anything the run itself throws; it never throws.
 */
import type { ForkReply, ForkRequest, RerunInfo } from '../engine/index.js';
import { traceFileText } from '../report/trace-file.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
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
  const scenario = request.rerun.scenario as Scenario;
  const refused = whatIfProblem(scenario, request.whatIf);
  if (refused !== undefined) return { ok: false, error: refused };
  try {
    const fork: Scenario = { ...scenario, whatIf: [...scenario.whatIf, request.whatIf.trim()] };
    const out = runScenario(fork, {
      seed: request.rerun.seed,
      traceLevel: request.rerun.traceLevel,
      safetyChecks: request.rerun.safetyChecks,
      keepLogs: false,
    });
    return { ok: true, trace: traceFileText(out, out.events ?? []) };
  } catch (e) {
    return { ok: false, error: `the fork could not run: ${(e as Error).message}` };
  }
}
