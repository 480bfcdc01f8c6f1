import cookie from '@fastify/cookie';
import { expect, test } from '@playwright/test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApiTokens } from '../src/auth/api-tokens';
import { createSessionService } from '../src/auth/sessions';
import { openDatabase } from '../src/db';
import { sharedCache } from '../src/flaws/shared-cache';
import { authGateHook, errorPages, routes, sessionHook } from '../src/plugins';
import { createRepositories } from '../src/repositories';

/**
 * The portal's hooks guard its routes only if they load first: each plugin names what must come
 * before it, and a wrong order stops the portal at start with the names, instead of serving.
 */
async function withApp(build: (app: FastifyInstance) => Promise<void>): Promise<unknown> {
  const app = Fastify();
  try {
    await build(app);
    await app.ready();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close().catch(() => undefined);
  }
}

function sessions() {
  const repos = createRepositories(openDatabase(':memory:'));
  return createSessionService(repos, new Set(), createApiTokens(repos, new Set()));
}

test('a route module loaded before the error pages and the auth gate refuses to start', async () => {
  const error = await withApp(async (app) => {
    await app.register(routes('early', () => undefined));
  });
  expect(String(error)).toContain("The dependency 'portal-errors' of plugin 'routes-early' is not registered");
});

test('the auth gate loaded before the session hook refuses to start', async () => {
  const error = await withApp(async (app) => {
    await app.register(cookie);
    await app.register(errorPages);
    await app.register(authGateHook, { publicRoutes: new Set<string>() });
  });
  expect(String(error)).toContain("The dependency 'portal-session' of plugin 'portal-auth-gate' is not registered");
});

test('the shared-cache flaw loaded after the session hook refuses to start; before it, the portal starts', async () => {
  const late = await withApp(async (app) => {
    await app.register(cookie);
    await app.register(sessionHook, { sessions: sessions() });
    await app.register(sharedCache);
  });
  expect(String(late)).toContain("flaw shared-cache must be registered before 'portal-session'");
  const early = await withApp(async (app) => {
    await app.register(cookie);
    await app.register(sharedCache);
    await app.register(sessionHook, { sessions: sessions() });
  });
  expect(early).toBeUndefined();
});
