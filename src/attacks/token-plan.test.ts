import { expect, test } from '@playwright/test';
import { coverageProbes } from '../probes/probe-order';
import { tokenProbe } from './token-plan';

const routes = [
  { name: 'whoami', path: '/api/me' },
  { name: 'download', path: '/files/{name}' },
];

test('under a budget a token in the URL is tried on every route, a tampered copy on the first only', () => {
  const url = routes.flatMap((route, depth) => ['?access_token=', '?token='].map((param) => tokenProbe('u1', 'usager', `session as ${param}`, route, depth, true)));
  expect(coverageProbes(url).map((probe) => `${probe.route} ${probe.vector}`)).toEqual([
    '/api/me session as ?access_token=',
    '/api/me session as ?token=',
    '/files/{name} session as ?access_token=',
    '/files/{name} session as ?token=',
  ]);
  const tampered = routes.flatMap((route, depth) => ['alg none', 'expired'].map((variant) => tokenProbe('u1', 'usager', `session: ${variant}`, route, depth, false)));
  expect(coverageProbes(tampered).map((probe) => `${probe.route} ${probe.vector}`)).toEqual(['/api/me session: alg none', '/api/me session: expired']);
});
