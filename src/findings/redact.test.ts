import { expect, test } from '@playwright/test';
import { REDACTED, Redactor, excerptAround, redactSecretShapes } from './redact';

const PASSWORD = 'Tr0ub4dor&3-correct horse';
const SID = 's%3AbmV2ZXIgc2hhcmUgdGhpcw.k3y';
const CSRF = 'csrf-9f8e7d6c5b4a';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MDc1YSJ9.c2lnbmF0dXJl';
const PROVISIONING = 'prov-0123456789abcdef';
const redactor = new Redactor([PASSWORD, SID, CSRF, BEARER, PROVISIONING]);

test('replaces known secrets in every spelling a portal or a serializer produces', () => {
  const text = [
    PASSWORD,
    encodeURIComponent(PASSWORD),
    encodeURIComponent(PASSWORD).replace(/%20/g, '+'),
    JSON.stringify({ note: `mot de passe ${PASSWORD}` }),
    PASSWORD.replace('&', '&amp;'),
    `ref=${CSRF}`,
  ].join('\n');
  const out = redactor.text(text);
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), CSRF, 'Tr0ub4dor']) expect(out).not.toContain(secret);
  expect(out).toContain(REDACTED);
});

test('masks credential headers whatever their value', () => {
  const out = redactor.headers({
    Cookie: 'lang=fr; sid=unknown-to-the-redactor',
    'Set-Cookie': 'sid=abc; HttpOnly',
    Authorization: 'Basic dXNlcjpwYXNz',
    'X-CSRF-Token': 'x',
    'x-provisioning-token': 'y',
    'Proxy-Authorization': 'z',
    'content-type': 'application/json',
  });
  expect(out).toEqual({
    Cookie: REDACTED, 'Set-Cookie': REDACTED, Authorization: REDACTED, 'X-CSRF-Token': REDACTED,
    'x-provisioning-token': REDACTED, 'Proxy-Authorization': REDACTED, 'content-type': 'application/json',
  });
});

test('masks sensitive JSON fields at any depth and sensitive query parameters', () => {
  const body = redactor.body(JSON.stringify({ user: { email: 'a@example.test', password: 'unknown1' }, auth: [{ csrfToken: 'unknown2', access_token: 'unknown3' }], sid: 'unknown4', secret: { nested: 'unknown5' } }));
  for (const value of ['unknown1', 'unknown2', 'unknown3', 'unknown4', 'unknown5']) expect(body).not.toContain(value);
  expect(body).toContain('a@example.test');

  const url = redactor.url('https://portal.test/pieces/17?access_token=tok123456&sid=abc123&_csrf=c123&token=t123&page=2');
  expect(url).toBe(`https://portal.test/pieces/17?access_token=${REDACTED}&sid=${REDACTED}&_csrf=${REDACTED}&token=${REDACTED}&page=2`);
});

test('masks secret shapes nobody registered: cookie strings, bearer tokens, JWTs, form fields', () => {
  const out = redactSecretShapes(
    [
      'Cookie: sid=deadbeefcafe; theme=dark',
      'Authorization: Bearer abcdefgh12345678',
      'token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig',
      'password=hunter22&login=camille',
      '{"password":"hunter33","pass":"hunter44","nom":"Durand"}',
    ].join('\n'),
  );
  for (const secret of ['deadbeefcafe', 'abcdefgh12345678', 'eyJhbGciOiJub25lIn0', 'hunter22', 'hunter33', 'hunter44']) {
    expect(out).not.toContain(secret);
  }
  expect(out).toContain('"nom":"Durand"');
  expect(out).toContain('login=camille');
});

test('markers are evidence, not secrets: they survive redaction', () => {
  const text = 'CLSN-R7K2Q9-U075A-3 camille@example.test 185057512345673 ' + 'ab'.repeat(32);
  expect(redactor.text(text)).toBe(text);
});

test('excerptAround gives a short printable window around the needle, redacted even across the cut', () => {
  const filler = 'x'.repeat(5000);
  // The secret starts before the window and ends inside it: a half secret must not survive.
  const text = `${filler}sid=${SID}${'y'.repeat(250)}\u0000\u0001 CLSN-R7K2Q9-U075A-3 ${'z'.repeat(5000)}`;
  const excerpt = excerptAround(text, 'CLSN-R7K2Q9-U075A-3', 280, redactor);
  expect(excerpt.length).toBeLessThanOrEqual(600);
  expect(excerpt).toContain('CLSN-R7K2Q9-U075A-3');
  expect(excerpt).not.toMatch(/k3y|bmV2ZXIg/);
  expect([...excerpt].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
  expect(excerpt.startsWith('…')).toBe(true);
  // No needle: the start of the body, still capped.
  expect(excerptAround('a'.repeat(10_000), undefined).length).toBeLessThanOrEqual(600);
});

test('masks CSRF tokens and secrets carried by HTML inputs and meta tags, whatever their value', () => {
  const html = [
    '<input type="hidden" name="_csrf" value="tok-AAAA1111">',
    "<input value='tok-BBBB2222' type=hidden name='csrfToken'>",
    '<meta name="csrf-token" content="tok-CCCC3333">',
    '<input type="password" name="password" value="pw-DDDD4444">',
    '<input name="titre" value="Certificat médical">',
  ].join('\n');
  const out = redactSecretShapes(html);
  for (const token of ['tok-AAAA1111', 'tok-BBBB2222', 'tok-CCCC3333', 'pw-DDDD4444']) expect(out).not.toContain(token);
  expect(out).toContain('value="Certificat médical"');
  expect(out).toContain(`name="_csrf" value="${REDACTED}"`);
});
