import type { AuthConfig } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence } from './endpoints';
import { realFields } from './draft-csrf';
import { describe, type DraftNotes } from './draft-notes';

/** Session: how the signed-in requests carry it. */
export function draftSession(evidence: Evidence, apiLogin: Endpoint | undefined, notes: DraftNotes): AuthConfig['session'] {
  let session: AuthConfig['session'];
  const sessionEvidence = evidence.session;
  if (sessionEvidence?.type === 'cookie') {
    session = { type: 'cookie', cookieName: sessionEvidence.cookieName };
  } else if (sessionEvidence?.type === 'bearer') {
    const tokenField = apiLogin?.answer?.fields.find((field) => /access.?token/i.test(field.name)) ?? apiLogin?.answer?.fields.find((field) => /token/i.test(field.name) && !/refresh/i.test(field.name));
    const capture = sessionEvidence.capture ?? tokenField?.name ?? 'token';
    session = { type: 'bearer', capture, header: sessionEvidence.header, scheme: sessionEvidence.scheme, ...(sessionEvidence.browserStorage ? { browserStorage: sessionEvidence.browserStorage } : {}) };
    if (!sessionEvidence.capture && !tokenField) notes.ask('auth.session.capture', 'Where in the login answer is the token (a dotted path)?', capture);
    if (!sessionEvidence.browserStorage) notes.ask('auth.session.browserStorage', 'Where does the portal\'s own page script keep the token (localStorage or sessionStorage, which key)? Without it the browser checks have no signed-in person (init --record finds it).');
  } else {
    const cookie = apiLogin?.answer?.setsCookies?.[0] ?? 'session';
    session = { type: 'cookie', cookieName: cookie };
    notes.ask('auth.session', 'How do signed-in requests carry the session: a cookie (which name) or a bearer token? The source declares no session scheme.', session);
  }
  notes.decisions.push(`session: ${session.type === 'cookie' ? `cookie ${session.cookieName}` : `bearer token in ${session.header ?? 'Authorization'}`}`);
  return session;
}

/** apiToken: a bearer token a cookie session asks for, for its programs. */
export function draftApiToken(evidence: Evidence, personal: readonly Endpoint[], session: AuthConfig['session'], notes: DraftNotes): AuthConfig['apiToken'] {
  if (!evidence.programTokens || session.type !== 'cookie') return undefined;
  const issuer = personal.find((endpoint) => endpoint.method === 'POST' && pathParams(endpoint.path).length === 0 && realFields(endpoint).length === 0 && endpoint.answer?.kind === 'json-object' && endpoint.answer.fields.some((field) => /token/i.test(field.name)));
  const capture = issuer?.answer?.fields.find((field) => /token/i.test(field.name))?.name;
  if (!issuer || !capture) return undefined;
  notes.decisions.push(`API token for programs: ${describe(issuer)} → ${capture}`);
  return { request: { method: issuer.method, path: issuer.path }, capture, header: 'Authorization', scheme: 'Bearer' };
}
