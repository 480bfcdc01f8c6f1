import { request, type APIRequestContext } from '@playwright/test';
import { probeContext } from '../../checks/probe-context';
import { TargetError } from '../../errors';
import type { RefreshConfig } from '../../profile/types';
import type { SessionCredential } from '../../session/fresh-session';
import { personReceiver, sendJudged, type JudgedAs } from '../../session/judged-send';
import type { SentTemplate, TemplateResponse } from '../../transport/send-template';
import { readPath, type Bindings } from '../../util/template';
import type { SpareAccount } from './spare-account';

/** What one refresh request got: refused, or a renewed session (and, when the portal rotates, the next refresh token). */
export interface Renewal {
  status: number;
  accepted: boolean;
  credential?: SessionCredential;
  nextToken?: string | number;
}

/** What a refresh is sent for: the check and vector its answer is judged under. */
export interface RenewalProbe {
  check: string;
  vector: string;
  /** Keep the next refresh token the answer gives (the positive control); a replay keeps nothing. */
  capture: boolean;
}

/**
 * Sends the profile's refresh request with `token` as the refresh token, in a context of its own
 * (no cookie of any session), so that a session it receives is the refresh's doing alone. A
 * refusal is an answer, not an error; a target that cannot be reached is an error. Every answer,
 * a refusal included, goes through the oracle as the spare's: another person's marker in it is a leak.
 */
export async function renew(spare: SpareAccount, refresh: RefreshConfig, token: string | number, addSecrets: (secrets: string[]) => void, probe: RenewalProbe): Promise<Renewal> {
  const run = spare.run;
  const template = probe.capture ? refresh.request : { ...refresh.request, capture: undefined };
  const bindings: Bindings = { ...run.person(spare.key).bindings, [refresh.token]: token };
  const what = { what: `refresh of ${spare.key}'s session`, field: 'lifecycle.refresh.request' };
  const api = await request.newContext({ baseURL: run.target.baseURL });
  try {
    let answer: SentTemplate;
    try {
      answer = await sendJudged(api, template, bindings, what, judgedAsSpare(spare, refresh, probe));
    } catch (error) {
      const status = error instanceof TargetError ? error.detail.status : undefined;
      if (status === undefined || (probe.capture && status < 300)) throw error;
      return { status, accepted: false };
    }
    const { response, captured } = answer;
    addSecrets(Object.values(captured).map(String));
    const credential = await renewedCredential(spare, response, api, addSecrets);
    return { status: response.status(), accepted: true, ...(credential ? { credential } : {}), ...(captured[refresh.token] !== undefined ? { nextToken: captured[refresh.token] } : {}) };
  } finally {
    await api.dispose();
  }
}

/** The session a refresh answer gives (its bearer token, or the cookie it set), registered as a secret. */
async function renewedCredential(spare: SpareAccount, response: TemplateResponse, api: APIRequestContext, addSecrets: (secrets: string[]) => void): Promise<SessionCredential | undefined> {
  const session = spare.run.profile.auth.session;
  if (session.type === 'bearer') {
    const value = readPath(await response.json().catch(() => undefined), session.capture);
    if (typeof value !== 'string') return undefined;
    addSecrets([value]);
    return { type: 'bearer', headers: { [session.header ?? 'Authorization']: `${session.scheme ?? 'Bearer'} ${value}`.trim() } };
  }
  const cookie = (await api.storageState()).cookies.find((candidate) => candidate.name === session.cookieName);
  if (!cookie) return undefined;
  addSecrets([cookie.value]);
  return { type: 'cookie', cookie };
}

/** The refresh answer is received by the spare, as every answer an identity receives: its own data is no leak (the check judges it). */
function judgedAsSpare(spare: SpareAccount, refresh: RefreshConfig, probe: RenewalProbe): JudgedAs {
  const { run, key } = spare;
  const context = probeContext(run, { check: probe.check, routeTemplate: refresh.request.path, vector: probe.vector, channel: 'api' }, { requesterKey: key, victimKey: key });
  return { receiver: personReceiver(run, key, spare.sessions.wiring), context, baseURL: run.target.baseURL };
}
