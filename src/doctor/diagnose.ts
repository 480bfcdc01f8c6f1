import type { Evidence } from '../findings/types';
import type { RouteSpec } from '../profile/types';
import { templateStrings } from '../profile/bindings';
import type { Exchange } from '../session/exchange';
import { placeholdersOf } from '../util/template';

/**
 * Pure decisions of the doctor: from what the portal answered to what is wrong and which profile
 * field to fix. Each names one field as a JSON path (`routes[3].path`, `auth.login.api.path`).
 */
export interface Diagnosis {
  problem: string;
  field: string;
}

/** A request template the portal refused, by the status it answered: the part of the template to fix. */
export function requestField(base: string, status: number | undefined, hasBody: boolean): string {
  if (status === 404 || status === 410) return `${base}.path`;
  if (status === 405) return `${base}.method`;
  if ((status === 400 || status === 401 || status === 403 || status === 422) && hasBody) return `${base}.json`;
  if (status !== undefined && status >= 200 && status < 400) return `${base}.expectStatus`;
  return `${base}.path`;
}

/** The part of a request that holds `{name}`: `routes[2].path`, `routes[2].query.q`. */
export function placeholderField(base: string, request: Partial<RouteSpec>, name: string): string {
  const part = templateStrings(request).find((candidate) => placeholdersOf(candidate.text).includes(name));
  return `${base}.${part?.field ?? 'path'}`;
}

/**
 * Why a whoami did not prove the session, from its answer: refused, not found, or an answer that
 * holds nothing of the person (the page proves nothing), or other values of theirs than the one named.
 */
export function whoamiDiagnosis(status: number, held: readonly string[], proof: string): Diagnosis {
  if (status === 404 || status === 410) return { problem: `the whoami answers ${status}: no such page`, field: 'auth.whoami.path' };
  if (status === 405) return { problem: 'the whoami answers 405: wrong method', field: 'auth.whoami.method' };
  if (status === 401 || status === 403) return { problem: `the whoami refuses the signed-in session (${status}): the session is not what the profile says`, field: 'auth.session' };
  if (status >= 300 && status < 400) return { problem: `the whoami redirects (${status}): not a page about the signed-in person`, field: 'auth.whoami.path' };
  if (held.length > 0) return { problem: `the whoami holds the person's ${held.join(', ')} but not {${proof}}`, field: 'auth.whoami.proves' };
  return { problem: `the whoami answers ${status} with nothing of the person: it proves nothing`, field: 'auth.whoami.path' };
}

/** The answer that is the route's own (a page's navigation, or the one request sent), among those a visit caused. */
export function mainExchange(exchanges: readonly Exchange[], url: string): Exchange | undefined {
  return exchanges.find((exchange) => exchange.request.url.endsWith(url)) ?? exchanges[0];
}

/** Why the owner's positive control did not prove the object, and which field of route `index` to fix. */
export function routeDiagnosis(index: number, route: RouteSpec, main: Exchange | undefined, ownerEvidence: readonly Evidence[], what: string): Diagnosis {
  const base = `routes[${index}]`;
  if (!main) return { problem: 'no answer at all', field: `${base}.path` };
  const status = main.status;
  if (status === 404 || status === 410) return { problem: `the owner gets ${status} for ${what}: the path does not lead to it`, field: `${base}.path` };
  if (status === 405) return { problem: 'the owner gets 405: wrong method', field: `${base}.method` };
  if (status === 401) return { problem: 'the owner gets 401: its session is not accepted on this route', field: 'auth.session' };
  if (status === 403) {
    return route.roles
      ? { problem: `the ${route.roles.join('/')} entitled to ${what} gets 403`, field: `${base}.roles` }
      : { problem: `the owner gets 403 for ${what}: the path addresses something else, or the owner may not read it`, field: `${base}.path` };
  }
  if (status >= 300 && status < 400) return { problem: `the owner is redirected (${status}${main.headers.location ? ` to ${main.headers.location}` : ''})`, field: `${base}.path` };
  const body = route.json !== undefined ? 'json' : route.form ? 'form' : undefined;
  if ((status === 400 || status === 422) && body) return { problem: `the owner gets ${status}: the request body is refused`, field: `${base}.${body}` };
  if (status >= 400) return { problem: `the owner gets ${status} for ${what}`, field: `${base}.path` };
  if (ownerEvidence.length > 0) {
    return { problem: `${status} with the owner's markers but none of ${what}: the route answers about something else`, field: `${base}.object` };
  }
  if (route.channel === 'api' && /html/i.test(main.contentType ?? '')) {
    return { problem: `${status} with an HTML page holding nothing of ${what}: a page its scripts fill is channel "ui"`, field: `${base}.channel` };
  }
  return { problem: `${status} without any marker of ${what}`, field: `${base}.path` };
}

/** Markers an answer held, shortly: `canary of u075a-p1, email of u075a`. */
export function markersOf(evidence: readonly Evidence[]): string {
  const names = [...new Set(evidence.map((item) => `${item.kind} of ${item.documentKey ?? item.ownerKey}`))];
  return names.length === 0 ? 'no marker' : names.slice(0, 4).join(', ') + (names.length > 4 ? ` (+${names.length - 4})` : '');
}
