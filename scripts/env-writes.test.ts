import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, sourceFiles } from './source-graph';

/**
 * Settings travel one way: the config sets what its workers inherit, and modules read their
 * settings (src/settings). A module that writes `process.env` is a second, hidden channel, which
 * is how configuration used to be resolved six times per process (issue 11).
 */
const WRITE = /process\.env(?:\.\w+|\[[^\]]+\])\s*(?:=(?!=)|\?\?=|\|\|=)|delete\s+process\.env|Object\.assign\(\s*process\.env/;

export function envWrites(source: string): string[] {
  return source.split('\n').filter((line) => WRITE.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*'));
}

test('no production module under src/ or fixtures/ writes process.env', () => {
  const production = sourceFiles(['src', 'fixtures']).filter((file) => !file.endsWith('.test.ts'));
  const writes = production.flatMap((file) => envWrites(readFileSync(path.join(ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`));
  expect(writes).toEqual([]);
});

test('the finder sees each way of writing the environment, and not a comparison', () => {
  expect(envWrites('process.env.A = "1";\nprocess.env[NAME] ??= key;\ndelete process.env.B;\nObject.assign(process.env, vars);')).toHaveLength(4);
  expect(envWrites('if (process.env.A === "1") return;\nconst a = process.env.A ?? "x";')).toEqual([]);
});
