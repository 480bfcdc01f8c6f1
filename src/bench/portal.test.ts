import { expect, test } from '@playwright/test';
import { withPreload } from './portal';

test('withPreload puts the counter after node options and loaders, before the script', () => {
  expect(withPreload(['node', '--import', 'tsx', 'portal/src/server.ts', '--port', '3400'], '/c.ts')).toEqual(['node', '--import', 'tsx', '--import', '/c.ts', 'portal/src/server.ts', '--port', '3400']);
  expect(withPreload(['node', 'server.js'], '/c.ts')).toEqual(['node', '--import', '/c.ts', 'server.js']);
  expect(() => withPreload(['node', '--import', 'tsx'], '/c.ts')).toThrow(/no script/);
});
