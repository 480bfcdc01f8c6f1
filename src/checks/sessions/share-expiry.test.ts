import { expect, test } from '@playwright/test';
import { advertisedExpiryProblem, DEFAULT_MAX_LINK_LIFETIME_SECONDS, expiryProof } from './share-expiry';

test('a short lifetime is waited out, with a margin', () => {
  expect(expiryProof(5, true)).toEqual({ kind: 'wait', waitMs: 6500 });
  expect(expiryProof(15, false)).toEqual({ kind: 'wait', waitMs: 16500 });
});

test('a long lifetime is checked on the expiry the target announces', () => {
  expect(expiryProof(900, true)).toEqual({ kind: 'advertised', maxSeconds: 900 });
  expect(expiryProof(undefined, true)).toEqual({ kind: 'advertised', maxSeconds: DEFAULT_MAX_LINK_LIFETIME_SECONDS });
});

test('with nothing to wait for and nothing announced, expiry is unprovable (never silently passed)', () => {
  expect(expiryProof(900, false).kind).toBe('unprovable');
  expect(expiryProof(undefined, false).kind).toBe('unprovable');
});

test('an announced expiry within the lifetime (and the clock slack) is fine', () => {
  const created = Date.parse('2026-01-01T10:00:00Z');
  expect(advertisedExpiryProblem('2026-01-01T10:15:00Z', created, 900)).toBeUndefined();
  expect(advertisedExpiryProblem('2026-01-01T10:15:30Z', created, 900)).toBeUndefined();
  expect(advertisedExpiryProblem(created / 1000 + 900, created, 900), 'epoch seconds').toBeUndefined();
  expect(advertisedExpiryProblem(created + 900_000, created, 900), 'epoch milliseconds').toBeUndefined();
});

test('an expiry far away, or none readable, is a problem', () => {
  const created = Date.parse('2026-01-01T10:00:00Z');
  expect(advertisedExpiryProblem('2027-01-01T10:00:00Z', created, 900)).toMatch(/lifetime of \d+ s, over the 900 s allowed/);
  expect(advertisedExpiryProblem('never', created, 900)).toMatch(/no readable expiry/);
  expect(advertisedExpiryProblem(undefined, created, 900)).toMatch(/no readable expiry/);
});
