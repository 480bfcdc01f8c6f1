import { expect, test } from '@playwright/test';
import type { Person } from '../population/types';
import { oneOfEachClass, onePerClass } from './classes';
import { AccessPolicy } from './policy';

const person = (key: string, role: Person['role'], mdph: string, represents?: string): Person => ({
  key, role, mdph, represents, prenom: key, nom: key, dateNaissance: '1980-01-01', email: `${key}@example.test`, password: 'x',
});

const people = [
  person('u075a', 'usager', '075'),
  person('u075b', 'usager', '075'),
  person('u013a', 'usager', '013'),
  person('rep1', 'representant', '075', 'u075a'),
  person('agent075', 'agent', '075'),
  person('agent013', 'agent', '013'),
];
const policy = new AccessPolicy({ read: ['owner', 'representative', 'agent:same-mdph'] }, people);

test('relationships name how a requester stands towards an owner', () => {
  expect(policy.relationship('u075b', 'u075a')).toBe('usager-same-mdph');
  expect(policy.relationship('u013a', 'u075a')).toBe('usager-other-mdph');
  expect(policy.relationship('rep1', 'u075a')).toBe('representative');
  expect(policy.relationship('rep1', 'u075b')).toBe('representative-other');
  expect(policy.relationship('agent013', 'u075a')).toBe('agent-other-mdph');
  expect(policy.relationship(undefined, 'u075a')).toBe('anonymous');
});

test('the matrix allows exactly the declared audience', () => {
  const readers = [...people.map((p) => p.key), undefined].filter((key) => policy.mayRead(key, 'u075a'));
  expect(readers).toEqual(['u075a', 'rep1', 'agent075']);
});

test('victims are every usager outside the audience; visibility includes representatives of what one may read', () => {
  expect(policy.forbiddenOwners('rep1').map((p) => p.key)).toEqual(['u075b', 'u013a']);
  expect([...policy.visibleOwners('u075a')].sort()).toEqual(['rep1', 'u075a']);
  expect([...policy.visibleOwners('agent075')].sort()).toEqual(['agent075', 'rep1', 'u075a', 'u075b']);
  expect([...policy.visibleOwners(undefined)]).toEqual([]);
});

test('a stricter policy shrinks the audience', () => {
  const strict = new AccessPolicy({ read: ['owner'] }, people);
  expect(strict.mayRead('agent075', 'u075a')).toBe(false);
  expect(strict.mayRead('rep1', 'u075a')).toBe(false);
});

test('only an agent whose audience is an MDPH may rightly open objects the run did not seed', () => {
  expect(policy.mayReadUnseeded('agent075')).toBe(true);
  expect(policy.mayReadUnseeded('u075a')).toBe(false);
  expect(policy.mayReadUnseeded('rep1')).toBe(false);
  expect(policy.mayReadUnseeded(undefined)).toBe(false);
  expect(new AccessPolicy({ read: ['owner', 'representative'] }, people).mayReadUnseeded('agent075')).toBe(false);
});

test('one requester of each relationship class, rotated by turn; by role too where asked', () => {
  const requesters = ['u075b', 'u013a', 'rep1', 'agent013', undefined];
  expect(oneOfEachClass(policy, requesters, 'u075a')).toEqual(['u075b', 'u013a', 'rep1', 'agent013', undefined]);
  expect(onePerClass(['a1', 'b1', 'a2', 'a3'], (key) => key[0] ?? '', 1)).toEqual(['a2', 'b1']);
  expect(onePerClass(['a1', 'b1', 'a2', 'a3'], (key) => key[0] ?? '', 3)).toEqual(['a1', 'b1']);
});
