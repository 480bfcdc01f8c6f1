import { expect, test } from '@playwright/test';
import { CookieJar } from 'tough-cookie';
import { CookieHeaders } from './cookie-headers';

const ORIGIN = 'http://portal.test:8080';
const SET = [
  ['sid=one; Path=/', '/'],
  ['scope=docs; Path=/docs', '/'],
  ['deep=yes; Path=/docs/pieces/', '/'],
  ['implicit=dir', '/api/v2/pieces/42'],
  ['secure=only; Secure; Path=/', '/'],
] as const;
const PATHS = ['/', '/docs', '/docs/', '/docsx', '/docs/pieces', '/docs/pieces/7', '/api/v2/pieces', '/api/v2/pieces/9', '/api/v2', '/other/docs'];

function texts(cookies: readonly { text: string }[]): string[] {
  return cookies.map((cookie) => cookie.text);
}

test('sends what tough-cookie sends, for every path and scheme, asked twice', () => {
  const headers = new CookieHeaders();
  const reference = new CookieJar(undefined, { looseMode: true, allowSpecialUseDomain: true, rejectPublicSuffixes: false });
  for (const [line, path] of SET) {
    headers.store(line, `${ORIGIN}${path}`);
    reference.setCookieSync(line, `${ORIGIN}${path}`, { ignoreError: true });
  }
  for (const origin of [ORIGIN, 'https://portal.test:8080', 'http://elsewhere.test']) {
    for (const path of PATHS) {
      const url = new URL(path, origin);
      const expected = reference.getCookiesSync(url).map((cookie) => cookie.cookieString());
      expect(texts(headers.lookup(url)), `${url.href}`).toEqual(expected);
      expect(texts(headers.lookup(url)), `${url.href}, remembered`).toEqual(expected);
    }
  }
  expect(texts(headers.lookup(new URL('/docs/pieces/7', ORIGIN)))).toEqual(['deep=yes', 'scope=docs', 'sid=one']);
  expect(texts(headers.lookup(new URL('/api/v2/pieces/9', ORIGIN)))).toEqual(['implicit=dir', 'sid=one']);
});

test('a cookie the portal sets again replaces the remembered one', () => {
  const headers = new CookieHeaders();
  headers.store('sid=one; Path=/', `${ORIGIN}/`);
  const url = new URL('/docs/1', ORIGIN);
  expect(texts(headers.lookup(url))).toEqual(['sid=one']);
  headers.store('sid=two; Path=/', `${ORIGIN}/login`);
  expect(texts(headers.lookup(url))).toEqual(['sid=two']);
  headers.store('sid=gone; Path=/; Max-Age=0', `${ORIGIN}/logout`);
  expect(texts(headers.lookup(url))).toEqual([]);
});

test('a remembered cookie is not sent once it has expired', async () => {
  const headers = new CookieHeaders();
  headers.store('short=lived; Path=/; Max-Age=1', `${ORIGIN}/`);
  headers.store('sid=one; Path=/', `${ORIGIN}/`);
  const url = new URL('/docs/1', ORIGIN);
  expect(texts(headers.lookup(url))).toEqual(['short=lived', 'sid=one']);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  expect(texts(headers.lookup(url))).toEqual(['sid=one']);
});
