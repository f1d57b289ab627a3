/**
 * Golden digests of every shipped scenario: `npm run golden:update` writes
 * test/golden/digests.json anew and prints which scenarios' digests changed;
 * `npm run golden:check` (also `node scripts/golden.mjs --check`) compares without writing and
 * exits 1 on a difference. Both run the compiled simulator (dist/, built by the npm script).
 *
 * A changed digest is a decision: the commit that changes it says which scenarios changed and
 * why. Progress goes to stderr, one line per scenario.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = join(ROOT, 'test', 'golden', 'digests.json');
const { digestsOf, loadGoldenScenario, goldenKey, GOLDEN_SEEDS, GOLDEN_LEVELS } = await import(
  pathToFileURL(join(ROOT, 'dist', 'sim', 'report', 'digests.js')).href
);

const args = process.argv.slice(2);
if (args.some((a) => a !== '--check')) {
  process.stderr.write(
    'usage: node scripts/golden.mjs [--check]\n  (no option: write test/golden/digests.json anew; --check: compare only, exit 1 on a difference)\n',
  );
  process.exit(2);
}
const check = args.includes('--check');
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
/** The digests recorded so far; none when the file is missing or unreadable. */
function recordedDigests() {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')).digests ?? {};
  } catch {
    return {};
  }
}
const old = recordedDigests();
const digests = {};
const changed = [];
for (const file of scenarios) {
  const t0 = Date.now();
  const scenario = loadGoldenScenario(join(ROOT, 'scenarios', file));
  for (const level of GOLDEN_LEVELS) {
    for (const seed of GOLDEN_SEEDS) {
      const key = goldenKey(file, seed, level);
      digests[key] = digestsOf(scenario, seed, level);
      const was = old[key];
      const parts = ['trace', 'summary', 'log'].filter((p) => was?.[p] !== digests[key][p]);
      if (parts.length > 0) changed.push(`${key}: ${was === undefined ? 'new' : parts.join(', ')}`);
    }
  }
  process.stderr.write(`golden: ${file} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
for (const key of Object.keys(old)) if (!(key in digests)) changed.push(`${key}: gone`);
if (changed.length === 0)
  process.stdout.write(`golden: all ${Object.keys(digests).length} digests unchanged\n`);
else
  process.stdout.write(
    `golden: ${changed.length} run(s) changed:\n${changed.map((c) => `  ${c}\n`).join('')}`,
  );
if (check) process.exit(changed.length === 0 ? 0 : 1);
const text = `${JSON.stringify({ about: 'sha256 of trace.json, summary.json and cms.log per shipped scenario, seed and trace level; update with npm run golden:update', digests }, null, 2)}\n`;
writeFileSync(`${FILE}.tmp`, text);
renameSync(`${FILE}.tmp`, FILE);
process.stdout.write(`golden: wrote test/golden/digests.json\n`);
