/**
 * `movesim run --stream` and `--checks`: the streamed trace is the same trace, written as the
 * run goes, with no temporary file left behind, and the same meta (`rerun`, `rerunArgs`), so
 * the viewer prints the same fork command for it; the large-run defaults are announced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readTraceFile } from '../../sim/report/read-trace.js';
import { loadText } from '../../viz/src/load.js';
import { forkCommand } from '../../viz/src/what-if-command.js';
import { filesUnder, movesim, removeScratch, SCENARIO, scratch } from './helpers.js';

afterAll(removeScratch);

describe('run --stream', () => {
  it('writes trace.ndjson, cms.log and summary.json holding the same trace and log as a normal run', async () => {
    const streamed = scratch();
    const whole = scratch();
    expect((await movesim(['run', SCENARIO, '--stream', '--out', streamed])).code).toBe(0);
    expect((await movesim(['run', SCENARIO, '--out', whole])).code).toBe(0);
    expect(filesUnder(streamed).sort()).toEqual(['cms.log', 'summary.json', 'trace.ndjson']);
    expect(readFileSync(join(streamed, 'cms.log'), 'utf8')).toBe(
      readFileSync(join(whole, 'cms.log'), 'utf8'),
    );
    const a = readTraceFile(join(streamed, 'trace.ndjson')).trace;
    const b = readTraceFile(join(whole, 'trace.json')).trace;
    expect(a.events).toEqual(b.events);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(JSON.parse(readFileSync(join(streamed, 'summary.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')),
    );
  });

  it("carries the run's --set and --what-if (meta.rerunArgs), so a fork's command is the one trace.json gives", async () => {
    const args = ['--set', 'cluster.recovery.sessionCleanup=false', '--what-if', 'msg=3:duplicate'];
    const streamed = scratch();
    const whole = scratch();
    expect((await movesim(['run', SCENARIO, ...args, '--stream', '--out', streamed])).code).toBe(0);
    expect((await movesim(['run', SCENARIO, ...args, '--out', whole])).code).toBe(0);
    const a = loadText(readFileSync(join(streamed, 'trace.ndjson'), 'utf8'), 'trace.ndjson').model;
    const b = loadText(readFileSync(join(whole, 'trace.json'), 'utf8'), 'trace.json').model;
    expect(a.meta?.rerunArgs).toEqual({
      set: ['cluster.recovery.sessionCleanup=false'],
      whatIf: ['msg=3:duplicate'],
    });
    expect(a.meta?.rerunArgs).toEqual(b.meta?.rerunArgs);
    expect(a.meta?.rerun).toEqual(b.meta?.rerun);
    const fork = (m: typeof a): string =>
      forkCommand(m.meta?.rerun as Parameters<typeof forkCommand>[0], 'msg=58:drop');
    expect(fork(a)).toBe(fork(b));
    expect(fork(a)).toContain('"whatIf":["msg=3:duplicate"]');
  });

  it('can be exported like trace.json', async () => {
    const dir = scratch();
    const run = await movesim(['run', SCENARIO, '--stream', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    const r = await movesim(['export', join(dir, 'trace.ndjson'), '--format', 'mermaid']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sequenceDiagram/m);
  });
});

describe('run --checks', () => {
  it('refuses a value other than every-event or end with exit 2', async () => {
    const r = await movesim(['run', SCENARIO, '--checks', 'sometimes', '--out', scratch()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/every-event/);
  });

  it('checks once at the end when asked, with the same verdicts on a clean run', async () => {
    const r = await movesim(['run', SCENARIO, '--checks', 'end', '--out', scratch()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mode \(2 participants\): safety checks once at the end/);
  });
});
