import type { Finding } from '../findings/types';
import { makeFinding } from '../findings/finding';
import type { Redactor } from '../findings/redact';
import type { MisservedWhoami } from './login';

export const WHOAMI_CHECK = 'auth/whoami';

/**
 * The finding for a whoami answer that held other people's identity: one person's session was
 * served someone else's (a shared cache, a session mix-up). Found while signing in, it is a leak
 * like any other answer holding foreign markers.
 */
export function misservedWhoamiFinding(answer: MisservedWhoami, baseURL: string, redactor: Redactor): Finding {
  const { person, owners } = answer;
  const victim = owners[0] as MisservedWhoami['owners'][number];
  return makeFinding(
    {
      verdict: 'leak',
      check: WHOAMI_CHECK,
      title: `${person.key}'s own whoami answered with the identity of ${owners.map((owner) => owner.key).join(', ')}`,
      attacker: { key: person.key, role: person.role, relationship: 'own-session' },
      victim: { key: victim.key, role: victim.role },
      resource: { kind: 'person', key: victim.key },
      routeTemplate: `GET ${answer.path}`,
      vector: 'sign-in-whoami',
      channel: 'api',
      request: { method: 'GET', url: new URL(answer.path, baseURL).toString(), headers: {} },
      response: { status: answer.status, headers: answer.headers, contentType: answer.headers['content-type'], body: answer.body },
      evidence: owners.map((owner) => ({ kind: 'email' as const, value: owner.email, ownerKey: owner.key, location: 'body' })),
      references: { cwe: ['CWE-524', 'CWE-200'], wstg: ['WSTG-ATHN-06'], owasp: ['OWASP API3:2023'] },
      detail: `the first whoami of ${person.key}'s fresh session held ${owners.length} other person(s)' e-mail; a retry with a nonce then answered with ${person.key}'s own`,
    },
    redactor,
  );
}
