import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Profile } from '../profile/schema';
import { applyAnswers, readAnswers } from './answers';
import type { Draft } from './draft';

const draft = (): Draft => ({
  profile: {
    version: 2,
    name: 'draft',
    baseURL: 'http://127.0.0.1:9',
    auth: { login: { api: { method: 'POST', path: '/login' } }, logout: {}, session: { type: 'cookie', cookieName: 'sid' } },
    provisioning: { mode: 'accounts', file: 'accounts.json', document: { method: 'POST', path: '/f/{folderId}' }, lookup: { usager: [] } },
    ids: { piece: 'documentId', dossier: 'folderId', usager: 'userId' },
    people: { roles: ['usager'], tenants: true },
    routes: [{ name: 'doc', action: 'download', channel: 'api', object: 'piece', method: 'GET', path: '/d/{documentId}' }],
    policy: { read: ['owner'], write: ['owner'] },
  } as unknown as Profile,
  questions: [
    { field: 'people.roles', question: 'Which roles?' },
    { field: 'provisioning.file', question: 'Who are the test people?' },
    { field: 'policy.read', question: 'Who may read?' },
    { field: 'auth.login.form.successUrl', question: 'Where does the form land?' },
  ],
  decisions: [],
});

test('answers merge field by field, replace lists, remove with null, and retire the questions they answer', () => {
  const answered = applyAnswers(draft(), { people: { roles: ['usager', 'agent'] }, provisioning: { mode: 'api', file: null, lookup: null }, policy: { read: ['owner', 'agent:same-mdph'] } });
  expect(answered.profile.people).toEqual({ roles: ['usager', 'agent'], tenants: true });
  expect(answered.profile.provisioning).toEqual({ mode: 'api', document: { method: 'POST', path: '/f/{folderId}' } });
  expect(answered.profile.policy).toEqual({ read: ['owner', 'agent:same-mdph'], write: ['owner'] });
  expect(answered.profile.routes).toEqual(draft().profile.routes);
  expect(answered.questions.map((question) => question.field)).toEqual(['auth.login.form.successUrl']);
});

test('an answers file that is not a JSON object is exit-2 input naming --answers', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'cloison-answers-'));
  try {
    for (const [name, text] of [['list.json', '[]'], ['broken.json', '{']] as const) {
      writeFileSync(path.join(folder, name), text);
      expect(() => readAnswers(path.join(folder, name))).toThrow(/^--answers /);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
