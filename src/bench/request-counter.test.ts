import { expect, test } from '@playwright/test';
import { classify } from './request-counter';

test('the portal request counter tells seeding, API context and browser apart', () => {
  expect(classify({ 'x-provisioning-token': 't', 'user-agent': 'Playwright/1.65' }, 'x-provisioning-token')).toBe('provisioning');
  expect(classify({ 'user-agent': 'Playwright/1.65.1 (x64; debian 12) node/20.20' }, 'x-provisioning-token')).toBe('api');
  expect(classify({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36' }, 'x-provisioning-token')).toBe('browser');
  expect(classify({}, 'x-provisioning-token')).toBe('other');
});
