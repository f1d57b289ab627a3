/**
 * Reduction after shrinking: fast-check shrinks the sketch, but a sketch names things by
 * position, so it cannot drop participant 1 without renaming participant 6 (and changing the
 * random streams named after it). This pass works on the scenario input instead, where ids are
 * names: it removes list entries (faults, network rules, moves, participants, spaces, bridges,
 * groups) and optional keys one at a time, keeping each removal after which the case still
 * shows the same failure, until nothing more can go.
 *
 * Every candidate goes through the real schema and reference checks; one they refuse is simply
 * not taken. Move ids are written out first, so removing a move renames no other. This file
 * knows nothing of fast-check.
 */
import { checkReferences } from '../scenario/references.js';
import { type Scenario, type ScenarioInput, ScenarioSchema } from '../scenario/schema.js';

/** Whether a candidate still shows the failure being reduced. */
export type StillFails = (scenario: Scenario) => boolean;

/** Options of `reduceInput`. */
export interface ReduceOptions {
  /** The most candidate runs to try. Default 400. */
  maxTries?: number;
}

type Json = Record<string, unknown>;

const clone = <T>(v: T): T => structuredClone(v);

/** Parses a candidate; undefined when the schema or the references refuse it. */
function parse(input: unknown): Scenario | undefined {
  if (checkReferences(input).length > 0) return undefined;
  const r = ScenarioSchema.safeParse(input);
  return r.success ? r.data : undefined;
}

/** The list at a dotted path of an object, if there is one. */
function listAt(root: Json, path: readonly string[]): unknown[] | undefined {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Json)[k] : undefined;
  return Array.isArray(v) ? v : undefined;
}

/** Candidate edits of `input`, smallest-effect last: each returns a new input or undefined. */
function candidates(input: ScenarioInput): ((i: ScenarioInput) => ScenarioInput | undefined)[] {
  const edits: ((i: ScenarioInput) => ScenarioInput | undefined)[] = [];
  const lists: string[][] = [
    ['faults'],
    ['network', 'loss'],
    ['network', 'duplication'],
    ['network', 'delaySpikes'],
    ['network', 'reorder'],
    ['moves'],
    ['participants'],
    ['spaces'],
    ['cluster', 'callBridgeGroups'],
    ['cluster', 'webBridges'],
    ['cluster', 'callBridges'],
  ];
  for (const path of lists) {
    const n = listAt(input as Json, path)?.length ?? 0;
    for (let i = n - 1; i >= 0; i--) {
      edits.push((cur) => {
        const next = clone(cur) as Json;
        const list = listAt(next, path);
        if (list === undefined || i >= list.length) return undefined;
        list.splice(i, 1);
        return next as ScenarioInput;
      });
    }
  }
  // Optional keys of list items, and whole optional sections.
  const optional: [string[], string][] = [
    [['cluster', 'callBridges'], 'participantLimit'],
    [['cluster', 'callBridges'], 'priority'],
    [['cluster', 'callBridges'], 'loadLimit'],
    [['cluster', 'webBridges'], 'callBridges'],
    [['spaces'], 'hostedOn'],
    [['spaces'], 'guestAccess'],
    [['spaces'], 'dualHomed'],
    [['participants'], 'type'],
    [['participants'], 'webBridge'],
    [['participants'], 'mediaProfile'],
    [['participants'], 'canMove'],
    [['participants'], 'local'],
    [['moves'], 'via'],
  ];
  for (const [path, key] of optional) {
    const n = listAt(input as Json, path)?.length ?? 0;
    for (let i = 0; i < n; i++) {
      edits.push((cur) => {
        const next = clone(cur) as Json;
        const item = listAt(next, path)?.[i] as Json | undefined;
        if (item === undefined || !(key in item)) return undefined;
        delete item[key];
        return next as ScenarioInput;
      });
    }
  }
  for (const key of ['default', 'peer', 'c2w', 'websocket']) {
    edits.push((cur) => {
      const next = clone(cur) as Json;
      const lat =
        ((next['network'] as Json | undefined)?.['latency'] as Json | undefined) ?? undefined;
      if (lat === undefined || !(key in lat)) return undefined;
      delete lat[key];
      return next as ScenarioInput;
    });
  }
  edits.push((cur) => {
    const next = clone(cur) as Json;
    const cluster = next['cluster'] as Json;
    if (
      cluster['loadBalancing'] === undefined ||
      JSON.stringify(cluster['loadBalancing']) === '{"enabled":false}'
    )
      return undefined;
    cluster['loadBalancing'] = { enabled: false };
    return next as ScenarioInput;
  });
  return edits;
}

/** Writes every move's id, so removing one move renames no other. */
function withMoveIds(input: ScenarioInput): ScenarioInput {
  const next = clone(input);
  next.moves = (next.moves ?? []).map((m, i) => ({ ...m, id: m.id ?? `m${i + 1}` }));
  return next;
}

/** Drops move ids again when they are just the positions (`m1`, `m2`, ...). */
function withoutPositionalIds(input: ScenarioInput): ScenarioInput {
  const moves = input.moves ?? [];
  if (!moves.every((m, i) => m.id === `m${i + 1}`)) return input;
  const referenced = (input.faults ?? []).some((f) => 'wrongCallId' in f);
  if (referenced) return input;
  return { ...input, moves: moves.map(({ id: _id, ...m }) => m) };
}

/** Removes everything from `input` that the failure does not need. */
export function reduceInput(
  input: ScenarioInput,
  stillFails: StillFails,
  options: ReduceOptions = {},
): ScenarioInput {
  let tries = options.maxTries ?? 400;
  let current = withMoveIds(input);
  let progress = true;
  while (progress && tries > 0) {
    progress = false;
    for (const edit of candidates(current)) {
      if (tries <= 0) break;
      const next = edit(current);
      if (next === undefined) continue;
      const parsed = parse(next);
      if (parsed === undefined) continue;
      tries--;
      if (stillFails(parsed)) {
        current = next;
        progress = true;
      }
    }
  }
  const tidy = withoutPositionalIds(current);
  const parsedTidy = parse(tidy);
  return parsedTidy !== undefined && stillFails(parsedTidy) ? tidy : current;
}
