import { expect, test } from '@playwright/test';
import { classify } from './request-counter';

test('the portal request counter tells seeding, HTTP clients and the browser apart', () => {
  expect(classify({ 'x-provisioning-token': 't', 'user-agent': 'Playwright/1.65' }, 'x-provisioning-token')).toBe('provisioning');
  expect(classify({ 'user-agent': 'Playwright/1.65.1 (x64; debian 12) node/20.20' }, 'x-provisioning-token')).toBe('api');
  expect(classify({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36' }, 'x-provisioning-token')).toBe('browser');
  // The harness's own HTTP client may send no user agent at all: still not a browser.
  expect(classify({}, 'x-provisioning-token')).toBe('api');
  expect(classify({ 'user-agent': 'node' }, 'x-provisioning-token')).toBe('api');
});
