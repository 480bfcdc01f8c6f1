import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildApp } from '../portal/src/app';
import { PACKAGE_ROOT } from '../src/cli/package';
import { templateKey } from '../src/init/endpoints';
import type { Profile } from '../src/profile/schema';
import { validateProfile } from '../src/profile/validate';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cloison.mjs');

function init(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, 'init', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** The same, without blocking this process: the portal it reads from runs here. */
function initAsync(args: readonly string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'init', ...args], { cwd, encoding: 'utf8', timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}

/** The route templates of a profile, names erased: what two profiles of one portal share. */
function templates(profile: Profile): Set<string> {
  return new Set(profile.routes.map((route) => templateKey(route.method, route.path)));
}

test.describe('cloison init --openapi', () => {
  let folder: string;
  test.beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cloison-init-'));
  });
  test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test('drafts from the reference portal\'s published document a valid profile covering its hand-written routes', async () => {
    const app = await buildApp({ dbPath: ':memory:', uploadsDir: path.join(folder, 'uploads'), flaws: new Set(), provisioningToken: 'init-test' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const result = await initAsync(['--openapi', `http://127.0.0.1:${port}/api/openapi.json`, '--out', 'draft.json'], folder);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const draft = validateProfile(JSON.parse(readFileSync(path.join(folder, 'draft.json'), 'utf8')), 'draft.json');
      expect(draft.baseURL).toBe(`http://127.0.0.1:${port}`);

      const reference = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'profiles/reference-portal.json'), 'utf8')) as Profile;
      const wanted = templates(reference);
      const got = templates(draft);
      const covered = [...wanted].filter((template) => got.has(template));
      expect(covered.length / wanted.size, `missing: ${[...wanted].filter((template) => !got.has(template)).join(', ')}`).toBeGreaterThanOrEqual(0.8);

      // What the document says for itself, decided; what only a person knows, asked.
      expect(draft.ids).toEqual(reference.ids);
      expect(draft.auth.session).toEqual(reference.auth.session);
      expect(draft.auth.login.api).toMatchObject({ method: 'POST', path: reference.auth.login.api?.path, json: reference.auth.login.api?.json });
      expect(draft.auth.logout.api).toMatchObject({ method: reference.auth.logout.api?.method, path: reference.auth.logout.api?.path });
      expect(draft.auth.whoami).toMatchObject(reference.auth.whoami);
      expect(draft.auth.csrf).toEqual(reference.auth.csrf);
      expect(draft.auth.apiToken).toMatchObject({ request: { path: reference.auth.apiToken?.request.path }, capture: reference.auth.apiToken?.capture });
      expect(new Set(draft.writes?.map((write) => templateKey(write.request.method, write.request.path)))).toEqual(new Set(reference.writes?.map((write) => templateKey(write.request.method, write.request.path))));
      expect(draft.share?.create.path).toBe(reference.share?.create.path);
      expect(draft.share?.revoke?.path).toBe(reference.share?.revoke?.path);
      const byTemplate = new Map(draft.routes.map((route) => [templateKey(route.method, route.path), route]));
      for (const route of reference.routes) {
        const drafted = byTemplate.get(templateKey(route.method, route.path));
        if (!drafted) continue;
        expect(drafted.channel, route.name).toBe(route.channel);
        expect(drafted.object, route.name).toBe(route.object);
        expect(drafted.roles, route.name).toEqual(route.roles);
        if (['download', 'preview', 'list', 'search', 'export'].includes(route.action)) expect(drafted.action, route.name).toBe(route.action);
      }

      const questions = readFileSync(path.join(folder, 'draft.questions.md'), 'utf8');
      for (const field of ['policy.read', 'people.roles', 'people.tenants', 'provisioning.file', 'provisioning.mode', 'auth.login.form.successUrl', 'share.ttlSeconds']) expect(questions).toContain(`\`${field}\``);
      // The route with a file name nobody captures is asked about, not drafted wrong.
      expect(questions).toMatch(/\/dossiers\/\{dossierId\}\/fichiers\/\{fileName\} needs \{fileName\}/);
    } finally {
      await app.close();
    }
  });

  test('a document without login or session scheme still drafts a valid profile, and asks', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 'Files', version: '1' },
      servers: [{ url: 'https://files.example.org/api' }],
      paths: {
        '/files/{fileUuid}/raw': { get: { parameters: [{ name: 'fileUuid', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'bytes', content: { 'application/octet-stream': {} } } } } },
        '/folders/{folderUuid}/files': { get: { parameters: [{ name: 'folderUuid', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'list', content: { 'application/json': { schema: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } } } } } },
      },
    };
    writeFileSync(path.join(folder, 'files.json'), JSON.stringify(document));
    const result = init(['--openapi', 'files.json'], folder);
    expect(result.status).toBe(0);
    const draft = validateProfile(JSON.parse(readFileSync(path.join(folder, 'profile.json'), 'utf8')), 'profile.json');
    expect(draft.baseURL).toBe('https://files.example.org');
    expect(draft.ids).toMatchObject({ piece: 'fileUuid', dossier: 'folderUuid' });
    expect(draft.routes.map((route) => `${route.action} ${route.path}`).sort()).toEqual(['download /files/{fileUuid}/raw', 'list /folders/{folderUuid}/files']);
    const questions = readFileSync(path.join(folder, 'profile.questions.md'), 'utf8');
    for (const field of ['auth.login.api', 'auth.session', 'auth.logout', 'auth.whoami']) expect(questions).toContain(`\`${field}\``);
    // A second run does not overwrite what the user may have completed.
    const again = init(['--openapi', 'files.json'], folder);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  for (const [args, named] of [
    [['--openapi', 'missing.json'], '--openapi missing.json cannot be read'],
    [['--out', 'x.json'], '--openapi is required'],
    [['--openapi', 'a.json', '--bogus'], '--bogus is not an option'],
  ] as const) {
    test(`init ${args.join(' ')} exits 2 naming it`, () => {
      const result = init(args, folder);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(named);
    });
  }
});
