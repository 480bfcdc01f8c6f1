import { expect, test } from '@playwright/test';
import { hiddenSecrets } from './hidden-secrets';

test('finds the CSRF token of a page\'s forms, whatever the attribute order and quoting', () => {
  const html = `<form><input type="hidden" name="_csrf" value="tok-1"><input value='tok-2' name='csrf_token'>
    <INPUT NAME=token VALUE=tok-3></form>`;
  expect(hiddenSecrets(html)).toEqual(['tok-1', 'tok-2', 'tok-3']);
});

test('leaves ordinary fields alone', () => {
  expect(hiddenSecrets('<input name="email" value="a@example.test"><input name="titre" value="Certificat">')).toEqual([]);
});
