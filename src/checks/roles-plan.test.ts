import { expect, test } from '@playwright/test';
import { AccessPolicy } from '../policy/policy';
import type { Person } from '../population/types';
import type { RouteSpec } from '../profile/types';
import { oneOfEachClass } from '../policy/classes';
import { notRepresentedBy, otherTenants, ownTenant, refusalKind, representedBy, roleAttackers, roleAudience, serves } from './roles-plan';

const person = (key: string, role: Person['role'], mdph: string, represents?: string): Person => ({
  key, role, mdph, represents, prenom: key, nom: key, dateNaissance: '1980-01-01', email: `${key}@example.test`, password: 'x',
});

const people = [
  person('u013a', 'usager', '013'),
  person('u075a', 'usager', '075'),
  person('u075b', 'usager', '075'),
  person('rep1', 'representant', '075', 'u075a'),
  person('agent075', 'agent', '075'),
  person('agent013', 'agent', '013'),
];
const policy = new AccessPolicy({ read: ['owner', 'representative', 'agent:same-mdph'] }, people);
const backOffice: RouteSpec = { name: 'agent-dossier', action: 'view', channel: 'api', object: 'dossier', method: 'GET', path: '/bo/{dossierId}', roles: ['agent'] };
const everyone: RouteSpec = { name: 'dossier', action: 'view', channel: 'api', object: 'dossier', method: 'GET', path: '/d/{dossierId}' };

test('a role route serves its roles only; a route without roles serves anyone signed in', () => {
  expect(serves(backOffice, 'agent')).toBe(true);
  expect(serves(backOffice, 'usager')).toBe(false);
  expect(serves(backOffice, undefined)).toBe(false);
  expect(serves(everyone, 'representant')).toBe(true);
  expect(serves(everyone, undefined)).toBe(false);
});

test('the audience of a back-office object is the served role within the policy: the owner is not in it', () => {
  expect(roleAudience(policy, backOffice, 'u075a')).toEqual(['agent075']);
  expect(roleAttackers(policy, backOffice, 'u075a')).toEqual(['u013a', 'u075a', 'u075b', 'rep1', 'agent013', undefined]);
});

test('a role not served is a violation, another tenant of a served role is a scope question', () => {
  expect(refusalKind(policy, backOffice, 'u075a')).toBe('role-not-served');
  expect(refusalKind(policy, backOffice, undefined)).toBe('role-not-served');
  expect(refusalKind(policy, backOffice, 'agent013')).toBe('outside-audience');
});

test('one browser visit per role and relationship class', () => {
  expect(oneOfEachClass(policy, roleAttackers(policy, backOffice, 'u075a'), 'u075a', { byRole: true })).toEqual(['u013a', 'u075a', 'u075b', 'rep1', 'agent013', undefined]);
  expect(oneOfEachClass(policy, ['u075b', 'u013a', 'u075b'], 'u075a', { byRole: true })).toEqual(['u075b', 'u013a']);
});

test('a representative reaches whom it represents; every other usager is a victim, its MDPH first', () => {
  expect(representedBy(policy, 'rep1').map((p) => p.key)).toEqual(['u075a']);
  expect(notRepresentedBy(policy, 'rep1').map((p) => p.key)).toEqual(['u075b', 'u013a']);
});

test('an agent\'s tenant is its MDPH, unless the policy opens every MDPH to agents', () => {
  expect(ownTenant(policy, 'agent075').map((p) => p.key)).toEqual(['u075a', 'u075b']);
  expect(otherTenants(policy, 'agent075').map((p) => p.key)).toEqual(['u013a']);
  const open = new AccessPolicy({ read: ['owner', 'agent:any'] }, people);
  expect(otherTenants(open, 'agent075')).toEqual([]);
});
