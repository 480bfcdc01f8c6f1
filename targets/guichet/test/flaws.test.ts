import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { GUICHET_FLAWS, type GuichetFlawId } from '../src/flaws';
import { startGuichet, type Reply, type RunningGuichet } from './support';

/**
 * Every guichet flaw, proven both ways with the same exploit: with the flaw off, Bruno (or
 * nobody) gets nothing of Alice's; with only that flaw on, Alice's marker comes back.
 * Bruno first proves he reads his own file the same way, or the exploit would prove nothing.
 */
type Exploit = (target: RunningGuichet) => Promise<Reply>;

const EXPLOITS: Record<GuichetFlawId, Exploit> = {
  'blob-idor': ({ alice, bruno, get }) => get(`/v3/files/${alice.fileId}/blob`, bruno.token),
  'member-filter': ({ alice, bruno, get }) => get(`/v3/files?member=${alice.memberId}`, bruno.token),
  'anonymous-thumbnail': ({ alice, get }) => get(`/v3/files/${alice.fileId}/thumbnail`),
  'denied-envelope': ({ alice, bruno, get }) => get(`/v3/cases/${alice.caseRef}`, bruno.token),
  'token-in-query': ({ alice, get }) => get(`/v3/files?access_token=${alice.token}`),
  // Two citizens with one file each: the first window is Bruno's own; later ones must stay empty.
  'cursor-unscoped': async ({ bruno, get }) => {
    const windows = await Promise.all([0, 1, 2].map((offset) => get(`/v3/files?offset=${offset}&limit=1`, bruno.token)));
    return { status: Math.min(...windows.map((reply) => reply.status)), text: windows.map((reply) => reply.text).join('\n') };
  },
  // Bruno learns a digest (the file view shows it; here, of the bytes he knows Alice sent) and sends it back with his own file's label.
  'digest-relink': async ({ alice, bruno, baseUrl, get }) => {
    const sha256 = createHash('sha256').update(`body ${alice.marker}`).digest('hex');
    const patched = await fetch(`${baseUrl}/v3/files/${bruno.fileId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${bruno.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'My certificate', sha256 }),
    });
    if (patched.status !== 200) return { status: patched.status, text: await patched.text() };
    return get(`/v3/files/${bruno.fileId}/blob`, bruno.token);
  },
  // Alice signs in on a second device and changes her secret there: the token she held before must die.
  'secret-change-keeps-tokens': async ({ alice, baseUrl, get }) => {
    const login = await fetch(`${baseUrl}/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: alice.email, secret: alice.secret }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const change = await fetch(`${baseUrl}/v3/me/secret`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ current: alice.secret, next: 'a-new-secret-of-alice' }),
    });
    if (change.status !== 204) throw new Error(`alice could not change her secret: ${change.status}`);
    return get(`/v3/files/${alice.fileId}/blob`, alice.token);
  },
};

const OWN_READS: Record<GuichetFlawId, Exploit> = {
  'blob-idor': ({ bruno, get }) => get(`/v3/files/${bruno.fileId}/blob`, bruno.token),
  'member-filter': ({ bruno, get }) => get(`/v3/files`, bruno.token),
  'anonymous-thumbnail': ({ bruno, get }) => get(`/v3/files/${bruno.fileId}/thumbnail`, bruno.token),
  'denied-envelope': ({ bruno, get }) => get(`/v3/cases/${bruno.caseRef}`, bruno.token),
  'token-in-query': ({ bruno, get }) => get(`/v3/files`, bruno.token),
  'cursor-unscoped': ({ bruno, get }) => get(`/v3/files?offset=0&limit=1`, bruno.token),
  'digest-relink': ({ bruno, get }) => get(`/v3/files/${bruno.fileId}/blob`, bruno.token),
  'secret-change-keeps-tokens': ({ bruno, get }) => get(`/v3/files/${bruno.fileId}/blob`, bruno.token),
};

async function assertExploit(flaw: GuichetFlawId, on: boolean): Promise<void> {
  const target = await startGuichet(on ? [flaw] : []);
  try {
    const own = await OWN_READS[flaw](target);
    expect(own.status, 'positive control').toBe(200);
    expect(own.text, 'positive control').toContain(target.bruno.marker);
    const reply = await EXPLOITS[flaw](target);
    if (on) expect(reply.text).toContain(target.alice.marker);
    else {
      expect(reply.text).not.toContain(target.alice.marker);
      // Refused outright, or (a list) narrowed to Bruno's own files.
      expect(reply.status >= 400 || reply.text.includes(target.bruno.marker), `status ${reply.status}`).toBe(true);
    }
  } finally {
    await target.close();
  }
}

for (const flaw of GUICHET_FLAWS) {
  test.describe(`flaw ${flaw.id}`, () => {
    test('secure: the exploit gets nothing', async () => {
      await assertExploit(flaw.id, false);
    });

    test("with the flaw on, the exploit gets the victim's data", async () => {
      await assertExploit(flaw.id, true);
    });
  });
}
