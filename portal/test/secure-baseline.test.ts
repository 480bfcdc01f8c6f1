import { cookieAttributes, replyJson, sidCookieLine, type Reply } from './support/client';
import { unzipSync } from 'fflate';
import { makeArtifact, sha256 } from './support/artifacts';
import { expect, test } from './support/fixtures';
import { fakeNir, PASSWORD, type PieceMetadata } from './support/population';

/** The rules of ROUTES.md that the secure portal keeps, each checked with real requests. */

/** What is wrong with an answer's security headers, as sentences (none when all is well). */
function securityHeaderProblems(reply: Reply, label: string): string[] {
  const problems: string[] = [];
  const want = (name: string, ok: (value: string) => boolean): void => {
    const value = reply.headers.get(name) ?? '';
    if (!ok(value)) problems.push(`${label}: ${name}: "${value}"`);
  };
  want('x-content-type-options', (value) => value === 'nosniff');
  want('x-frame-options', (value) => value.toUpperCase() === 'DENY');
  want('referrer-policy', (value) => value === 'no-referrer');
  want('content-security-policy', (value) => value.includes("'self'") && !/(^|\s)\*(\s|;|$)/.test(value));
  return problems;
}

test.describe('headers', () => {
  test('every answer carries the security headers, signed in or not, found or not', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const piece = population.firstPieceOf('alice');
    const anonymous = population.anonymous();
    const answers: [string, Reply][] = [
      ['anonymous GET /connexion', await anonymous.get('/connexion')],
      ['anonymous GET /', await anonymous.get('/')],
      ['anonymous GET /static/app.js', await anonymous.get('/static/app.js')],
      ['anonymous GET /api/v2/moi', await anonymous.get('/api/v2/moi')],
      ['alice GET /espace', await alice.get('/espace')],
      ['alice GET /api/v2/moi', await alice.get('/api/v2/moi')],
      ['alice GET contenu', await alice.get(`/api/v2/pieces/${piece.id}/contenu`)],
      ['alice GET missing pièce', await alice.get('/api/v2/pieces/987654')],
      ['alice GET unknown route', await alice.get('/nulle-part')],
    ];
    expect(answers.flatMap(([label, reply]) => securityHeaderProblems(reply, label))).toEqual([]);
  });

  test('personal pages, API answers and documents are Cache-Control: no-store', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const piece = population.firstPieceOf('alice');
    const dossierId = population.dossierOf('alice');
    const paths = [
      '/espace',
      `/dossiers/${dossierId}`,
      `/dossiers/${dossierId}/pieces/nouvelle`,
      `/pieces/${piece.id}`,
      '/api/v2/moi',
      '/api/v2/dossiers',
      `/api/v2/dossiers/${dossierId}`,
      `/api/v2/dossiers/${dossierId}/pieces`,
      '/api/v2/pieces',
      `/api/v2/pieces/${piece.id}`,
      `/api/v2/pieces/${piece.id}/contenu`,
      `/api/v2/pieces/${piece.id}/apercu`,
      `/api/v2/dossiers/${dossierId}/export`,
      `/api/v1/pieces/${piece.id}/download`,
      `/dossiers/${dossierId}/fichiers/${encodeURIComponent(piece.storedName)}`,
    ];
    for (const path of paths) {
      const reply = await alice.get(path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers.get('cache-control') ?? '', path).toContain('no-store');
    }
  });

  test('downloads are attachments named after the file; previews are inline; bytes are intact', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    for (const piece of population.piecesOf('alice')) {
      const download = await alice.get(`/api/v2/pieces/${piece.id}/contenu`);
      expect(download.status).toBe(200);
      const disposition = download.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment;\s*filename="[^"]+"/);
      expect(disposition).toContain(piece.marker);
      expect(download.headers.get('content-type') ?? '').toContain(piece.mime);
      expect(sha256(download.bytes)).toBe(piece.sha256);
      const preview = await alice.get(`/api/v2/pieces/${piece.id}/apercu`);
      expect(preview.headers.get('content-disposition') ?? '').toMatch(/^inline/);
      expect(sha256(preview.bytes)).toBe(piece.sha256);
    }
  });
});

test.describe('session', () => {
  test('the session cookie is HttpOnly, SameSite=Lax, Path=/ and rotated at login', async ({ portals }) => {
    const { population } = await portals.seeded();
    const visitor = population.anonymous('visitor');
    await visitor.get('/connexion');
    const before = visitor.sid;
    expect(before, 'an anonymous session exists before login (it holds the form CSRF token)').toBeTruthy();
    const planted = visitor.cloneCookies('the pre-login cookie');

    const login = await visitor.request('POST', '/api/v2/session', { json: { email: population.person('alice').email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const line = sidCookieLine(login) ?? '';
    const attributes = cookieAttributes(line);
    expect(attributes.has('httponly'), line).toBe(true);
    expect(attributes.get('samesite')?.toLowerCase(), line).toBe('lax');
    expect(attributes.get('path'), line).toBe('/');
    expect(visitor.sid).toBeTruthy();
    expect(visitor.sid, 'the session id changes at login').not.toBe(before);

    expect(replyJson<{ email: string }>(await visitor.get('/api/v2/moi')).email).toBe(population.person('alice').email);
    const old = await planted.get('/api/v2/moi');
    expect(old.text).not.toContain(population.person('alice').email);
  });

  test('a wrong password is refused with 401 and opens no session', async ({ portals }) => {
    const { population } = await portals.seeded();
    const visitor = population.anonymous();
    const reply = await visitor.request('POST', '/api/v2/session', { json: { email: population.person('alice').email, password: 'not-the-password' } });
    expect(reply.status).toBe(401);
    const moi = await visitor.get('/api/v2/moi');
    expect(moi.status).toBe(401);
    expect(moi.text).not.toContain(population.person('alice').email);
  });

  test('logout through the API ends the session on the server', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.freshLogin('alice');
    const captured = alice.cloneCookies();
    const logout = await alice.logout();
    expect(logout.status).toBeLessThan(300);
    const replay = await captured.get('/api/v2/pieces');
    expect(replay.status).toBe(401);
    expect(replay.text).not.toContain(population.firstPieceOf('alice').marker);
  });

  test('logout through the form ends the session on the server and redirects to /connexion', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.freshLogin('alice');
    const captured = alice.cloneCookies();
    const logout = await alice.request('POST', '/deconnexion', { form: { _csrf: alice.csrfToken ?? '' } });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('/connexion');
    const replay = await captured.get('/espace');
    expect(replay.text).not.toContain(population.person('alice').dossierNumero ?? '?');
    expect((await captured.get('/api/v2/moi')).status).toBe(401);
  });

  test('GET / sends visitors to /connexion and signed-in usagers to /espace', async ({ portals }) => {
    const { population } = await portals.seeded();
    const anonymous = await population.anonymous().get('/');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/connexion');
    const signedIn = await (await population.as('alice')).get('/');
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/espace');
  });
});

test.describe('CSRF', () => {
  test('the logout form without _csrf is refused with 403 and the session lives on', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.freshLogin('alice');
    const reply = await alice.request('POST', '/deconnexion', { form: {} });
    expect(reply.status).toBe(403);
    expect((await alice.get('/api/v2/moi')).status).toBe(200);
  });

  test('JSON writes without or with a wrong X-CSRF-Token are refused with 403 and change nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.freshLogin('alice');
    const piece = await population.addPiece('alice', 'text');
    const dossierId = population.dossierOf('alice');
    const listBefore = (await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text;
    const wrong = { 'x-csrf-token': 'forged-token' };
    for (const headers of [{}, wrong]) {
      const rename = await alice.request('PATCH', `/api/v2/pieces/${piece.id}`, { json: { titre: 'Renommé sans jeton' }, headers });
      expect(rename.status).toBe(403);
      const del = await alice.request('DELETE', `/api/v2/pieces/${piece.id}`, { headers });
      expect(del.status).toBe(403);
      const upload = await alice.request('POST', `/api/v2/dossiers/${dossierId}/pieces`, {
        headers,
        multipart: (() => {
          const form = new FormData();
          form.append('type', 'autre');
          form.append('titre', 'Sans jeton');
          form.append('fichier', new Blob(['texte sans jeton'], { type: 'text/plain' }), 'sans-jeton.txt');
          return form;
        })(),
      });
      expect(upload.status).toBe(403);
      const share = await alice.request('POST', `/api/v2/pieces/${piece.id}/partage`, { headers });
      expect(share.status).toBe(403);
      const logout = await alice.request('DELETE', '/api/v2/session', { headers });
      expect(logout.status).toBe(403);
    }
    expect((await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text).toBe(listBefore);
    const content = await alice.get(`/api/v2/pieces/${piece.id}/contenu`);
    expect(sha256(content.bytes)).toBe(piece.sha256);
    expect((await alice.get('/api/v2/moi')).status).toBe(200);
  });

  test('the upload form without _csrf is refused with 403 and stores nothing', async ({ portals }) => {
    const { population, portal } = await portals.seeded();
    const alice = await population.freshLogin('alice');
    const dossierId = population.dossierOf('alice');
    const listBefore = (await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text;
    const filesBefore = await portal.listUploads();
    const form = new FormData();
    form.append('type', 'autre');
    form.append('titre', 'Formulaire sans jeton');
    form.append('fichier', new Blob(['texte sans jeton'], { type: 'text/plain' }), 'formulaire-sans-jeton.txt');
    const reply = await alice.request('POST', `/dossiers/${dossierId}/pieces`, { multipart: form });
    expect(reply.status).toBe(403);
    expect((await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text).toBe(listBefore);
    expect(await portal.listUploads()).toEqual(filesBefore);
  });
});

test.describe('access', () => {
  test('forbidden and missing pièces and dossiers get the same 404', async ({ portals }) => {
    const { population } = await portals.seeded();
    const bruno = await population.as('bruno');
    const foreignPiece = population.firstPieceOf('alice').id;
    const foreignDossier = population.dossierOf('alice');
    const missing = 987654;
    const routes = [
      (id: number) => `/api/v2/pieces/${id}`,
      (id: number) => `/api/v2/pieces/${id}/contenu`,
      (id: number) => `/api/v2/pieces/${id}/apercu`,
      (id: number) => `/api/v1/pieces/${id}/download`,
      (id: number) => `/pieces/${id}`,
    ];
    const dossierRoutes = [
      (id: number) => `/api/v2/dossiers/${id}`,
      (id: number) => `/api/v2/dossiers/${id}/pieces`,
      (id: number) => `/api/v2/dossiers/${id}/export`,
      (id: number) => `/dossiers/${id}`,
    ];
    const pairs: [string, string][] = [
      ...routes.map((route): [string, string] => [route(foreignPiece), route(missing)]),
      ...dossierRoutes.map((route): [string, string] => [route(foreignDossier), route(missing)]),
    ];
    for (const [forbiddenPath, missingPath] of pairs) {
      const forbidden = await bruno.get(forbiddenPath);
      const absent = await bruno.get(missingPath);
      expect(forbidden.status, forbiddenPath).toBe(404);
      expect(absent.status, missingPath).toBe(404);
      expect(forbidden.text, `${forbiddenPath} and ${missingPath} answer the same body`).toBe(absent.text);
    }
  });

  test('the owner, her representative and an agent of her MDPH can read her pièce; nobody else can', async ({ portals }) => {
    const { population } = await portals.seeded();
    const piece = population.firstPieceOf('alice');
    for (const reader of ['alice', 'rachel', 'agent075'] as const) {
      const client = await population.as(reader);
      const content = await client.get(`/api/v2/pieces/${piece.id}/contenu`);
      expect(content.status, reader).toBe(200);
      expect(sha256(content.bytes), reader).toBe(piece.sha256);
      const metadata = await client.get(`/api/v2/pieces/${piece.id}`);
      expect(replyJson<PieceMetadata>(metadata).titre, reader).toBe(piece.titre);
    }
    for (const stranger of ['bruno', 'chloe', 'agent013'] as const) {
      const reply = await (await population.as(stranger)).get(`/api/v2/pieces/${piece.id}/contenu`);
      expect(reply.status, stranger).toBe(404);
      expect(reply.text, stranger).not.toContain(piece.marker);
    }
  });

  test('each usager lists exactly their own pièces; the representative lists those of the person represented', async ({ portals }) => {
    const { population } = await portals.seeded();
    for (const [reader, owner] of [['alice', 'alice'], ['bruno', 'bruno'], ['chloe', 'chloe'], ['rachel', 'alice']] as const) {
      const list = replyJson<PieceMetadata[]>(await (await population.as(reader)).get('/api/v2/pieces'));
      const foreign = list.filter((piece) => piece.dossierId !== population.dossierOf(owner)).map((piece) => `${piece.id} of dossier ${piece.dossierId}`);
      expect(foreign, reader).toEqual([]);
      expect(list.map((piece) => piece.id), reader).toEqual(expect.arrayContaining(population.piecesOf(owner).map((piece) => piece.id)));
    }
  });

  test('a representative reaches the person represented only, not their neighbours of the same MDPH', async ({ portals }) => {
    const { population } = await portals.seeded();
    const rachel = await population.as('rachel');
    const own = await rachel.get(`/api/v2/dossiers/${population.dossierOf('alice')}/pieces`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(population.firstPieceOf('alice').marker);
    const neighbour = population.firstPieceOf('bruno');
    for (const path of [`/api/v2/dossiers/${neighbour.dossierId}`, `/api/v2/dossiers/${neighbour.dossierId}/pieces`, `/api/v2/pieces/${neighbour.id}/contenu`]) {
      const reply = await rachel.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.text, path).not.toContain(neighbour.marker);
    }
  });

  test('an agent sees the dossiers of their MDPH only', async ({ portals }) => {
    const { population } = await portals.seeded();
    const agent = await population.as('agent075');
    const list = await agent.get('/api/v2/agent/dossiers');
    expect(list.status).toBe(200);
    for (const usager of ['alice', 'bruno', 'camille'] as const) expect(list.text).toContain(population.person(usager).dossierNumero);
    for (const usager of ['chloe', 'david', 'emma'] as const) expect(list.text).not.toContain(population.person(usager).dossierNumero);
    const foreign = await agent.get(`/api/v2/agent/dossiers/${population.dossierOf('chloe')}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(population.firstPieceOf('chloe').marker);
  });

  test('a usager cannot use the agent API', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const reply = await alice.get('/api/v2/agent/dossiers');
    expect([403, 404]).toContain(reply.status);
    expect(reply.text).not.toContain(population.person('bruno').dossierNumero);
    const etat = await alice.request('POST', `/api/v2/agent/pieces/${population.firstPieceOf('alice').id}/etat`, { json: { etat: 'validee' }, csrf: true });
    expect([403, 404]).toContain(etat.status);
  });

  test('anonymous requests to the API are refused with 401 and leak nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const anonymous = population.anonymous();
    const piece = population.firstPieceOf('alice');
    for (const path of ['/api/v2/moi', '/api/v2/pieces', `/api/v2/pieces/${piece.id}/contenu`, `/api/v2/dossiers/${piece.dossierId}`]) {
      const reply = await anonymous.get(path);
      expect(reply.status, path).toBe(401);
      expect(reply.text, path).not.toContain(piece.marker);
    }
    const page = await anonymous.get(`/dossiers/${piece.dossierId}`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location') ?? '').toContain('/connexion');
  });
});

test.describe('provisioning', () => {
  test('is off (404) when the portal has no provisioning token', async ({ portals }) => {
    const portal = await portals.start({ provisioningToken: null });
    const reply = await fetch(`${portal.baseUrl}/api/provisioning/mdph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provisioning-token': 'anything' },
      body: JSON.stringify({ code: '971', nom: 'MDPH de la Guadeloupe' }),
    });
    expect(reply.status).toBe(404);
  });

  test('refuses a missing or wrong token with 403 and creates nobody', async ({ portals }) => {
    const { portal } = await portals.seeded();
    const email = `intrus.${Date.now()}@example.test`;
    const body = JSON.stringify({ prenom: 'Intrus', nom: 'Inconnu', dateNaissance: '1990-01-01', nir: fakeNir(1, '1990-01-01', '075', 99), email, password: PASSWORD, adresse: '1 rue X', mdph: '075' });
    const attempts: Record<string, string>[] = [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', 'x-provisioning-token': 'wrong-token' }];
    for (const headers of attempts) {
      const reply = await fetch(`${portal.baseUrl}/api/provisioning/usagers`, { method: 'POST', headers, body });
      expect(reply.status).toBe(403);
    }
    const login = await fetch(`${portal.baseUrl}/api/v2/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    expect(login.status).toBe(401);
  });
});

test.describe('writes and roles (positive controls)', () => {
  test('the owner uploads, renames, replaces and deletes her pièce; files live in uploads/<dossier>/<pièce>-<name>', async ({ portals }) => {
    const { population, portal } = await portals.seeded();
    const alice = await population.as('alice');
    const dossierId = population.dossierOf('alice');
    const pdf = await makeArtifact('pdf', population.nextMarker('alice'));
    const created = await alice.upload(dossierId, pdf);
    expect(created.status).toBe(201);
    const piece = replyJson<PieceMetadata>(created);
    expect(piece).toMatchObject({ dossierId, type: pdf.type, titre: pdf.titre, nomFichier: pdf.fileName, mime: pdf.mime, taille: pdf.bytes.length, sha256: pdf.sha256 });
    expect(piece.storedName).toMatch(new RegExp(`^${piece.id}-.*${pdf.marker}`));
    expect(await portal.listUploads()).toContain(`${dossierId}/${piece.storedName}`);

    const renamed = await alice.request('PATCH', `/api/v2/pieces/${piece.id}`, { json: { titre: 'Certificat renommé' }, csrf: true });
    expect(renamed.status).toBe(200);
    expect(replyJson<PieceMetadata>(await alice.get(`/api/v2/pieces/${piece.id}`)).titre).toBe('Certificat renommé');

    const replacement = await makeArtifact('pdf', population.nextMarker('alice'));
    const form = new FormData();
    form.append('fichier', new Blob([Buffer.from(replacement.bytes)], { type: replacement.mime }), replacement.fileName);
    const replaced = await alice.request('PUT', `/api/v2/pieces/${piece.id}/contenu`, { multipart: form, csrf: true });
    expect(replaced.status).toBe(200);
    expect(sha256((await alice.get(`/api/v2/pieces/${piece.id}/contenu`)).bytes)).toBe(replacement.sha256);

    const deleted = await alice.request('DELETE', `/api/v2/pieces/${piece.id}`, { csrf: true });
    expect(deleted.status).toBe(204);
    expect((await alice.get(`/api/v2/pieces/${piece.id}/contenu`)).status).toBe(404);
    expect((await portal.listUploads()).filter((name) => name.startsWith(`${dossierId}/${piece.id}-`))).toEqual([]);
  });

  test('the representative writes for the person represented; an agent cannot write but sets the état', async ({ portals }) => {
    const { population } = await portals.seeded();
    const piece = await population.addPiece('alice', 'text');
    const rachel = await population.as('rachel');
    const upload = await rachel.upload(population.dossierOf('alice'), await makeArtifact('text', population.nextMarker('alice')));
    expect(upload.status).toBe(201);
    expect((await rachel.request('PATCH', `/api/v2/pieces/${piece.id}`, { json: { titre: 'Renommé par l’aidante' }, csrf: true })).status).toBe(200);

    const agent = await population.as('agent075');
    expect((await agent.request('DELETE', `/api/v2/pieces/${piece.id}`, { csrf: true })).status).toBe(404);
    expect((await agent.upload(population.dossierOf('alice'), await makeArtifact('text', population.nextMarker('agent')))).status).toBe(404);
    const etat = await agent.request('POST', `/api/v2/agent/pieces/${piece.id}/etat`, { json: { etat: 'validee' }, csrf: true });
    expect(etat.status).toBe(200);
    const otherAgent = await population.as('agent013');
    const refused = await otherAgent.request('POST', `/api/v2/agent/pieces/${piece.id}/etat`, { json: { etat: 'refusee' }, csrf: true });
    expect(refused.status).toBe(404);

    const seen = replyJson<PieceMetadata>(await (await population.as('alice')).get(`/api/v2/pieces/${piece.id}`));
    expect(seen).toMatchObject({ titre: 'Renommé par l’aidante', etat: 'validee' });
    expect(sha256((await rachel.get(`/api/v2/pieces/${piece.id}/contenu`)).bytes)).toBe(piece.sha256);
  });

  test('the owner searches and exports her own pièces', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const piece = population.firstPieceOf('alice');
    const found = replyJson<PieceMetadata[]>(await alice.get(`/api/v2/recherche?q=${encodeURIComponent(piece.marker)}`));
    expect(found.map((item) => item.id)).toEqual([piece.id]);
    const zip = await alice.get(`/api/v2/dossiers/${piece.dossierId}/export`);
    expect(zip.status).toBe(200);
    const entries = Object.keys(unzipSync(zip.bytes));
    expect(entries.sort()).toEqual(expect.arrayContaining(population.piecesOf('alice').map((item) => item.storedName)));
  });

  test('a share link opens for a signed-in reader and expires within 15 minutes', async ({ portals }) => {
    const { population } = await portals.seeded();
    const piece = population.firstPieceOf('alice');
    const alice = await population.freshLogin('alice');
    const before = Date.now();
    const reply = await alice.request('POST', `/api/v2/pieces/${piece.id}/partage`, { csrf: true });
    expect(reply.status).toBe(201);
    const link = replyJson<{ token: string; url: string; expiresAt: string }>(reply);
    expect(link.url).toBe(`/partage/${link.token}`);
    const lifetime = Date.parse(link.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(14 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60 * 1000 + 5000);
    const opened = await (await population.as('rachel')).get(link.url);
    expect(opened.status).toBe(200);
    expect(sha256(opened.bytes)).toBe(piece.sha256);
  });

  test('the login form needs its _csrf, then sends usagers to /espace and agents to /agent', async ({ portals }) => {
    const { population } = await portals.seeded();
    for (const [who, home] of [['alice', '/espace'], ['agent013', '/agent']] as const) {
      const visitor = population.anonymous(who);
      const form = await visitor.get('/connexion');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
      expect(csrf, 'the login form carries a _csrf field').not.toBe('');
      const credentials = { email: population.person(who).email, password: PASSWORD };
      expect((await visitor.request('POST', '/connexion', { form: credentials })).status, 'without _csrf').toBe(403);
      const login = await visitor.request('POST', '/connexion', { form: { ...credentials, _csrf: csrf } });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toBe(home);
      const page = await visitor.get(home);
      expect(page.status).toBe(200);
      expect(page.text).toContain(population.person(who).nom);
    }
  });

  test('the agent back office lists its MDPH and refuses another MDPH’s dossier page', async ({ portals }) => {
    const { population } = await portals.seeded();
    const agent = await population.as('agent013');
    const office = await agent.get('/agent');
    expect(office.status).toBe(200);
    expect(office.text).toContain(population.person('chloe').dossierNumero);
    expect(office.text).not.toContain(population.person('alice').dossierNumero);
    const own = await agent.get(`/agent/dossiers/${population.dossierOf('chloe')}`);
    expect(own.text).toContain(population.firstPieceOf('chloe').marker);
    const foreign = await agent.get(`/agent/dossiers/${population.dossierOf('alice')}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(population.firstPieceOf('alice').marker);
  });
});

test.describe('contract shapes', () => {
  test('moi, my dossiers and one dossier answer with the fields of ROUTES.md', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const person = population.person('alice');
    const moi = replyJson<Record<string, unknown>>(await alice.get('/api/v2/moi'));
    expect(moi).toMatchObject({ id: person.id, role: 'usager', prenom: person.prenom, nom: person.nom, email: person.email, mdph: '075' });
    expect(typeof moi.csrfToken).toBe('string');
    const dossiers = replyJson<Record<string, unknown>[]>(await alice.get('/api/v2/dossiers'));
    expect(dossiers).toEqual([expect.objectContaining({ id: person.dossierId, numero: person.dossierNumero, mdph: '075', statut: expect.any(String), demandes: expect.any(Array) })]);
    expect(person.dossierNumero).toMatch(/^075-\d{4}-\d{6}$/);
    const dossier = replyJson<Record<string, unknown>>(await alice.get(`/api/v2/dossiers/${person.dossierId}`));
    expect(dossier).toMatchObject({ id: person.dossierId, numero: person.dossierNumero, usager: { prenom: person.prenom, nom: person.nom } });
    expect(dossier.pieces).toEqual(expect.arrayContaining(population.piecesOf('alice').map((piece) => expect.objectContaining({ id: piece.id, sha256: piece.sha256 }))));
  });

  test('provisioning adds an MDPH with the right token', async ({ portals }) => {
    const { portal } = await portals.seeded();
    const reply = await fetch(`${portal.baseUrl}/api/provisioning/mdph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provisioning-token': portal.provisioningToken ?? '' },
      body: JSON.stringify({ code: '971', nom: 'MDPH de la Guadeloupe' }),
    });
    expect(reply.status).toBe(201);
  });
});
