/**
 * Runs one generated case the way `movesim run` would: the scenario input goes through the real
 * schema and reference checks, then `runScenario` runs it with the message trace on.
 *
 * An input the schema refuses is a bug of the generator and throws. A handler that throws
 * while the case runs is a finding about the model and is returned as `error`, not thrown. This
 * file judges nothing; `properties.ts` does.
 */
import type { BuildOptions } from '../scenario/build.js';
import { checkReferences } from '../scenario/references.js';
import { type RunOutput, runScenario } from '../scenario/run.js';
import { type Scenario, type ScenarioInput, ScenarioSchema } from '../scenario/schema.js';

/** What a run of one case shows. */
export interface Observation {
  scenario: Scenario;
  /** The run, unless a handler threw. */
  out: RunOutput | undefined;
  /** The message of the exception a handler threw, if one did. */
  error: string | undefined;
  /**
   * Whether a CMS log line of the run names `participantLimitReached` (coverage's
   * `threshold:participant-limit`). The log lines themselves are not kept (`out.logs` is
   * empty): nothing judges them, and keeping every line of every case costs memory and
   * garbage collection.
   */
  participantLimitLogged: boolean;
}

/** Options of `observe`. */
export interface RunCaseOptions {
  /** Test-only switches that break the model on purpose. Default none. */
  breakModel?: BuildOptions['breakModel'];
}

/** Parses a generated scenario input exactly as the loader would; throws on any problem. */
export function parseGenerated(input: ScenarioInput): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  const refs = checkReferences(input);
  if (!parsed.success || refs.length > 0) {
    const problems = [
      ...(parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
      ...refs.map((f) => `${f.path.join('.')}: ${f.message}`),
    ];
    throw new Error(
      `the generator produced an invalid scenario (a bug in sim/check): ${problems.join('; ')}`,
    );
  }
  return parsed.data;
}

/** Runs a parsed scenario with the message trace on and returns what it showed. */
export function observe(scenario: Scenario, options: RunCaseOptions = {}): Observation {
  let participantLimitLogged = false;
  try {
    const out = runScenario(scenario, {
      traceLevel: 'messages',
      // Handlers on the live state: the same trace as immer drafts (tested), several times faster.
      stateMode: 'mutable',
      keepLogs: false,
      onLog: (_t, _node, line) => {
        if (!participantLimitLogged && line.includes('participantLimitReached'))
          participantLimitLogged = true;
      },
      ...(options.breakModel !== undefined ? { breakModel: options.breakModel } : {}),
    });
    return { scenario, out, error: undefined, participantLimitLogged };
  } catch (err) {
    return {
      scenario,
      out: undefined,
      error: err instanceof Error ? err.message : String(err),
      participantLimitLogged,
    };
  }
}
