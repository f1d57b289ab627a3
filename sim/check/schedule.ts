/**
 * The plan of a search: which kind of case each generated case is, by its index, so that a
 * budget of 200 cases already fills every reachable cell of the coverage matrix.
 *
 * Out of every ten cases, five are aimed at one cell of the matrix each (`targeted.ts`), taking
 * the reachable cells in turn (step 1's drop, step 1's duplicate, … step 11's crash of the
 * receiver, then again); three are mixed cases (`sketchArb`: swarm faults, background rules,
 * sometimes none); two are fault-free. The index is fast-check's run id, which it also gives
 * when it replays a path, so a search stays a function of its seed, and each worker of the pool
 * (`parallel.ts`) draws the very same cases of its batch with `drawCases`.
 */
import fc from 'fast-check';

import { sketchArb, type SketchArbOptions } from './arbitraries.js';
import { MATRIX_FAULTS, type MatrixFault, REQUIRED_CELLS } from './matrix.js';
import type { Sketch } from './sketch.js';
import { type TargetCell, targetedArb } from './targeted.js';

/** What kind of case a generated case is. */
export type CasePlan =
  { kind: 'fault-free' } | { kind: 'mixed' } | { kind: 'targeted'; cell: TargetCell };

/** The kinds of the cases of each block of ten, in order. */
const BLOCK = ['t', 'm', 't', 'f', 't', 'm', 't', 'f', 't', 'm'] as const;
const TARGETED_PER_BLOCK = BLOCK.filter((k) => k === 't').length;

/** The reachable cells, in the order targeted cases take them. */
export const TARGET_CELLS: readonly TargetCell[] = REQUIRED_CELLS.map((c) => {
  const [, step, fault] = c.split(':');
  if (!(MATRIX_FAULTS as readonly string[]).includes(fault!)) throw new Error(`bad cell ${c}`);
  return { step: Number(step), fault: fault as MatrixFault };
});

/** The plan of case `index` (fast-check's run id, from 0). */
export function casePlan(index: number, options: SketchArbOptions = {}): CasePlan {
  if (options.faultFree === true) return { kind: 'fault-free' };
  const slot = BLOCK[index % BLOCK.length]!;
  if (slot === 'f') return { kind: 'fault-free' };
  if (slot === 'm') return { kind: 'mixed' };
  const rank = BLOCK.slice(0, index % BLOCK.length).filter((k) => k === 't').length;
  const n = Math.floor(index / BLOCK.length) * TARGETED_PER_BLOCK + rank;
  return { kind: 'targeted', cell: TARGET_CELLS[n % TARGET_CELLS.length]! };
}

/** A key naming a plan, for caching its arbitrary. */
const keyOf = (p: CasePlan) => (p.kind === 'targeted' ? `${p.cell.step}:${p.cell.fault}` : p.kind);

/** The arbitrary of a plan. */
function arbOf(p: CasePlan): fc.Arbitrary<Sketch> {
  if (p.kind === 'targeted') return targetedArb(p.cell);
  return sketchArb({ faultFree: p.kind === 'fault-free' });
}

/** What a generated value carries besides itself: its plan's key and its arbitrary's context. */
interface PlannedContext {
  key: string;
  inner: unknown;
}

/**
 * The search's property: case `runId` is drawn from its plan's arbitrary and shrunk within it;
 * `predicate` throws on a failing case.
 */
export function plannedProperty(
  options: SketchArbOptions,
  predicate: (sketch: Sketch) => void,
): fc.IRawProperty<[Sketch], false> {
  const byKey = new Map<string, fc.IPropertyWithHooks<[Sketch]>>();
  const propertyOf = (p: CasePlan) => {
    const key = keyOf(p);
    let prop = byKey.get(key);
    if (prop === undefined) {
      prop = fc.property(arbOf(p), predicate);
      byKey.set(key, prop);
    }
    return { key, prop };
  };
  const fallback = propertyOf({ kind: 'fault-free' }).prop;
  const wrap = (key: string, v: fc.Value<[Sketch]>) =>
    new fc.Value<[Sketch]>(v.value_, { key, inner: v.context } satisfies PlannedContext);
  return {
    isAsync: () => false,
    generate(mrng, runId) {
      const { key, prop } = propertyOf(casePlan(runId ?? 0, options));
      return wrap(key, prop.generate(mrng, runId));
    },
    shrink(value) {
      const ctx = value.context as PlannedContext | undefined;
      const prop = ctx === undefined ? undefined : byKey.get(ctx.key);
      if (ctx === undefined || prop === undefined) return fc.Stream.nil();
      return prop.shrink(new fc.Value(value.value_, ctx.inner)).map((v) => wrap(ctx.key, v));
    },
    run: (v) => fallback.run(v) as ReturnType<fc.IRawProperty<[Sketch], false>['run']>,
    runBeforeEach: () => undefined,
    runAfterEach: () => undefined,
  };
}

/**
 * Cases `from` to `from + count - 1` of a search with `seed`, exactly as `explore` generates
 * them: fast-check derives the random generator of case i from the seed alone (the seed's
 * generator jumped i + 1 times), so any range is drawn without drawing the cases before it.
 * This is how a worker of `parallel.ts` draws its own batch.
 */
export function drawCases(
  options: SketchArbOptions,
  seed: number,
  from: number,
  count: number,
): Sketch[] {
  const faultFree = options.faultFree === true;
  let property = drawing.get(faultFree);
  if (property === undefined) {
    property = plannedProperty({ faultFree }, () => undefined);
    drawing.set(faultFree, property);
  }
  return fc.sample(property, { seed, path: String(from), numRuns: count }).map(([s]) => s);
}

/** The properties `drawCases` draws with (their predicate accepts every case), by `faultFree`. */
const drawing = new Map<boolean, fc.IRawProperty<[Sketch], false>>();
