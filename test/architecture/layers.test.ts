/**
 * The import layers, as ARCHITECTURE.md lays them out: the engine imports nothing outside
 * `sim/engine/`; the viewer (`viz/src/`) imports from `sim/` only the trace types, the compact
 * trace's decoder, the opening rule and the step table (the vocabulary a trace file is written
 * in); nothing in `sim/` imports the viewer; and each folder of `sim/` imports only folders
 * listed before it in ARCHITECTURE.md's layout (engine, cms, scenario, …), never one after it.
 *
 * Imports are read from the source text (static `import`/`export … from`, side-effect imports
 * and dynamic `import('…')` with a literal path), resolved relative to the importing file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../cli/helpers.js';
import { specifiers } from '../helpers/import-specifiers.js';

/**
 * The files of `sim/` the viewer may import: the trace vocabulary (trace types, the compact trace's
 * decoder, the opening rule and the step table).
 */
const VIEWER_MAY_IMPORT = [
  'sim/engine/trace.ts',
  'sim/engine/trace-compact.ts',
  'sim/engine/trace-opening.ts',
  'sim/cms/protocol.ts',
];

/** One import: the importing file and the project-relative file it names (or the package). */
interface Import {
  from: string;
  to: string;
}

/** Every `.ts` file under `dir`, project-relative with `/` separators. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The imports of one file, relative ones resolved to project-relative `.ts` paths. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return specifiers(text).map((s) => {
    if (!s.startsWith('.')) return { from: file, to: s };
    const abs = resolve(ROOT, dirname(file), s.replace(/\.js$/, '.ts'));
    return { from: file, to: relative(ROOT, abs).split(sep).join('/') };
  });
}

/** The `sim/` folders in the order ARCHITECTURE.md's layout lists them. */
function layerOrder(): string[] {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const layout = text.split('```')[1] ?? '';
  return [...layout.matchAll(/^ {2}([a-z-]+)\/\s/gm)].map((m) => m[1] as string);
}

/** The folder of `sim/` a project-relative path is in, or undefined outside `sim/`. */
function simFolder(path: string): string | undefined {
  const m = /^sim\/([^/]+)\//.exec(path);
  return m?.[1];
}

/** The imports that break the layers, as readable lines; empty when the layers hold. */
export function layerViolations(imports: readonly Import[], order: readonly string[]): string[] {
  const out: string[] = [];
  for (const { from, to } of imports) {
    const own = simFolder(from);
    const target = simFolder(to);
    if (from.startsWith('viz/')) {
      if (to.startsWith('sim/') && !VIEWER_MAY_IMPORT.includes(to))
        out.push(
          `${from} imports ${to}: the viewer may import only ${VIEWER_MAY_IMPORT.join(', ')}`,
        );
      continue;
    }
    if (from.startsWith('sim/') && to.startsWith('viz/')) {
      out.push(`${from} imports ${to}: nothing in sim/ imports the viewer`);
      continue;
    }
    // Packages, files outside sim/, and imports within one folder are not layer crossings.
    if (own === undefined || target === undefined || own === target) continue;
    if (own === 'engine')
      out.push(`${from} imports ${to}: the engine imports nothing outside sim/engine/`);
    else if (order.indexOf(target) < 0 || order.indexOf(target) > order.indexOf(own)) {
      out.push(
        `${from} imports ${to}: ${own}/ comes before ${target}/ in ARCHITECTURE.md's layout, so it may not import it`,
      );
    }
  }
  return out;
}

describe('the import layers', () => {
  const order = layerOrder();
  const simFiles = sourceFiles('sim');

  it('reads the layer order from ARCHITECTURE.md, with the engine first and every sim/ folder in it', () => {
    expect(order[0]).toBe('engine');
    const folders = new Set(simFiles.map((f) => simFolder(f)));
    for (const f of folders)
      expect(order, `sim/${f}/ is missing from ARCHITECTURE.md's layout`).toContain(f);
  });

  it('holds for every file of sim/ and viz/src/', () => {
    const imports = [...simFiles, ...sourceFiles('viz/src')].flatMap(importsOf);
    expect(imports.length).toBeGreaterThan(100);
    expect(layerViolations(imports, order)).toEqual([]);
  });

  it('names an engine file that imports the CMS model, a viewer file that imports the model, an upward import and a simulator file that imports the viewer', () => {
    const bad: Import[] = [
      { from: 'sim/engine/simulation.ts', to: 'sim/cms/state.ts' },
      { from: 'viz/src/main.ts', to: 'sim/scenario/run.ts' },
      { from: 'sim/cms/outcomes.ts', to: 'sim/scenario/schema.ts' },
      { from: 'sim/cli/main.ts', to: 'sim/scenario/load.ts' },
      { from: 'viz/src/parse.ts', to: 'sim/engine/trace.ts' },
      { from: 'viz/src/load.ts', to: 'sim/engine/trace-compact.ts' },
      { from: 'sim/report/read-compact.ts', to: 'viz/src/load.ts' },
    ];
    const found = layerViolations(bad, ['engine', 'cms', 'scenario', 'report', 'cli']);
    expect(found).toHaveLength(4);
    expect(found[0]).toContain('the engine imports nothing outside sim/engine/');
    expect(found[1]).toContain('the viewer may import only');
    expect(found[2]).toContain('cms/ comes before scenario/');
    expect(found[3]).toContain('nothing in sim/ imports the viewer');
  });

  it('finds static, side-effect, re-export and dynamic imports in source text', () => {
    const text =
      "import a from './a.js';\nimport './b.js';\nexport { c } from '../c.js';\nconst d = await import('./d.js');";
    expect(specifiers(text).sort()).toEqual(['../c.js', './a.js', './b.js', './d.js']);
  });
});
