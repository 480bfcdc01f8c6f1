import { expect, test } from '@playwright/test';
import { pathVariants } from '../checks/paths-plan';

test('a versioned route gets its version siblings, case, dot-segment, semicolon and encoding spellings', () => {
  const byName = Object.fromEntries(pathVariants('/api/v2/dossiers/7/export').map((variant) => [variant.name, variant.url]));
  expect(byName).toEqual({
    'version sibling v1': '/api/v1/dossiers/7/export',
    'version sibling v3': '/api/v3/dossiers/7/export',
    'upper-case first segment': '/API/v2/dossiers/7/export',
    'capitalised first segment': '/Api/v2/dossiers/7/export',
    'dot segment': '/api/./v2/dossiers/7/export',
    'encoded dot-dot': '/api/cloison/%2e%2e/v2/dossiers/7/export',
    'dot-dot semicolon': '/api/cloison/..;/v2/dossiers/7/export',
    'matrix parameter': '/api/v2/dossiers/7/export;cloison=1',
    'trailing dot': '/api/v2/dossiers/7/export.',
    'double-encoded last segment': '/api/v2/dossiers/7/%2565%2578%2570%256F%2572%2574',
  });
});

test('a route without a version gets no sibling, and the query string is kept', () => {
  const variants = pathVariants('/pieces/12?view=full');
  expect(variants.some((variant) => variant.name.startsWith('version'))).toBe(false);
  expect(variants.every((variant) => variant.url.endsWith('?view=full'))).toBe(true);
});
