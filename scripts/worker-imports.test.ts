import path from 'node:path';
import { expect, test } from '@playwright/test';
import ts from 'typescript';
import { parse, resolve, sourceFiles } from './source-graph';

/**
 * Playwright starts a new worker process after every failed test, and every finding fails its
 * test: a flaw group's scan starts dozens of workers, and each one loads the config and its spec
 * file again. These packages cost each of them tenths of a second of CPU (TypeBox's and faker's
 * hundreds of ES modules, pdf-lib's 140), and only some checks need them: they are imported
 * where they are used (`await import(…)`), never on the way from the config or a spec.
 */
const HEAVY = ['@sinclair/typebox', '@faker-js/faker', 'pdf-lib', 'ajv'];

/** The project files and packages each file imports at run time (type-only imports are erased). */
const imports = new Map<string, { files: string[]; packages: string[] }>();

function importsOf(file: string): { files: string[]; packages: string[] } {
  let found = imports.get(file);
  if (found) return found;
  found = { files: [], packages: [] };
  for (const statement of parse(file).statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly : statement.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier.startsWith('.')) {
      const target = resolve(path.join(path.dirname(file), specifier));
      if (target) found.files.push(target);
    } else if (!specifier.startsWith('node:')) found.packages.push(specifier);
  }
  imports.set(file, found);
  return found;
}

/** The heavy packages evaluating `entry` loads, each with the file that imports it. */
function heavy(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const { files, packages } = importsOf(file);
    for (const specifier of packages) {
      if (HEAVY.some((name) => specifier === name || specifier.startsWith(`${name}/`))) found.push(`${specifier} (imported by ${file})`);
    }
    files.forEach(visit);
  };
  visit(entry);
  return found;
}

test('a worker loading the config and any spec imports none of the heavy packages', () => {
  const entries = ['playwright.config.ts', ...sourceFiles(['tests']).filter((file) => file.endsWith('.spec.ts'))];
  expect(entries.length).toBeGreaterThan(10);
  expect(entries.flatMap((entry) => heavy(entry).map((found) => `${entry}: ${found}`))).toEqual([]);
});

test('the walk sees a heavy package through the files in between (the setup loads faker)', () => {
  expect(heavy('tests/setup/provision.setup.ts').some((found) => found.startsWith('@faker-js/faker '))).toBe(true);
});
