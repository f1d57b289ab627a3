/**
 * The in-page runner stays buildable for a browser: every file it imports, followed through
 * the whole import graph from sim/browser-runner/worker.ts, imports no Node built-in module
 * (fs, path, worker_threads, ...), so nothing Node-only is pulled into assets/fork-worker.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../cli/helpers.js';
import { specifiers } from '../helpers/import-specifiers.js';

/** Every file reachable from `entry` and every package or module it names, by importer. */
function graph(entry: string): { files: string[]; modules: Map<string, string> } {
  const files: string[] = [];
  const modules = new Map<string, string>();
  const todo = [resolve(ROOT, entry)];
  const seen = new Set<string>();
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(relative(ROOT, file));
    const text = readFileSync(file, 'utf8').replace(/^\s*import type .*$/gm, '');
    for (const s of specifiers(text)) {
      if (!s.startsWith('.')) modules.set(s, relative(ROOT, file));
      else {
        const ts = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
        if (existsSync(ts)) todo.push(ts);
      }
    }
  }
  return { files, modules };
}

describe('the in-page runner', () => {
  const { files, modules } = graph(join('sim', 'browser-runner', 'worker.ts'));

  it('reaches the simulator through the scenario layer (so the test walks the real graph)', () => {
    expect(files).toContain(join('sim', 'scenario', 'run.ts'));
    expect(files).toContain(join('sim', 'engine', 'simulation.ts'));
    expect(files.length).toBeGreaterThan(40);
  });

  it('imports no Node built-in module anywhere in its import graph', () => {
    const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const found = [...modules].filter(([m]) => node.has(m) || m.startsWith('node:'));
    expect(found.map(([m, by]) => `${by} imports ${m}`)).toEqual([]);
  });
});
