import { expect, test } from '@playwright/test';
import { loadProfile } from '../../profile/load';
import { lifecycleNotApplicable } from './account-actions';

const reference = loadProfile('profiles/reference-portal.json');
// A real profile whose portal has a password change and nothing else of the lifecycle.
const guichet = loadProfile('targets/guichet/profile.json');

test('an action the profile does not declare is not applicable, naming its field; a declared one applies', () => {
  expect(lifecycleNotApplicable(reference, 'passwordChange')).toBeUndefined();
  expect(lifecycleNotApplicable(reference, 'refresh')).toBeUndefined();
  expect(lifecycleNotApplicable(reference, 'revokeRole')).toBeUndefined();
  expect(lifecycleNotApplicable(guichet, 'passwordChange')).toBeUndefined();
  expect(lifecycleNotApplicable(guichet, 'revokeRole')).toContain('lifecycle.revokeRole is not declared');
  expect(lifecycleNotApplicable({}, 'disable')).toContain('lifecycle.disable is not declared');
});

test('refresh reuse applies only where the portal rotates: its refresh answer captures the token again', () => {
  const refresh = reference.lifecycle?.refresh;
  if (!refresh) throw new Error('the reference profile declares lifecycle.refresh');
  const noRotation = { lifecycle: { refresh: { ...refresh, request: { ...refresh.request, capture: {} } } } };
  expect(lifecycleNotApplicable(noRotation, 'refresh')).toContain('does not rotate refresh tokens');
});
