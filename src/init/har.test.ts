import { expect, test } from '@playwright/test';
import { validateProfile } from '../profile/validate';
import { draftProfile } from './draft';
import { evidenceFromHar, type Har } from './har';
import { graphqlWrites } from './read-only-hint';

const ORIGIN = 'http://127.0.0.1:9';
const TOKEN = 'tok-4f9a2c71e0b3d5a8';

function entry(method: string, path: string, options: { status?: number; type?: string; text?: string; body?: { mimeType: string; text: string }; headers?: Record<string, string>; at?: number } = {}): Har['log']['entries'][number] {
  return {
    request: {
      method,
      url: `${ORIGIN}${path}`,
      headers: Object.entries(options.headers ?? {}).map(([name, value]) => ({ name, value })),
      ...(options.body ? { postData: options.body } : {}),
    },
    response: { status: options.status ?? 200, headers: options.type ? [{ name: 'Content-Type', value: options.type }] : [], content: { mimeType: options.type ?? '', ...(options.text !== undefined ? { text: options.text } : {}) } },
  };
}

/** A bearer single-page app: login, whoami, a list, two documents by UUID, a blob, a sign-out. */
function recording(): Har {
  const bearer = { Authorization: `Bearer ${TOKEN}` };
  const json = 'application/json';
  const ids = ['6f1c3a52-9b0e-4d7a-8c21-1e5f0a9b7c33', 'a2d4e6f8-1357-4bdf-9ace-0246813579bd'];
  return {
    log: {
      entries: [
        entry('GET', '/ui/login', { type: 'text/html', text: '<form></form>' }),
        entry('POST', '/auth', { status: 201, type: json, text: JSON.stringify({ session: { bearer: TOKEN } }), body: { mimeType: json, text: JSON.stringify({ mail: 'ada@example.test', pass: 'pw-of-ada' }) } }),
        entry('GET', '/ui/home', { type: 'text/html', text: '<main></main>' }),
        entry('GET', '/api/whoami', { type: json, text: JSON.stringify({ mail: 'ada@example.test', id: 'u1' }), headers: bearer }),
        entry('GET', '/api/docs', { type: json, text: JSON.stringify({ items: [{ id: ids[0] }, { id: ids[1] }] }), headers: bearer }),
        ...ids.flatMap((id) => [
          entry('GET', `/ui/docs/${id}`, { type: 'text/html', text: '<main></main>' }),
          entry('GET', `/api/docs/${id}`, { type: json, text: JSON.stringify({ id, title: 't' }), headers: bearer }),
          entry('GET', `/api/docs/${id}/bytes`, { type: 'application/pdf', text: '', headers: bearer }),
        ]),
        entry('DELETE', '/auth/mine', { status: 204, headers: bearer }),
      ],
    },
  };
}

test('a recorded bearer session gives its login, token place, whoami, logout and routes with their id positions', () => {
  const evidence = evidenceFromHar(recording(), {
    origin: ORIGIN,
    user: 'ada@example.test',
    password: 'pw-of-ada',
    storage: [{ area: 'localStorage', key: 'app.state', value: JSON.stringify({ auth: { t: TOKEN } }) }],
    logoutFrom: 11,
  });
  expect(evidence.login).toEqual({ method: 'POST', path: '/auth' });
  expect(evidence.logout).toEqual({ method: 'DELETE', path: '/auth/mine' });
  expect(evidence.whoami).toEqual({ path: '/api/whoami', proves: 'email' });
  expect(evidence.session).toEqual({ type: 'bearer', header: 'Authorization', scheme: 'Bearer', capture: 'session.bearer', browserStorage: { area: 'localStorage', key: 'app.state', jsonPath: 'auth.t' } });

  const draft = draftProfile(evidence);
  const profile = validateProfile(structuredClone(draft.profile), 'recorded.json');
  expect(profile.auth.login.api).toEqual({ method: 'POST', path: '/auth', json: { mail: '{email}', pass: '{password}' } });
  expect(profile.auth.logout.api).toEqual({ method: 'DELETE', path: '/auth/mine' });
  expect(profile.ids.piece).toBe('docId');
  expect(profile.routes.map((route) => `${route.action} ${route.channel} ${route.object} ${route.path}`).sort()).toEqual([
    'download api piece /api/docs/{docId}/bytes',
    'list api self /api/docs',
    'list ui self /ui/home',
    'metadata api piece /api/docs/{docId}',
    'view ui piece /ui/docs/{docId}',
  ]);
  // Nothing secret of the recording reaches the draft.
  expect(JSON.stringify(profile)).not.toContain(TOKEN);
  expect(JSON.stringify(profile)).not.toContain('pw-of-ada');
});

test('an id is named as the API names it, and a word after an id is a sub-resource, not a value', () => {
  const bearer = { Authorization: `Bearer ${TOKEN}` };
  const json = 'application/json';
  const ref = 'cs_Vz2PsrkbOco-8exy';
  const doc = '6f1c3a52-9b0e-4d7a-8c21-1e5f0a9b7c33';
  const har: Har = {
    log: {
      entries: [
        entry('POST', '/auth', { status: 201, type: json, text: JSON.stringify({ token: TOKEN }), body: { mimeType: json, text: JSON.stringify({ mail: 'ada@example.test', pass: 'pw-of-ada' }) } }),
        entry('GET', '/api/cases', { type: json, text: JSON.stringify({ items: [{ caseRef: ref, docs: [{ docId: doc }] }] }), headers: bearer }),
        entry('GET', `/api/cases/${ref}/docs`, { type: json, text: JSON.stringify({ items: [{ docId: doc, caseRef: ref }] }), headers: bearer }),
        entry('GET', `/api/docs/${doc}/bytes`, { type: 'application/pdf', text: '', headers: bearer }),
        entry('GET', `/api/docs/${doc}/preview`, { type: 'image/png', text: '', headers: bearer }),
      ],
    },
  };
  const evidence = evidenceFromHar(har, { origin: ORIGIN, password: 'pw-of-ada' });
  expect(evidence.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort()).toEqual([
    'GET /api/cases',
    'GET /api/cases/{caseRef}/docs',
    'GET /api/docs/{docId}/bytes',
    'GET /api/docs/{docId}/preview',
    'POST /auth',
  ]);
});

test('POSTs that only read are drafted as readOnly: a search path, GraphQL queries, an RPC list; never a mutation or a create', () => {
  const bearer = { Authorization: `Bearer ${TOKEN}` };
  const json = 'application/json';
  const doc = '6f1c3a52-9b0e-4d7a-8c21-1e5f0a9b7c33';
  const post = (path: string, body: unknown, type = json): Har['log']['entries'][number] =>
    entry('POST', path, { type: json, text: JSON.stringify({ items: [{ docId: doc }] }), body: { mimeType: type, text: JSON.stringify(body) }, headers: bearer });
  const har: Har = {
    log: {
      entries: [
        entry('POST', '/auth', { status: 201, type: json, text: JSON.stringify({ token: TOKEN }), body: { mimeType: json, text: JSON.stringify({ mail: 'ada@example.test', pass: 'pw-of-ada' }) } }),
        entry('GET', '/api/docs', { type: json, text: JSON.stringify({ items: [{ docId: doc }] }), headers: bearer }),
        post('/api/docs/search', { query: 'certificat' }),
        post('/api/findCases', { page: 1 }, 'text/plain;charset=UTF-8'),
        post('/graphql', { query: 'query Docs($id: ID!) { doc(id: $id) { title } } # no mutation here' }),
        post('/graphql', [{ query: '{ me { docs { title } } }' }, { query: 'fragment F on Doc { title } query { docs { ...F } }' }]),
        post('/gql', { query: 'query { docs { title } }' }),
        post('/gql', { query: 'mutation { deleteDoc(id: "query { x }") { ok } }' }),
        post('/rpc', { method: 'files.list', params: {} }),
        post('/api/docs', { title: 'a new document', query: 'not graphql' }),
        post('/api/query-log', { query: 'subscription { docAdded { title } }' }),
      ],
    },
  };
  const draft = draftProfile(evidenceFromHar(har, { origin: ORIGIN, password: 'pw-of-ada' }));
  const profile = validateProfile(structuredClone(draft.profile), 'recorded.json');
  expect(profile.readOnly?.map((entry) => `${entry.method} ${entry.path}`).sort()).toEqual(['POST /api/docs/search', 'POST /api/findCases', 'POST /graphql', 'POST /rpc']);
  expect(draft.decisions.find((line) => line.startsWith('readOnly:'))).toContain('POST /graphql (a GraphQL query (no mutation))');
});

test('a GraphQL document writes when an operation at its top level is a mutation or a subscription', () => {
  expect(graphqlWrites('{ docs { title } }')).toBe(false);
  expect(graphqlWrites('query Q { docs(filter: "mutation") { title } }')).toBe(false);
  expect(graphqlWrites('query A { a } mutation B { b }')).toBe(true);
  expect(graphqlWrites('subscription { docAdded { id } }')).toBe(true);
  expect(graphqlWrites('"""mutation""" query { a }')).toBe(false);
  expect(graphqlWrites('certificat')).toBeUndefined();
  expect(graphqlWrites('{ unbalanced')).toBeUndefined();
});
