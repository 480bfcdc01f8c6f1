import type { AuthConfig } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence, type Field } from './endpoints';
import type { DraftNotes } from './draft-notes';

export const CSRF = /csrf|xsrf/i;

/** Body fields a person fills (not the CSRF token). */
export function realFields(endpoint: Endpoint): Field[] {
  return (endpoint.body?.fields ?? []).filter((field) => !CSRF.test(field.name));
}

export interface DraftedCsrf {
  csrf: AuthConfig['csrf'];
  /** The form field that carries the token, when forms carry one. */
  field: string | undefined;
  /** The signed-in read that hands the token out. */
  source: Endpoint | undefined;
}

/** CSRF: a header the writes carry, a field the forms carry, and where a session reads it. */
export function draftCsrf(evidence: Evidence, personal: readonly Endpoint[], notes: DraftNotes): DraftedCsrf {
  const endpoints = evidence.endpoints;
  const csrfHeader = endpoints.flatMap((endpoint) => endpoint.params).find((param) => param.in === 'header' && CSRF.test(param.name))?.name ?? evidence.csrf?.header;
  const csrfField = endpoints.flatMap((endpoint) => (endpoint.body?.type === 'json' ? [] : (endpoint.body?.fields ?? []))).find((field) => CSRF.test(field.name))?.name ?? evidence.csrf?.field;
  const csrfSource = personal.find((endpoint) => endpoint.method === 'GET' && pathParams(endpoint.path).length === 0 && endpoint.answer?.kind === 'json-object' && endpoint.answer.fields.some((field) => CSRF.test(field.name)));
  const csrf: AuthConfig['csrf'] = csrfSource
    ? { from: { path: csrfSource.path, jsonPath: csrfSource.answer?.fields.find((field) => CSRF.test(field.name))?.name ?? '' }, ...(csrfHeader ? { header: csrfHeader } : {}), ...(csrfField ? { field: csrfField } : {}) }
    : evidence.csrf?.from
      ? { from: evidence.csrf.from, ...(csrfHeader ? { header: csrfHeader } : {}), ...(csrfField ? { field: csrfField } : {}) }
      : undefined;
  if (csrf) notes.decisions.push(`CSRF: read at ${csrf.from.path} → ${csrf.from.jsonPath}${csrf.header ? `, sent as header ${csrf.header}` : ''}${csrf.field ? `, form field ${csrf.field}` : ''}`);
  else if (csrfHeader || csrfField) notes.ask('auth.csrf.from', `Requests carry a CSRF token (${csrfHeader ?? csrfField}): which answer hands it to a signed-in session?`);
  return { csrf, field: csrfField, source: csrfSource };
}
