import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { startParseApp } from '../src/app';
import { accessModelOf, type AccessModel, type ParseFlawId } from '../src/flaws';
import { startPostgres, type Postgres } from '../src/postgres';

export interface Reply {
  status: number;
  text: string;
}

export interface Usager {
  userId: string;
  dossierId: string;
  documentId: string;
  fileName: string;
  marker: string;
  token: string;
}

export interface RunningParse {
  baseUrl: string;
  appId: string;
  alice: Usager;
  bruno: Usager;
  get: (path: string, token?: string) => Promise<Reply>;
  send: (method: string, path: string, body: unknown, token?: string) => Promise<Reply>;
  fileUrl: (fileName: string) => string;
  close: () => Promise<void>;
}

let instances = 0;

// Parse Server caches the schema process-wide: a second server in this process (on a database of its
// own) would believe its tables exist.
const schemaCache = (createRequire(import.meta.url)('parse-server/lib/Adapters/Cache/SchemaCache') as { default: { clear: () => void } }).default;

/** One PostgreSQL cluster per test file (each Parse Server gets a database of its own on it). */
export function startCluster(): Promise<Postgres> {
  return startPostgres();
}

/**
 * A real Parse Server in this process on `cluster`, with two usagers of one MDPH, each holding one
 * document whose title and file bytes carry a marker of their own. Parse keeps process-wide state
 * (the REST controller of Cloud Code): one server at a time per process, closed before the next.
 */
export async function startParse(cluster: Postgres, flaws: readonly ParseFlawId[] = [], requestedModel?: AccessModel): Promise<RunningParse> {
  const instance = ++instances;
  const appId = `selftest-${process.pid}-${instance}`;
  const masterKey = randomBytes(18).toString('hex');
  const flawSet = new Set(flaws);
  const model = accessModelOf(flawSet, requestedModel);
  schemaCache.clear();
  const app = await startParseApp({ port: 0, databaseURI: cluster.database(`parse_${process.pid}_${instance}`), appId, masterKey, flaws: flawSet, model });
  const baseUrl = app.url;

  const send = async (method: string, path: string, body: unknown, token?: string, master = false): Promise<Reply> => {
    const headers: Record<string, string> = { 'X-Parse-Application-Id': appId };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['X-Parse-Session-Token'] = token;
    if (master) headers['X-Parse-Master-Key'] = masterKey;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  };
  const get = async (path: string, token?: string): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: token ? { 'X-Parse-Session-Token': token } : {} });
    return { status: response.status, text: await response.text() };
  };
  const result = <T>(reply: Reply, what: string): T => {
    if (reply.status !== 200) throw new Error(`${what}: ${reply.status} ${reply.text}`);
    return (JSON.parse(reply.text) as { result: T }).result;
  };
  const usager = async (name: string): Promise<Usager> => {
    const email = `${name}@example.test`;
    const password = `secret-of-${name}-${randomBytes(6).toString('hex')}`;
    const person = result<{ userId: string; dossierId: string }>(
      await send('POST', '/parse/functions/provisionPerson', { kind: 'usager', email, password, prenom: name, nom: 'Test', mdph: '075', nir: '185057800608436' }, undefined, true),
      `provisioning ${name}`,
    );
    const marker = `MARKER-${name.toUpperCase()}-${randomBytes(5).toString('hex').toUpperCase()}`;
    const document = result<{ documentId: string; fileName: string }>(
      await send(
        'POST',
        '/parse/functions/provisionDocument',
        { ownerId: person.userId, title: `Certificate ${marker}`, type: 'certificat', fileName: `certificate-${name}.txt`, mime: 'text/plain', base64: Buffer.from(`body ${marker}`).toString('base64') },
        undefined,
        true,
      ),
      `uploading ${name}'s document`,
    );
    const login = await send('POST', '/parse/login', { username: email, password });
    if (login.status !== 200) throw new Error(`login as ${name}: ${login.status} ${login.text}`);
    const token = (JSON.parse(login.text) as { sessionToken: string }).sessionToken;
    return { ...person, ...document, marker, token };
  };

  try {
    return {
      baseUrl,
      appId,
      alice: await usager('alice'),
      bruno: await usager('bruno'),
      get,
      send: (method, path, body, token) => send(method, path, body, token),
      fileUrl: (fileName) => `/parse/files/${appId}/${fileName}`,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
