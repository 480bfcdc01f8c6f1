import { expect, test } from '@playwright/test';
import { startGuichet } from './support';

test.describe('secure guichet', () => {
  test('a revoked token opens nothing and the token is never read from the query', async () => {
    const target = await startGuichet();
    try {
      const { alice, get, baseUrl } = target;
      expect((await get('/v3/me', alice.token)).text).toContain('alice@example.test');
      expect((await get(`/v3/me?access_token=${alice.token}`)).status).toBe(401);
      const logout = await fetch(`${baseUrl}/v3/auth/tokens/current`, { method: 'DELETE', headers: { Authorization: `Bearer ${alice.token}` } });
      expect(logout.status).toBe(204);
      const after = await get(`/v3/files/${alice.fileId}/blob`, alice.token);
      expect(after.status).toBe(401);
      expect(after.text).not.toContain(alice.marker);
    } finally {
      await target.close();
    }
  });

  test('unknown and foreign ids get the same 404, and every answer is no-store', async () => {
    const target = await startGuichet();
    try {
      const { alice, bruno, baseUrl } = target;
      const foreign = await fetch(`${baseUrl}/v3/files/${alice.fileId}`, { headers: { Authorization: `Bearer ${bruno.token}` } });
      const unknown = await fetch(`${baseUrl}/v3/files/00000000-0000-4000-8000-000000000000`, { headers: { Authorization: `Bearer ${bruno.token}` } });
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(await foreign.text()).toBe(await unknown.text());
      expect(foreign.headers.get('cache-control')).toBe('no-store');
    } finally {
      await target.close();
    }
  });

  test('the provisioning API is invisible without the admin key', async () => {
    const target = await startGuichet();
    try {
      const response = await fetch(`${target.baseUrl}/v3/admin/members`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await target.close();
    }
  });

  test('the page shows the signed-in member its file, from the API', async ({ page }) => {
    const target = await startGuichet();
    try {
      const { alice, baseUrl } = target;
      await page.goto(`${baseUrl}/app/login`);
      await page.locator('input[name=login]').fill('alice@example.test');
      await page.locator('input[name=secret]').fill('secret-of-alice');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('link', { name: `Certificate ${alice.marker}` })).toBeVisible();
      await page.goto(`${baseUrl}/app/files/${target.bruno.fileId}`);
      await expect(page.getByRole('heading', { name: 'This file is not available.' })).toBeVisible();
      await expect(page.locator('body')).not.toContainText(target.bruno.marker);
    } finally {
      await target.close();
    }
  });
});
