/**
 * The in-page runner's fork (sim/browser-runner/fork.ts): from the scenario a trace carries
 * (`meta.rerun`, read back from the trace's JSON as the page reads it), a fork writes the very
 * trace that the command the page prints for it writes (run here in a shell, as printed, from a
 * scratch folder), and the same events and outcomes as `movesim run <the scenario's file>
 * --what-if` for the same selector, also for a run changed by `--set`; the JSON round trip of
 * the carried scenario changes nothing; and a fork the scenario layer refuses comes back with
 * its reason.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runFork } from '../../sim/browser-runner/fork.js';
import { rerunArgs, withWhatIfs } from '../../sim/cli/run-command.js';
import type { ForkReply, RerunInfo } from '../../sim/engine/index.js';
import { traceFileText } from '../../sim/report/trace-file.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { forkCommand } from '../../viz/src/what-if-command.js';
import { BIN, movesim, removeScratch, ROOT, SCENARIO, scratch } from '../cli/helpers.js';

afterAll(removeScratch);

/** The trace text of a shipped scenario's run, as `movesim run` writes it. */
function traceOf(file: string, traceLevel: 'messages' | 'logs' | 'state' = 'logs'): string {
  const loaded = loadScenarioFile(join(ROOT, file));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const out = runScenario(loaded.scenario, { traceLevel });
  return traceFileText(out, out.events ?? []);
}

/** The `meta.rerun` of a trace text, read from its JSON as the page reads it. */
function rerunOf(text: string): RerunInfo {
  return (JSON.parse(text) as { meta: { rerun: RerunInfo } }).meta.rerun;
}

/** The trace text of a successful fork; fails the test with the reason otherwise. */
function forkText(reply: ForkReply): string {
  if (!reply.ok) throw new Error(`the fork was refused: ${reply.error}`);
  return reply.trace;
}

/** A trace's text from its events on: the part no command-line option writes. */
const eventsPart = (text: string): string => text.slice(text.indexOf('"events":['));

/**
 * Runs the page's command for a fork as printed, in a POSIX shell in a scratch folder (the
 * local binary for `npx movesim`, and `--out` added), and gives the trace it wrote.
 */
function runPrinted(rerun: RerunInfo, selector: string): string {
  const dir = scratch('movesim-fork-cmd-');
  const command = forkCommand(rerun, selector).replace(
    /^npx movesim run /m,
    `"${process.execPath}" "${BIN}" run `,
  );
  const r = spawnSync('sh', ['-c', `${command} --out out`], { cwd: dir, encoding: 'utf8' });
  // 1 is a finding of the fork (a violation), not a failure of the command.
  expect([0, 1], r.stderr).toContain(r.status);
  return readFileSync(join(dir, 'out', 'trace.json'), 'utf8');
}

describe('a fork made in the page', () => {
  it('writes the very trace its printed command writes, byte for byte', () => {
    const rerun = rerunOf(traceOf(SCENARIO));
    const page = forkText(runFork({ rerun, whatIf: 'msg=58:drop' }));
    expect(runPrinted(rerun, 'msg=58:drop')).toBe(page);
  });

  it("does so for a run changed by --set, a fork of a fork and a seed not the scenario's", async () => {
    const out = scratch('movesim-fork-set-');
    const set = 'cluster.recovery.sessionCleanup=false';
    const r = await movesim(['run', SCENARIO, '--set', set, '--seed', '7', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rerun = rerunOf(readFileSync(join(out, 'trace.json'), 'utf8'));
    const first = forkText(runFork({ rerun, whatIf: 'msg=58:drop' }));
    expect(runPrinted(rerun, 'msg=58:drop')).toBe(first);
    const again = rerunOf(first);
    const second = forkText(runFork({ rerun: again, whatIf: 'crash=cbC@5.1s:restart=1s' }));
    expect(runPrinted(again, 'crash=cbC@5.1s:restart=1s')).toBe(second);
    expect((again.scenario as { whatIf: string[] }).whatIf).toEqual(['msg=58:drop']);
  });

  it('writes what `movesim run <file> --what-if` writes for the same selector', async () => {
    const out = scratch('movesim-fork-');
    const r = await movesim(['run', SCENARIO, '--what-if', 'msg=58:drop', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const cli = readFileSync(join(out, 'trace.json'), 'utf8');
    const page = forkText(runFork({ rerun: rerunOf(traceOf(SCENARIO)), whatIf: 'msg=58:drop' }));
    expect(eventsPart(page)).toBe(eventsPart(cli));
    const header = JSON.parse(cli) as { meta: Record<string, unknown> };
    expect(header.meta.rerunArgs).toEqual({ set: [], whatIf: ['msg=58:drop'] });
    // The same header, once the carried scenario is read again (its keys in the schema's order).
    expect(JSON.parse(page)).toEqual(header);
    // The fork changed the run: the end of the websocket (ws.end, message 58) is dropped.
    const drops = page.split('\n').filter((l) => l.includes('"type":"drop"'));
    expect(drops.some((l) => l.includes('"msg":58') && l.includes('what-if'))).toBe(true);
  });

  it('keeps the trace level and seed of the trace it forks', () => {
    const base = traceOf(SCENARIO, 'state');
    const page = forkText(runFork({ rerun: rerunOf(base), whatIf: 'msg=58:delay=250ms' }));
    const parsed = JSON.parse(page) as { seed: unknown; meta: Record<string, unknown> };
    expect(parsed.seed).toBe((JSON.parse(base) as { seed: unknown }).seed);
    expect(parsed.meta.initialStates).toBeDefined();
    expect(page).not.toBe(base);
  });

  it.each(['move-across-bridges', 'breakout-capacity', 'lost-end-websocket'])(
    'runs the scenario %s carries again to the same trace, byte for byte',
    (name) => {
      const base = traceOf(`scenarios/${name}.yaml`, 'messages');
      const again = runScenario(rerunOf(base).scenario as never, {
        seed: rerunOf(base).seed,
        traceLevel: 'messages',
      });
      expect(traceFileText(again, again.events ?? [])).toBe(base);
    },
  );
});

describe("the run's arguments in the trace", () => {
  it('are left out of a plain run, so its trace is the one the golden digests hash', () => {
    expect(rerunArgs({})).toEqual({});
    expect(rerunArgs({ set: [], whatIf: [] })).toEqual({});
  });

  it('are the --set and --what-if values of a run that had them, in order', () => {
    expect(rerunArgs({ set: ['seed=2'], whatIf: ['msg=3:drop', 'msg=9:duplicate'] })).toEqual({
      rerunArgs: { set: ['seed=2'], whatIf: ['msg=3:drop', 'msg=9:duplicate'] },
    });
  });
});

describe('a fork that makes the scenario invalid', () => {
  const rerun = rerunOf(traceOf(SCENARIO));
  it.each([
    ['crash=cmm@1s', 'crashes the CMM'],
    ['crash=cbZ@1s', '"cbZ" is not a node of the scenario'],
    ['crash=cbB@99999s', 'but the run ends at'],
    ['msg=58:delay=-3ms', 'is negative'],
    ['msg=58:explode', 'is not readable'],
    ['msg=0:drop', 'is not a positive integer'],
  ])('is refused with its reason: %s', (whatIf, reason) => {
    const reply = runFork({ rerun, whatIf });
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.error).toContain(reason);
  });

  it('is refused by `movesim run --what-if` with the same reason', () => {
    expect(() => withWhatIfs(rerun.scenario as never, ['crash=cmm@1s'])).toThrow('crashes the CMM');
  });

  it('is refused, not thrown, when the trace carries no scenario or a broken one', () => {
    const none = runFork({ rerun: undefined as never, whatIf: 'msg=1:drop' });
    expect(none.ok ? '' : none.error).toContain('does not carry its scenario');
    const broken = runFork({ rerun: { ...rerun, scenario: { name: 'x' } }, whatIf: 'msg=1:drop' });
    expect(broken.ok ? '' : broken.error).toContain('is not a movesim scenario');
    const bad = { ...(rerun.scenario as object), cluster: { callBridges: 7 }, whatIf: [] };
    const failed = runFork({ rerun: { ...rerun, scenario: bad }, whatIf: 'msg=1:drop' });
    expect(failed.ok).toBe(false);
  });
});
