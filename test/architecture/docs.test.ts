/**
 * The repository stands alone: no file in it cites a document that is not in it (the design
 * and domain notes that movesim was first written from live outside the repository), every
 * relative link in a Markdown file leads to a file that exists, every source path a document
 * names in backticks exists, and every counterexample docs/findings.md cites is in
 * test/counterexamples/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../cli/helpers.js';

/**
 * Citations of documents outside the repository: the design and domain notes and the folder
 * they live in. Written as patterns (character classes) so this file does not cite them itself.
 */
const OUTSIDE = [/DESIGN[.]md/, /DOMAIN[.]md/, /[.][.][/]shared/, /tech[n]ote[/]/];

/** Every file git tracks or would track, project-relative. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return out.split('\n').filter((f) => f !== '' && existsSync(join(ROOT, f)));
}

const files = repositoryFiles();
const textFiles = files.filter(
  (f) =>
    /\.(md|ts|js|mjs|yaml|yml|json|html|css)$/.test(f) &&
    !f.endsWith('package-lock.json') &&
    f !== 'test/architecture/docs.test.ts',
);
const markdown = files.filter((f) => f.endsWith('.md'));

describe('the repository stands alone', () => {
  it('cites no document that lives outside the repository', () => {
    const cites: string[] = [];
    for (const f of textFiles) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const pattern of OUTSIDE) {
          if (pattern.test(line)) cites.push(`${f}:${i + 1}: ${pattern.source}`);
        }
      });
    }
    expect(textFiles.length).toBeGreaterThan(100);
    expect(cites).toEqual([]);
  });

  it('has every relative Markdown link lead to a file that exists', () => {
    const broken: string[] = [];
    for (const f of markdown) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1] as string;
        if (/^[a-z]+:/i.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(f), target))) broken.push(`${f}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has every source path a document names in backticks exist', () => {
    const missing: string[] = [];
    for (const f of markdown) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(
        /`((?:sim|test|viz|scenarios|docs|scripts|bench)\/[\w./-]+\.(?:ts|mjs|js|yaml|json|md))`/g,
      )) {
        const path = m[1] as string;
        if (path.includes('<') || path.includes('*')) continue;
        if (!existsSync(join(ROOT, path))) missing.push(`${f}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every counterexample docs/findings.md cites in test/counterexamples/', () => {
    const text = readFileSync(join(ROOT, 'docs', 'findings.md'), 'utf8');
    const cited = [...new Set([...text.matchAll(/[\w-]+-[0-9a-f]{8}\.yaml/g)].map((m) => m[0]))];
    expect(cited.length).toBeGreaterThan(3);
    const missing = cited.filter((c) => !existsSync(join(ROOT, 'test', 'counterexamples', c)));
    expect(missing).toEqual([]);
  });
});
