import { request } from '@playwright/test';
import { TargetError } from '../../errors';
import type { RefreshConfig } from '../../profile/types';
import type { SessionCredential } from '../../session/fresh-session';
import { sendTemplate } from '../../transport/send-template';
import { readPath, type Bindings } from '../../util/template';
import type { SpareAccount } from './spare-account';

/** What one refresh request got: refused, or a renewed session (and, when the portal rotates, the next refresh token). */
export interface Renewal {
  status: number;
  accepted: boolean;
  credential?: SessionCredential;
  nextToken?: string | number;
}

/**
 * Sends the profile's refresh request with `token` as the refresh token, in a context of its own
 * (no cookie of any session), so that a session it receives is the refresh's doing alone. A
 * refusal is an answer, not an error; a target that cannot be reached is an error.
 */
export async function renew(spare: SpareAccount, refresh: RefreshConfig, token: string | number, addSecrets: (secrets: string[]) => void, options: { capture: boolean }): Promise<Renewal> {
  const run = spare.run;
  const template = options.capture ? refresh.request : { ...refresh.request, capture: undefined };
  const bindings: Bindings = { ...run.person(spare.key).bindings, [refresh.token]: token };
  const api = await request.newContext({ baseURL: run.target.baseURL });
  try {
    let sent;
    try {
      sent = await sendTemplate(api, template, bindings, { what: `refresh of ${spare.key}'s session`, field: 'lifecycle.refresh.request' });
    } catch (error) {
      const status = error instanceof TargetError ? error.detail.status : undefined;
      if (status === undefined || (options.capture && status < 300)) throw error;
      return { status, accepted: false };
    }
    addSecrets(Object.values(sent.captured).map(String));
    const status = sent.response.status();
    const session = run.profile.auth.session;
    let credential: SessionCredential | undefined;
    if (session.type === 'bearer') {
      const value = readPath(await sent.response.json().catch(() => undefined), session.capture);
      if (typeof value === 'string') {
        addSecrets([value]);
        credential = { type: 'bearer', headers: { [session.header ?? 'Authorization']: `${session.scheme ?? 'Bearer'} ${value}`.trim() } };
      }
    } else {
      const cookie = (await api.storageState()).cookies.find((candidate) => candidate.name === session.cookieName);
      if (cookie) {
        addSecrets([cookie.value]);
        credential = { type: 'cookie', cookie };
      }
    }
    return { status, accepted: true, ...(credential ? { credential } : {}), ...(sent.captured[refresh.token] !== undefined ? { nextToken: sent.captured[refresh.token] } : {}) };
  } finally {
    await api.dispose();
  }
}
