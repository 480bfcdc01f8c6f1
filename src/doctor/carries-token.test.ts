import { expect, test } from '@playwright/test';
import { carriesToken } from './browser-token';

test('a page carries its session token in a header of any name, with a scheme or not, or in a JSON body; elsewhere it does not', () => {
  const token = 'r:5f0c9a1e';
  expect(carriesToken({ authorization: `Bearer ${token}` }, null, token)).toBe(true);
  expect(carriesToken({ 'x-session-token': token }, null, token)).toBe(true);
  expect(carriesToken({ 'content-type': 'text/plain' }, JSON.stringify({ _method: 'GET', _SessionToken: token }), token)).toBe(true);
  expect(carriesToken({ authorization: 'Bearer r:other' }, '{"where":{}}', token)).toBe(false);
  expect(carriesToken({}, null, token)).toBe(false);
});
