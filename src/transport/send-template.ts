import type { APIRequestContext } from '@playwright/test';
import { HttpClient } from './http-client';
import { limited } from './limiter';
import { TargetError } from '../errors';
import type { RequestTemplate } from '../profile/types';
import { fill, fillJson, MissingBindingError, readPath, type Bindings } from '../util/template';

export interface FilePart {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** What a template's answer offers: Playwright's APIResponse, or an HttpClient answer shaped alike. */
export interface TemplateResponse {
  status(): number;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** The body as received (decoded), for the oracle. */
  body(): Promise<Buffer>;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers(): Record<string, string>;
  headersArray(): { name: string; value: string }[];
}

export interface SentTemplate {
  response: TemplateResponse;
  captured: Bindings;
}

/**
 * Where a template is sent: a Playwright API context (its cookies are the session), or an
 * HttpClient when the path may carry a secret (a share token): Playwright records every API
 * request's URL as a step of the HTML and blob reports, an HttpClient records nothing.
 */
export type TemplateChannel = APIRequestContext | HttpClient;

interface Outgoing {
  method: string;
  headers: Record<string, string>;
  data?: Record<string, unknown>;
  multipart?: Record<string, string | FilePart>;
  form?: Record<string, string>;
  failOnStatusCode: false;
  maxRedirects: 0;
  timeout: number;
}

async function transport(channel: TemplateChannel, path: string, request: Outgoing): Promise<TemplateResponse> {
  if (!(channel instanceof HttpClient)) return channel.fetch(path, request);
  const form = request.form ? new URLSearchParams(request.form).toString() : undefined;
  const answer = await channel.send({
    method: request.method,
    url: path,
    headers: { ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers },
    data: form ?? request.data,
    multipart: request.multipart,
    timeoutMs: request.timeout,
  });
  const text = answer.body.toString('utf8');
  return {
    status: () => answer.status,
    text: () => Promise.resolve(text),
    json: () => Promise.resolve().then(() => JSON.parse(text) as unknown),
    body: () => Promise.resolve(answer.body),
    headers: () => ({ ...answer.headers }),
    headersArray: () => Object.entries(answer.headers).flatMap(([name, value]) => (name === 'set-cookie' ? value.split('\n') : [value]).map((line) => ({ name, value: line }))),
  };
}

/**
 * Sends a profile request template. A status outside `expectStatus` (default 2xx) or a missing
 * captured value is a TargetError: provisioning and login fail closed, with what was attempted.
 */
export async function sendTemplate(
  api: TemplateChannel,
  template: RequestTemplate,
  bindings: Bindings,
  options: SendOptions,
): Promise<SentTemplate> {
  const sent = await sendUnchecked(api, template, bindings, options);
  return { response: sent.response, captured: await acceptAnswer(sent, template, options) };
}

/** A template as sent, and its answer before it is held to the template's status and captures. */
export interface UncheckedAnswer {
  response: TemplateResponse;
  method: string;
  /** The path with its placeholders filled. */
  path: string;
}

/**
 * Sends a profile request template whatever it answers, for a caller that must judge every answer
 * (a refusal included) before `acceptAnswer` holds it to the template. Only a request that could
 * not be sent is an error.
 */
export async function sendUnchecked(api: TemplateChannel, template: RequestTemplate, bindings: Bindings, options: SendOptions): Promise<UncheckedAnswer> {
  try {
    return await send(api, template, bindings, options);
  } catch (error) {
    // A template naming an id nobody captured is a profile problem: say which step needed it.
    if (error instanceof MissingBindingError) throw new TargetError(`${options.what}: ${error.message} (capture it in an earlier step of the profile)`, { field: options.field });
    throw error;
  }
}

export interface SendOptions {
  what: string;
  file?: FilePart;
  headers?: Record<string, string>;
  /** The profile field of the template, carried by its errors (TargetError.detail). */
  field?: string;
}

async function send(api: TemplateChannel, template: RequestTemplate, bindings: Bindings, options: SendOptions): Promise<UncheckedAnswer> {
  const path = fill(template.path, bindings, encodeURIComponent);
  const multipart: Record<string, string | FilePart> | undefined = template.multipart
    ? Object.fromEntries<string | FilePart>(
        Object.entries(template.multipart).map(([name, value]): [string, string | FilePart] => {
          if (value !== '@file') return [name, fill(value, bindings)];
          if (!options.file) throw new TargetError(`${options.what}: the template sends @file but no file was given`);
          return [name, options.file];
        }),
      )
    : undefined;
  const form = template.form ? Object.fromEntries(Object.entries(template.form).map(([name, value]) => [name, fill(value, bindings)])) : undefined;
  try {
    const response = await limited(() => transport(api, path, {
      method: template.method,
      headers: { ...template.headers, ...options.headers },
      data: template.json ? (fillJson(template.json, bindings) as Record<string, unknown>) : undefined,
      multipart,
      form,
      failOnStatusCode: false,
      maxRedirects: 0,
      timeout: 10_000,
    }));
    return { response, method: template.method, path };
  } catch (error) {
    throw new TargetError(`${options.what}: ${template.method} ${path} could not be sent: ${firstLine(error)}`, { field: options.field });
  }
}

/**
 * Holds an answer to its template: a status outside `expectStatus` (default 2xx) or a missing
 * captured value is a TargetError. Returns the values the template captures.
 */
export async function acceptAnswer({ response, method, path }: UncheckedAnswer, template: RequestTemplate, options: Pick<SendOptions, 'what' | 'field'>): Promise<Bindings> {
  const expected = template.expectStatus;
  const ok = expected ? expected.includes(response.status()) : response.status() >= 200 && response.status() < 300;
  if (!ok) {
    const body = (await response.text().catch(() => '')).slice(0, 300);
    throw new TargetError(
      `${options.what}: ${method} ${path} answered ${response.status()}` +
        `${expected ? ` (expected ${expected.join(' or ')})` : ''}: ${body.replace(/\s+/g, ' ')}`,
      { field: options.field, status: response.status() },
    );
  }
  const captured: Bindings = {};
  if (template.capture) {
    const json: unknown = await response.json().catch(() => undefined);
    for (const [name, path_] of Object.entries(template.capture)) {
      const value = readPath(json, path_);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new TargetError(`${options.what}: ${method} ${path} answer has no "${path_}" to keep as {${name}}`, {
          field: options.field && `${options.field}.capture.${name}`,
          status: response.status(),
        });
      }
      captured[name] = value;
    }
  }
  return captured;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
