import { expect, test } from '@playwright/test';
import { fill, fillJson, placeholderUses } from './template';

test('transforms reshape a value where a route needs it in another form', () => {
  const bindings = { id: 'Ab/1', ref: 'x y' };
  expect(fill('{id|base64}', bindings)).toBe(Buffer.from('Ab/1').toString('base64'));
  expect(fill('{id|base64url}', bindings)).toBe(Buffer.from('Ab/1').toString('base64url'));
  expect(fill('{id|hex}', bindings)).toBe('41622f31');
  expect(fill('{ref|urlencode}', bindings)).toBe('x%20y');
  expect(fill('{id|lower}-{id|upper}', bindings)).toBe('ab/1-AB/1');
  expect(fill('{id|lower|base64url}', bindings)).toBe(Buffer.from('ab/1').toString('base64url'));
  expect(placeholderUses('/x/{id|lower|hex}')).toEqual([{ name: 'id', transforms: ['lower', 'hex'] }]);
});

test('the file binding is sent as base64 of its bytes inside a JSON body', () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0xe2, 0xff, 0x00]);
  const body = fillJson({ name: '{fileName}', data: '{file|base64}' }, { fileName: 'a.pdf', file: bytes.toString('latin1') });
  expect(body).toEqual({ name: 'a.pdf', data: bytes.toString('base64') });
});
