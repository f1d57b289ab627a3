/**
 * Damaged logs read as far as they go: per-server files named by their file, truncated files,
 * lines cut mid-way, a server's file missing, duplicated lines, servers given in another
 * order, noise (STATS and SIP lines) between the lines, gzip, clock skew and mixed dates.
 * Each is compared with the clean read of the same run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import { type Analysis, analyzeFiles } from '../../sim/logs/analyze.js';
import { explainMove } from '../../sim/logs/explain.js';
import { runScenario } from '../../sim/scenario/run.js';
import { removeScratch, scratch } from '../cli/helpers.js';
import { loadShipped } from '../helpers/scenarios.js';

afterAll(removeScratch);

/** The run's lines per server, in the CMS form (a date, no server name: the file names it). */
function perServer(name: string): Map<string, string[]> {
  const out = runScenario(loadShipped(name), { seed: 1, traceLevel: 'off' });
  const files = new Map<string, string[]>();
  for (const [t, node, line] of out.logs) {
    const ms = Math.floor(t / 1000);
    const stamp = new Date(Date.UTC(2026, 0, 2) + ms).toISOString().replace('T', ' ').slice(0, 23);
    files.set(node, [...(files.get(node) ?? []), `${stamp} Info ${line}`]);
  }
  return files;
}

/** Writes each server's lines to `<server>.log` in a new folder; returns the paths. */
function write(files: Map<string, string[]>, edit = (_n: string, l: string[]) => l): string[] {
  const dir = scratch('movesim-logs-');
  return [...files].map(([node, lines]) => {
    const p = join(dir, `${node}.log`);
    writeFileSync(p, `${edit(node, lines).join('\n')}\n`);
    return p;
  });
}

/** Each move's outcome and failing step. */
const verdicts = (a: Analysis) =>
  a.correlation.moves.map((m) => {
    const x = explainMove(m, new Set(a.correlation.nodes));
    return [x.outcome, x.failingStep];
  });

describe('damaged logs', async () => {
  const across = perServer('move-across-bridges');
  const clean = await analyzeFiles(write(across));

  it('reads one file per server, naming each server by its file', () => {
    expect(clean.correlation.nodes).toEqual(['cbA', 'cbB', 'cbC', 'wbA']);
    expect(verdicts(clean)).toEqual([['moved', null]]);
    expect(clean.correlation.moves[0]).toMatchObject({
      apiNode: 'cbB',
      home: 'cbA',
      chosen: 'cbC',
      webNode: 'wbA',
    });
  });

  it('reads the same from the files in another order, and from gzip', async () => {
    const paths = write(across).reverse();
    const cbC = paths.find((p) => p.endsWith('cbC.log'))!;
    writeFileSync(`${cbC}.gz`, gzipSync(`${across.get('cbC')!.join('\n')}\n`));
    const a = await analyzeFiles(paths.map((p) => (p === cbC ? `${p}.gz` : p)));
    expect(verdicts(a)).toEqual(verdicts(clean));
    expect(a.correlation.moves[0]!.evidence).toHaveLength(
      clean.correlation.moves[0]!.evidence.length,
    );
  });

  it('reads one merged file in the syslog server form, each server named by its host', async () => {
    const lines = [...across].flatMap(([node, l]) =>
      l.map(
        (x) => `Jan  2 ${x.slice(11, 23)} user.info ${node} host:server: INFO : ${x.slice(29)}`,
      ),
    );
    lines.sort((a, b) => a.slice(7, 19).localeCompare(b.slice(7, 19)));
    const a = await analyzeFiles(write(new Map([['merged', lines]])));
    expect(a.correlation.nodes).toEqual(['cbA', 'cbB', 'cbC', 'wbA']);
    expect(verdicts(a)).toEqual(verdicts(clean));
    expect(a.correlation.moves[0]!.evidence).toHaveLength(
      clean.correlation.moves[0]!.evidence.length,
    );
  });

  it("reads the web bridge's lines under its own server, with the movesim: prefix", async () => {
    const web = across.get('wbA')!.filter((l) => l.includes('WebSocket : '));
    const moved = new Map(across);
    moved.set(
      'cbB',
      moved.get('cbB')!.map((l) => l.replace(' Info API trace', ' Info movesim: API trace')),
    );
    const a = await analyzeFiles(write(moved));
    expect(verdicts(a)).toEqual(verdicts(clean));
    expect(a.correlation.moves[0]).toMatchObject({ webNode: 'wbA', trace: '1' });
    expect(web.length).toBeGreaterThan(0);
    expect(a.correlation.moves[0]!.evidence.some((e) => e.entry.node === 'wbA')).toBe(true);
  });

  it('reads duplicated lines once and counts them', async () => {
    const a = await analyzeFiles(write(across, (_n, l) => l.flatMap((x) => [x, x])));
    expect(verdicts(a)).toEqual(verdicts(clean));
    expect(a.correlation.duplicates).toBe(clean.counts.entries);
  });

  it('skips STATS and SIP lines between the lines and counts them', async () => {
    const a = await analyzeFiles(
      write(across, (_n, l) =>
        l.flatMap((x) => [x, 'STATS calls=3 media=12', `${x.slice(0, 24)}Info SIP trace: INVITE`]),
      ),
    );
    expect(verdicts(a)).toEqual(verdicts(clean));
    expect(a.counts.noiseLines).toBe(clean.counts.entries);
  });

  it('calls a move unknown when the home bridge file is missing', async () => {
    const paths = write(across).filter((p) => !p.endsWith('cbA.log'));
    const a = await analyzeFiles(paths);
    const m = a.correlation.moves[0]!;
    const x = explainMove(m, new Set(a.correlation.nodes));
    // The chosen bridge's lines still show the participant joining the new call.
    expect(x.outcome).toBe('moved');
    expect(x.firstMissing).not.toBeNull();
    const noChosen = await analyzeFiles(paths.filter((p) => !p.endsWith('cbC.log')));
    expect(verdicts(noChosen)[0]![0]).toBe('unknown');
  });

  it('reads a truncated file and a line cut mid-way as far as they go', async () => {
    const a = await analyzeFiles(
      write(across, (n, l) => (n === 'cbC' ? [...l.slice(0, 3), l[3]!.slice(0, 40)] : l)),
    );
    const x = explainMove(a.correlation.moves[0]!, new Set(a.correlation.nodes));
    expect(x.outcome).toBe('dropped');
    expect(a.counts.entries).toBeLessThan(clean.counts.entries);
  });

  it('reports clock skew and mixed dates instead of failing', async () => {
    const a = await analyzeFiles(
      write(across, (n, l) => (n === 'cbB' ? [...l.slice(1), l[0]!, l[0]!.slice(11)] : l)),
    );
    expect(a.counts.backwards).toBeGreaterThan(0);
    expect(a.counts.undated).toBe(1);
    expect(a.correlation.moves.length).toBeGreaterThan(0);
  });

  it('explains a dropped move: the JWT refused at step 11, with what to check', async () => {
    const a = await analyzeFiles(write(perServer('troubleshoot-b-jwt-expired')));
    const x = explainMove(a.correlation.moves[0]!, new Set(a.correlation.nodes));
    expect(x.outcome).toBe('dropped');
    expect(x.failingStep).toBe(11);
    expect(x.next).toMatch(/JWT/);
    expect(
      x.evidence.some((e) =>
        /wbA\.log:\d+: wbA: movesim: WebSocket : JWT for \S+ rejected/.test(e),
      ),
    ).toBe(true);
  });

  it('explains a refused move as nothing happened, with the API reason', async () => {
    const a = await analyzeFiles(write(perServer('troubleshoot-a-canmove-false')));
    const x = explainMove(a.correlation.moves[0]!, new Set(a.correlation.nodes));
    expect(x.outcome).toBe('nothing-happened');
    expect(x.next).toMatch(/canMoveFalse/);
  });
});
