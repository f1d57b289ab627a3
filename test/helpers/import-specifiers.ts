/**
 * The import specifiers written in a TypeScript source text (static `import`/`export … from`,
 * side-effect imports and dynamic `import('…')` with a literal path), for the tests that walk
 * import graphs: the layer test and the in-page runner's test.
 */

/** The import specifiers written in a source text. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of text.matchAll(p)) found.push(m[1] as string);
  return found;
}
