import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConfigError } from '../errors';
import { validateProfile } from './validate';

const reference = (): Record<string, unknown> => JSON.parse(readFileSync('profiles/reference-portal.json', 'utf8')) as Record<string, unknown>;

function errorOf(mutate: (profile: Record<string, unknown>) => void): ConfigError {
  const profile = reference();
  mutate(profile);
  try {
    validateProfile(profile, 'p.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the profile was accepted');
}

test('the shipped reference profile is valid', () => {
  expect(validateProfile(reference(), 'reference').name).toBe('reference-portal');
});

test('a missing field is named with its path and the file', () => {
  const error = errorOf((profile) => delete (profile.auth as Record<string, unknown>).whoami);
  expect(error.message).toBe('p.json: auth.whoami is required');
});

test('an unknown field is named', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[2]!.methd = 'GET'));
  expect(error.message).toBe('p.json: routes[2].methd is not a known field');
});

test('a bad enum value names the field and the allowed values', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[0]!.action = 'read'));
  expect(error.field).toBe('routes[0].action');
  expect(error.message).toContain('"download"');
});

test('a route using an unknown placeholder is refused', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[1]!.path = '/api/v2/pieces/{pieceUuid}'));
  expect(error.message).toBe('p.json: routes[1].path uses unknown placeholder {pieceUuid}');
});

test('an object route without an id placeholder is refused', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[1]!.path = '/api/v2/pieces'));
  expect(error.field).toBe('routes[1].path');
});

test('a base URL whose host is not allowed is refused', () => {
  const error = errorOf((profile) => (profile.baseURL = 'http://portail.example.org'));
  expect(error.message).toContain('host "portail.example.org" is not in allowedHosts');
});

test('a policy that forgets the owner is refused', () => {
  const error = errorOf((profile) => ((profile.policy as Record<string, unknown>).read = ['agent:same-mdph']));
  expect(error.field).toBe('policy.read');
});
