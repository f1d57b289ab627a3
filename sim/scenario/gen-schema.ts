/**
 * The JSON Schema of scenario files, generated from the zod scenario schema, and the program that
 * writes it to `scenarios/scenario.schema.json` (`npm run schema`).
 *
 * The JSON Schema describes scenarios as written (the input side: durations may be strings, keys
 * with defaults are optional) so that editors can complete and check them. It cannot express the
 * reference checks; the loader does those.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { z } from 'zod';

import { ScenarioSchema } from './schema.js';

/** Where the schema file lives, relative to the project root. */
export const SCHEMA_FILE = 'scenarios/scenario.schema.json';

/** The command that regenerates the schema file. */
export const SCHEMA_COMMAND = 'npm run schema';

/** The JSON Schema of scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

/** The text of the schema file: the JSON Schema, indented by two spaces, ending with a newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Writes the schema file; the target defaults to SCHEMA_FILE under the current directory. */
export function writeScenarioJsonSchema(target: string = SCHEMA_FILE): string {
  const file = resolve(target);
  writeFileSync(file, scenarioJsonSchemaText());
  return file;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  const target = process.argv[2] ?? SCHEMA_FILE;
  writeScenarioJsonSchema(target);
  console.log(`wrote ${target}`);
}
