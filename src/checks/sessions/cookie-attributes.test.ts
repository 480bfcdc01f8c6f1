import { expect, test } from '@playwright/test';
import { parseSetCookie, sessionCookieProblems, setCookieLines } from './cookie-attributes';

test('reads the attributes of a session cookie, whatever their case and order', () => {
  const cookie = parseSetCookie('sid=abc123; Path=/; httponly; SAMESITE=Strict; Secure');
  expect(cookie).toEqual({ name: 'sid', value: 'abc123', httpOnly: true, secure: true, sameSite: 'strict', expires: false });
});

test('a cookie being deleted is recognised as such', () => {
  expect(parseSetCookie('sid=; Path=/; Max-Age=0')?.expires).toBe(true);
  expect(parseSetCookie('sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT')?.expires).toBe(true);
  expect(parseSetCookie('sid=x; Max-Age=3600')?.expires).toBe(false);
});

test('a header without a name is no cookie', () => {
  expect(parseSetCookie('=novalue; Path=/')).toBeUndefined();
  expect(parseSetCookie('garbage')).toBeUndefined();
});

test('the secure portal\'s cookie lacks nothing over HTTP, and only Secure over HTTPS', () => {
  const cookie = parseSetCookie('sid=abc; Path=/; HttpOnly; SameSite=Lax');
  if (!cookie) throw new Error('unparsed');
  expect(sessionCookieProblems(cookie, false)).toEqual([]);
  expect(sessionCookieProblems(cookie, true).map((problem) => problem.attribute)).toEqual(['Secure']);
});

test('a cookie readable by scripts and sent cross-site is two problems', () => {
  const cookie = parseSetCookie('sid=abc; Path=/');
  if (!cookie) throw new Error('unparsed');
  const problems = sessionCookieProblems(cookie, false);
  expect(problems.map((problem) => [problem.attribute, problem.cwe])).toEqual([
    ['HttpOnly', 'CWE-1004'],
    ['SameSite', 'CWE-1275'],
  ]);
});

test('SameSite=None is as bad as no SameSite for a session cookie', () => {
  const cookie = parseSetCookie('sid=abc; HttpOnly; SameSite=None; Secure');
  if (!cookie) throw new Error('unparsed');
  expect(sessionCookieProblems(cookie, true).map((problem) => problem.detail)).toEqual(['cookie sid goes with cross-site requests (SameSite=none)']);
});

test('each Set-Cookie line stays whole, whatever the case of its name; other headers are left out', () => {
  const lines = setCookieLines([
    { name: 'Set-Cookie', value: 'sid=a; Expires=Thu, 01 Jan 2037 00:00:00 GMT; HttpOnly' },
    { name: 'content-type', value: 'text/html' },
    { name: 'set-cookie', value: 'csrf=b; Path=/' },
  ]);
  expect(lines).toEqual(['sid=a; Expires=Thu, 01 Jan 2037 00:00:00 GMT; HttpOnly', 'csrf=b; Path=/']);
  expect(lines.map((line) => parseSetCookie(line)?.name)).toEqual(['sid', 'csrf']);
});
