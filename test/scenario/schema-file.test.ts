/**
 * Tests of scenarios/scenario.schema.json: it matches a fresh generation from the zod schema
 * (so it is never stale) and documents every property.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, test } from 'vitest';

import {
  scenarioJsonSchema,
  scenarioJsonSchemaText,
  SCHEMA_COMMAND,
  SCHEMA_FILE,
} from '../../sim/scenario/gen-schema.js';

const committedUrl = new URL(`../../${SCHEMA_FILE}`, import.meta.url);

/** The paths of properties that have no description, anywhere in a JSON schema. */
function undocumented(node: unknown, path: string, out: string[]): string[] {
  if (typeof node !== 'object' || node === null) return out;
  const n = node as Record<string, unknown>;
  const props = n['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const [key, value] of Object.entries(props ?? {})) {
    if (typeof value['description'] !== 'string') out.push(`${path}.${key}`);
    undocumented(value, `${path}.${key}`, out);
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'prefixItems', '$defs']) {
    const child = n[key];
    if (Array.isArray(child)) child.forEach((c, i) => undocumented(c, `${path}/${key}[${i}]`, out));
    else if (child !== undefined && key === '$defs')
      for (const [k, v] of Object.entries(child as object)) undocumented(v, `${k}`, out);
    else if (child !== undefined) undocumented(child, `${path}/${key}`, out);
  }
  return out;
}

describe('the scenario JSON schema file', () => {
  test('is up to date with the zod schema', () => {
    const committed = readFileSync(committedUrl, 'utf8');
    expect(committed, `${SCHEMA_FILE} is stale; regenerate it with: ${SCHEMA_COMMAND}`).toBe(
      scenarioJsonSchemaText(),
    );
  });

  test('describes every property', () => {
    expect(undocumented(scenarioJsonSchema(), '', [])).toEqual([]);
  });

  test('refuses unknown keys and marks only keys without defaults as required', () => {
    const schema = scenarioJsonSchema();
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(['name', 'cluster', 'spaces']);
  });

  test('describes durations as written, numbers or strings with a unit', () => {
    const defs = scenarioJsonSchema()['$defs'] as Record<string, { anyOf: { type: string }[] }>;
    expect(defs['Duration']?.anyOf.map((a) => a.type)).toEqual(['number', 'string']);
  });
});
