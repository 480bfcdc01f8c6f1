import { expect, test } from '@playwright/test';
import { launchTokenVariables, resolveTarget } from './target';

test('the provisioning token reaches the embedded portal through the environment, never through launch.env (recorded in blob reports)', () => {
  const env: NodeJS.ProcessEnv = { CLOISON_PORT: '5999' };
  const target = resolveTarget(env);
  expect(env).toEqual({ CLOISON_PORT: '5999' });
  const token = launchTokenVariables(target, env).PORTAL_PROVISIONING_TOKEN;
  expect(token).toBeTruthy();
  expect(JSON.stringify(target.launch)).not.toContain(token);
  expect(target.launch?.env).not.toHaveProperty('PORTAL_PROVISIONING_TOKEN');
});
