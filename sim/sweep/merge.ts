/**
 * Merging sweep summaries: joins the summaries of shards (or of earlier merges) of one sweep into
 * the summary one big sweep would have written, byte for byte.
 *
 * Summaries must be of the same scenario (name, file and content hash), the same `--set`
 * overrides, the same seed range and the same shard count, and hold disjoint shards. Missing
 * shards give a partial summary, which the caller may refuse. This file reads no files.
 */
import { SweepAccumulator, type SweepSummary } from './aggregate.js';

/** A summary and the file it came from, for messages. */
export interface NamedSummary {
  file: string;
  summary: SweepSummary;
}

/** The merged summary and the shards still missing, or why the summaries cannot be merged. */
export type MergeResult =
  { ok: true; summary: SweepSummary; missingShards: number[] } | { ok: false; problems: string[] };

const shardCountOf = (s: SweepSummary): number => s.seeds.shard?.count ?? 1;
const indexesOf = (s: SweepSummary): number[] => s.seeds.shard?.indexes ?? [0];

/** Merges summaries of one sweep; the order of `parts` does not matter. */
export function mergeSummaries(parts: readonly NamedSummary[]): MergeResult {
  if (parts.length === 0)
    return { ok: false, problems: ['no summaries to merge; give one or more summary.json files'] };
  const first = parts[0]!;
  const problems: string[] = [];
  const same = (what: string, get: (s: SweepSummary) => unknown, fix: string): void => {
    const want = JSON.stringify(get(first.summary));
    for (const p of parts.slice(1)) {
      const got = JSON.stringify(get(p.summary));
      if (got !== want)
        problems.push(`${p.file}: ${what} is ${got} but ${first.file} has ${want}; ${fix}`);
    }
  };
  const rerun = 'merge only the shards of one sweep, run with the same arguments';
  same('the scenario', (s) => s.scenario, rerun);
  same(
    'the scenario file',
    (s) => s.scenarioFile,
    'run every shard with the same scenario path, so replay commands agree',
  );
  same(
    'the scenario content (SHA-256)',
    (s) => s.scenarioSha256,
    'the scenario file changed between shards; run them all on one version',
  );
  same('the --set overrides', (s) => s.set, rerun);
  same('the seed range', (s) => [s.seeds.from, s.seeds.to], rerun);
  same('the shard count', shardCountOf, 'run every shard with the same --shard count');
  if (problems.length > 0) return { ok: false, problems };

  const owner = new Map<number, string>();
  for (const p of parts) {
    for (const i of indexesOf(p.summary)) {
      const prev = owner.get(i);
      if (prev !== undefined)
        problems.push(`${p.file}: shard ${i} is also in ${prev}; give each shard once`);
      else owner.set(i, p.file);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const s0 = first.summary;
  const count = shardCountOf(s0);
  const acc = new SweepAccumulator(
    {
      scenario: s0.scenario,
      scenarioFile: s0.scenarioFile,
      scenarioSha256: s0.scenarioSha256,
      set: s0.set,
      from: s0.seeds.from,
      to: s0.seeds.to,
    },
    count,
  );
  for (const p of parts) acc.addSummary(p.summary);
  const missingShards: number[] = [];
  for (let i = 0; i < count; i++) if (!owner.has(i)) missingShards.push(i);
  return { ok: true, summary: acc.summary(), missingShards };
}
