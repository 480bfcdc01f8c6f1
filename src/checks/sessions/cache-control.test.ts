import { expect, test } from '@playwright/test';
import { judgeCacheControl, parseCacheControl } from './cache-control';

test('no-store keeps a personal answer out of every cache, whatever comes with it', () => {
  expect(judgeCacheControl({ 'cache-control': 'no-store' }).stored).toBe(false);
  expect(judgeCacheControl({ 'cache-control': 'private, No-Store, max-age=0' }).stored).toBe(false);
});

test('an answer without Cache-Control may be kept', () => {
  const judgement = judgeCacheControl({});
  expect(judgement.stored).toBe(true);
  expect(judgement.detail).toMatch(/no Cache-Control/);
});

test('no-cache and max-age=0 do not keep Back from showing the page', () => {
  for (const value of ['no-cache', 'private, max-age=0, must-revalidate', 'private']) {
    expect(judgeCacheControl({ 'cache-control': value }), value).toMatchObject({ stored: true, shared: false });
  }
});

test('public answers are kept by shared caches too', () => {
  expect(judgeCacheControl({ 'cache-control': 'public, max-age=3600' })).toMatchObject({ stored: true, shared: true });
  expect(judgeCacheControl({ 'cache-control': 's-maxage=60' })).toMatchObject({ stored: true, shared: true });
});

test('directives are read case-insensitively with their values', () => {
  expect([...parseCacheControl('Max-Age=60, PRIVATE, community="UCI"')]).toEqual([
    ['max-age', '60'],
    ['private', ''],
    ['community', 'UCI'],
  ]);
});
