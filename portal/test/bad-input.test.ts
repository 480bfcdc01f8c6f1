import { loadPortalConfig } from '../src/config';
import { makeArtifact, makeExe, makePng } from './support/artifacts';
import { type PortalClient, type UploadFile } from './support/client';
import { expect, test } from './support/fixtures';
import { Population } from './support/population';

/** Malformed input is refused early, with the right status, and leaves nothing behind. */

const MALFORMED_IDS = ['abc', '0', '-1', '1.5', '1e3', '0x1', '1%20', '%C3%A9'];

test.describe('malformed ids', () => {
  test('are refused with 400 on every id-bearing route', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const routes = [
      (id: string) => `/api/v2/pieces/${id}`,
      (id: string) => `/api/v2/pieces/${id}/contenu`,
      (id: string) => `/api/v2/pieces/${id}/apercu`,
      (id: string) => `/api/v1/pieces/${id}/download`,
      (id: string) => `/api/v2/dossiers/${id}`,
      (id: string) => `/api/v2/dossiers/${id}/pieces`,
      (id: string) => `/api/v2/dossiers/${id}/export`,
      (id: string) => `/pieces/${id}`,
      (id: string) => `/dossiers/${id}`,
    ];
    for (const route of routes) {
      for (const id of MALFORMED_IDS) {
        const reply = await alice.get(route(id));
        expect(reply.status, route(id)).toBe(400);
      }
    }
    const query = await alice.get('/api/v2/pieces?dossierId=abc');
    expect(query.status).toBe(400);
  });

  test('are refused with 400 on writes, before anything changes', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const listBefore = (await alice.get('/api/v2/pieces')).text;
    for (const id of MALFORMED_IDS) {
      expect((await alice.request('PATCH', `/api/v2/pieces/${id}`, { json: { titre: 'x' }, csrf: true })).status, id).toBe(400);
      expect((await alice.request('DELETE', `/api/v2/pieces/${id}`, { csrf: true })).status, id).toBe(400);
    }
    expect((await alice.get('/api/v2/pieces')).text).toBe(listBefore);
  });
});

test.describe('uploads', () => {
  // A portal of its own with a small limit: oversized bodies are cheap to build.
  const LIMIT = 64 * 1024;

  interface UploadAttempt {
    status: number;
    /** What changed in the dossier's pièce list and in the uploads folder: nothing, when refused. */
    stored: { listChanged: boolean; newFiles: string[] };
  }

  async function attemptUpload(population: Population, alice: PortalClient, file: UploadFile): Promise<UploadAttempt> {
    const dossierId = population.dossierOf('alice');
    const listBefore = (await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text;
    const filesBefore = await population.portal.listUploads();
    const reply = await alice.upload(dossierId, file);
    const listAfter = (await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text;
    const filesAfter = await population.portal.listUploads();
    return {
      status: reply.status,
      stored: { listChanged: listAfter !== listBefore, newFiles: filesAfter.filter((name) => !filesBefore.includes(name)) },
    };
  }

  const NOTHING_STORED = { listChanged: false, newFiles: [] };

  test('an upload over the size limit is refused with 413 and stores nothing', async ({ portals }) => {
    const portal = await portals.start({ maxUploadBytes: LIMIT });
    const population = await new Population(portal).seed();
    const alice = await population.as('alice');
    const pdf = await makeArtifact('pdf', population.nextMarker('alice'));
    // Still a PDF by its magic bytes, only too large.
    const padded = Buffer.concat([Buffer.from(pdf.bytes), Buffer.alloc(LIMIT + 1024, 0x20)]);
    const oversized = await attemptUpload(population, alice, { ...pdf, bytes: padded });
    expect(oversized.status).toBe(413);
    expect(oversized.stored).toEqual(NOTHING_STORED);
    // A document under the limit passes: the refusal was about size, not about this PDF.
    const small = await alice.upload(population.dossierOf('alice'), pdf);
    expect(small.status).toBe(201);
  });

  test('a PNG declared as a PDF is refused and stores nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const marker = population.nextMarker('alice');
    const attempt = await attemptUpload(population, alice, {
      type: 'certificat_medical',
      titre: `Faux PDF ${marker}`,
      fileName: `faux-${marker}.pdf`,
      mime: 'application/pdf',
      bytes: makePng(marker),
    });
    expect([400, 415]).toContain(attempt.status);
    expect(attempt.stored).toEqual(NOTHING_STORED);
  });

  test('an executable is refused whatever it is declared as, and stores nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    for (const mime of ['application/octet-stream', 'application/x-msdownload', 'application/pdf', 'text/plain']) {
      const attempt = await attemptUpload(population, alice, { type: 'autre', titre: 'Programme', fileName: 'setup.exe', mime, bytes: makeExe() });
      expect([400, 415], `setup.exe declared ${mime}`).toContain(attempt.status);
      expect(attempt.stored, `setup.exe declared ${mime}`).toEqual(NOTHING_STORED);
    }
  });

  test('an upload with an unknown pièce type is refused with 400 and stores nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const pdf = await makeArtifact('pdf', population.nextMarker('alice'));
    const attempt = await attemptUpload(population, alice, { ...pdf, type: 'passeport_diplomatique' });
    expect(attempt.status).toBe(400);
    expect(attempt.stored).toEqual(NOTHING_STORED);
  });

  test('an upload without X-CSRF-Token is refused with 403 and stores nothing', async ({ portals }) => {
    const { population } = await portals.seeded();
    const alice = await population.as('alice');
    const pdf = await makeArtifact('pdf', population.nextMarker('alice'));
    const dossierId = population.dossierOf('alice');
    const listBefore = (await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text;
    const filesBefore = await population.portal.listUploads();
    const reply = await alice.upload(dossierId, pdf, {}, false);
    expect(reply.status).toBe(403);
    expect((await alice.get(`/api/v2/dossiers/${dossierId}/pieces`)).text).toBe(listBefore);
    expect(await population.portal.listUploads()).toEqual(filesBefore);
  });
});

test.describe('configuration', () => {
  test('an unknown flaw in PORTAL_FLAWS is a start-up error naming it', () => {
    expect(() => loadPortalConfig({ PORTAL_FLAWS: 'download-idor,not-a-real-flaw' }, [])).toThrow(/PORTAL_FLAWS.*not-a-real-flaw|not-a-real-flaw.*PORTAL_FLAWS/);
  });

  test('a bad port is a start-up error naming the setting', () => {
    for (const [env, argv] of [
      [{}, ['--port', 'abc']],
      [{}, ['--port', '70000']],
      [{ PORTAL_PORT: '-5' }, []],
      [{ PORTAL_PORT: 'http' }, []],
    ] as const) {
      expect(() => loadPortalConfig({ ...env }, [...argv]), JSON.stringify({ env, argv })).toThrow(/port/i);
    }
  });

  test('a valid configuration is read from the environment and the command line', () => {
    const config = loadPortalConfig({ PORTAL_FLAWS: 'download-idor, cookie-flags', PORTAL_DB: ':memory:' }, ['--port', '3123']);
    expect(config.port).toBe(3123);
    expect([...config.flaws].sort()).toEqual(['cookie-flags', 'download-idor']);
    expect(config.dbPath).toBe(':memory:');
    expect(config.provisioningToken, 'provisioning stays off unless its token is set').toBeUndefined();
  });
});
