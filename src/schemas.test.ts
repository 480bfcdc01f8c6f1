import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { shippedSchemas } from './schemas';

for (const { file, text } of shippedSchemas()) {
  test(`${file} is the one generated from its TypeBox source (run npm run schemas)`, () => {
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
}
