/**
 * Reading `sweep.json` back and merging the grid files of a parameter sweep's shards into the
 * file one unsharded sweep would have written, byte for byte: a zod schema of the format
 * `movesim-sweep-grid` version 1 (each point's summary checked as `summary.json` is), and the
 * merge, which demands the same scenario, overrides, grid, seed range and shard count, and
 * disjoint shards. This file reads no files.
 */
import { z } from 'zod';

import type { SweepSummary } from './aggregate.js';
import { GridAccumulator, type GridSummary } from './grid-summary.js';
import { SweepSummarySchema } from './summary-schema.js';

const count = z.int().min(0);
const msOrNull = z.number().nullable();

const GridSummarySchema = z.object({
  format: z.literal('movesim-sweep-grid'),
  version: z.literal(1),
  scenario: z.string(),
  scenarioFile: z.string(),
  scenarioSha256: z.string(),
  set: z.array(z.string()),
  vary: z.array(z.object({ key: z.string(), values: z.array(z.string()).min(1) })).min(1),
  seeds: z.object({
    from: z.int(),
    to: z.int(),
    shard: z.object({ count: z.int().min(1), indexes: z.array(z.int().min(0)) }).nullable(),
    run: count,
    passed: count,
    failed: count,
  }),
  points: z.array(
    z.object({
      index: count,
      values: z.record(z.string(), z.string()),
      thresholds: z.object({
        newConferenceLoadLimitBasisPoints: z.number(),
        existingConferenceLoadLimitBasisPoints: z.number(),
      }),
      worst: z.object({ seed: z.int(), view: z.string() }).nullable(),
      perSeed: z.array(
        z.object({
          seed: z.int(),
          passed: z.boolean(),
          moved: count,
          rejected: count,
          dropped: count,
          other: count,
          moveP95Ms: msOrNull,
          limboP95Ms: msOrNull,
          peakLoadBasisPoints: z.number(),
        }),
      ),
      summary: SweepSummarySchema,
    }),
  ),
});

/** Reads the text of a `sweep.json`; `file` names it in messages. */
export function parseGridSummary(
  text: string,
  file: string,
): { ok: true; grid: GridSummary } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [`${file}: not valid JSON (${reason}); give a sweep.json`] };
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== 'movesim-sweep-grid') {
    const hint = format === undefined ? '' : ` (its format is ${JSON.stringify(format)})`;
    return {
      ok: false,
      problems: [
        `${file}: not the sweep.json of a parameter sweep${hint}; give the sweep.json that \`movesim sweep --vary\` writes`,
      ],
    };
  }
  const result = GridSummarySchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${file}: ${i.path.map(String).join('.') || '(top)'}: ${i.message}`,
    );
    return { ok: false, problems };
  }
  const grid = result.data as GridSummary;
  const size = grid.vary.reduce((n, v) => n * v.values.length, 1);
  if (grid.points.length !== size)
    return {
      ok: false,
      problems: [`${file}: it has ${grid.points.length} points but its grid has ${size}`],
    };
  return { ok: true, grid };
}

/** A grid file and where it came from. */
export interface NamedGrid {
  file: string;
  grid: GridSummary;
}

/** The merged grid and the shards still missing, or why the files cannot be merged. */
export type GridMergeResult =
  { ok: true; grid: GridSummary; missingShards: number[] } | { ok: false; problems: string[] };

const shardCountOf = (g: GridSummary): number => g.seeds.shard?.count ?? 1;

/** Merges the grid files of one parameter sweep; the order of `parts` does not matter. */
export function mergeGrids(parts: readonly NamedGrid[]): GridMergeResult {
  const first = parts[0];
  if (first === undefined) return { ok: false, problems: ['no sweep.json files to merge'] };
  const problems: string[] = [];
  const rerun = 'merge only the shards of one sweep, run with the same arguments';
  const checks: [string, (g: GridSummary) => unknown][] = [
    ['the scenario', (g) => [g.scenario, g.scenarioFile, g.scenarioSha256]],
    ['the --set overrides', (g) => g.set],
    ['the --vary grid', (g) => g.vary],
    ['the seed range', (g) => [g.seeds.from, g.seeds.to]],
    ['the shard count', shardCountOf],
    ['the points', (g) => g.points.map((p) => [p.values, p.summary.scenarioSha256])],
  ];
  for (const [what, get] of checks) {
    const want = JSON.stringify(get(first.grid));
    for (const p of parts.slice(1))
      if (JSON.stringify(get(p.grid)) !== want)
        problems.push(`${p.file}: ${what} differ from ${first.file}; ${rerun}`);
  }
  const owner = new Map<number, string>();
  for (const p of parts)
    for (const i of p.grid.seeds.shard?.indexes ?? [0]) {
      const prev = owner.get(i);
      if (prev !== undefined)
        problems.push(`${p.file}: shard ${i} is also in ${prev}; give each shard once`);
      else owner.set(i, p.file);
    }
  if (problems.length > 0) return { ok: false, problems };
  const g0 = first.grid;
  const acc = new GridAccumulator(
    {
      scenario: g0.scenario,
      scenarioFile: g0.scenarioFile,
      scenarioSha256: g0.scenarioSha256,
      set: g0.set,
      vary: g0.vary,
      from: g0.seeds.from,
      to: g0.seeds.to,
    },
    g0.points.map((p) => ({
      point: { index: p.index, values: p.values, set: pointSet(p.summary, g0.set) },
      scenarioSha256: p.summary.scenarioSha256,
      thresholds: p.thresholds,
    })),
    shardCountOf(g0),
  );
  for (const p of parts) acc.addGrid(p.grid);
  const missingShards: number[] = [];
  for (let i = 0; i < shardCountOf(g0); i++) if (!owner.has(i)) missingShards.push(i);
  return { ok: true, grid: acc.summary(), missingShards };
}

/** A point's own overrides: its summary's, after the sweep's `--set`. */
const pointSet = (s: SweepSummary, set: readonly string[]): string[] => s.set.slice(set.length);
