import { makeArtifact, slug } from '../../artifacts';
import { TargetError } from '../../errors';
import type { WriteRoute } from '../../profile/types';
import type { RunContext } from '../../run/context';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { Identity } from '../../session/identity';
import type { Bindings } from '../../util/template';
import { buildWriteRequest, captureFrom, type WriteFile } from './requests';
import { uncached } from '../../probes/vectors';
import { probeContext } from '../probe-context';

/** Who a probe file is about: nobody of the population, so the oracle never takes it for a leak. */
const NOBODY = { prenom: 'Sonde', nom: 'Cloison' };

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'text/plain': 'txt' };

/**
 * A real file carrying the marker in its bytes, name and title, in the format and type of one of
 * the run's seeded documents: the target already accepted those, so a refusal of this file is the
 * access control speaking, not the upload filter.
 */
export async function probeFile(run: RunContext, ownerKey: string, marker: string, titre: string): Promise<{ file: WriteFile; type: string }> {
  const model = run.state.documents.find((document) => document.ownerKey === ownerKey) ?? run.state.documents[0];
  if (!model) throw new TargetError(`run ${run.state.runId} seeded no document: write probes need a file type the target accepts`);
  const bytes = await makeArtifact({ mime: model.mime, kind: model.type, title: titre, canary: marker, owner: NOBODY });
  const name = `${slug(titre)}.${EXTENSIONS[model.mime] ?? 'bin'}`;
  return { file: { name, mimeType: model.mime, buffer: Buffer.from(bytes) }, type: model.type };
}

/** CSRF tokens per identity: read once per worker, sessions live as long as the worker. */
const tokens = new WeakMap<Identity, Promise<string | undefined>>();

/**
 * The CSRF token a signed-in identity sends on writes, read where the profile says. Without it
 * every write would be refused by the CSRF check, and the refusals would prove nothing about
 * access control: a missing token fails the run. The anonymous visitor has none to send.
 */
export function csrfTokenOf(run: RunContext, identity: Identity): Promise<string | undefined> {
  const csrf = run.profile.auth.csrf;
  if (!csrf || identity.key === undefined) return Promise.resolve(undefined);
  let token = tokens.get(identity);
  if (!token) {
    token = readToken(run, identity);
    tokens.set(identity, token);
  }
  return token;
}

async function readToken(run: RunContext, identity: Identity): Promise<string> {
  const csrf = run.profile.auth.csrf;
  if (!csrf?.from.jsonPath) {
    throw new TargetError(`profile ${run.profile.name}: the write checks read the CSRF token from a JSON answer (auth.csrf.from.jsonPath)`);
  }
  const context = probeContext(run, { check: 'writes/csrf', routeTemplate: csrf.from.path, vector: 'own-session', channel: 'api' });
  // With a cache-busting nonce first: a cache keyed on the URL alone would hand this session the
  // previous caller's token, every write would be refused, and the refusals would prove nothing.
  // A portal that refuses unknown query parameters is asked without it.
  let exchange = await identity.request(context, { method: 'GET', url: uncached(csrf.from.path) });
  let token = exchange.status < 400 ? captureFrom(exchange.text, csrf.from.jsonPath) : undefined;
  if (typeof token !== 'string' || token.length === 0) {
    exchange = await identity.request(context, { method: 'GET', url: csrf.from.path });
    token = captureFrom(exchange.text, csrf.from.jsonPath);
  }
  if (typeof token !== 'string' || token.length === 0) {
    throw new TargetError(`no CSRF token for ${identity.name} at GET ${csrf.from.path} → ${csrf.from.jsonPath} (status ${exchange.status})`);
  }
  return token;
}

export interface WriteAttempt {
  route: WriteRoute;
  bindings: Bindings;
  file?: WriteFile;
  extraFields?: Record<string, unknown>;
}

/** Sends one write as the identity, with its own CSRF token, through its API context (every answer judged by the oracle). */
export async function sendWrite(run: RunContext, identity: Identity, context: ProbeContext, attempt: WriteAttempt): Promise<Exchange> {
  const csrfToken = await csrfTokenOf(run, identity);
  const request = buildWriteRequest(attempt.route, { bindings: attempt.bindings, file: attempt.file, csrfToken, extraFields: attempt.extraFields }, run.profile.auth.csrf);
  return identity.request(context, request);
}

/** Whether the answer is the success the route declares (its expectStatus, or any 2xx). */
export function writeSucceeded(route: WriteRoute, status: number): boolean {
  return route.request.expectStatus ? route.request.expectStatus.includes(status) : status >= 200 && status < 300;
}

/** The route template as findings name it: the method matters (PATCH and DELETE share a path). */
export const writeTemplate = (route: WriteRoute): string => `${route.request.method} ${route.request.path}`;
