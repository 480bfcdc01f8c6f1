import type { APIRequestContext, APIResponse } from '@playwright/test';
import { TargetError } from '../errors';
import type { RequestTemplate } from '../profile/types';
import { fill, fillJson, MissingBindingError, readPath, type Bindings } from '../util/template';

export interface FilePart {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface SentTemplate {
  response: APIResponse;
  captured: Bindings;
}

/**
 * Sends a profile request template. A status outside `expectStatus` (default 2xx) or a missing
 * captured value is a TargetError: provisioning and login fail closed, with what was attempted.
 */
export async function sendTemplate(
  api: APIRequestContext,
  template: RequestTemplate,
  bindings: Bindings,
  options: { what: string; file?: FilePart; headers?: Record<string, string> },
): Promise<SentTemplate> {
  try {
    return await send(api, template, bindings, options);
  } catch (error) {
    // A template naming an id nobody captured is a profile problem: say which step needed it.
    if (error instanceof MissingBindingError) throw new TargetError(`${options.what}: ${error.message} (capture it in an earlier step of the profile)`);
    throw error;
  }
}

async function send(
  api: APIRequestContext,
  template: RequestTemplate,
  bindings: Bindings,
  options: { what: string; file?: FilePart; headers?: Record<string, string> },
): Promise<SentTemplate> {
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
  let response: APIResponse;
  try {
    response = await api.fetch(path, {
      method: template.method,
      headers: { ...template.headers, ...options.headers },
      data: template.json ? (fillJson(template.json, bindings) as Record<string, unknown>) : undefined,
      multipart,
      form,
      failOnStatusCode: false,
      maxRedirects: 0,
      timeout: 10_000,
    });
  } catch (error) {
    throw new TargetError(`${options.what}: ${template.method} ${path} could not be sent: ${firstLine(error)}`);
  }
  const expected = template.expectStatus;
  const ok = expected ? expected.includes(response.status()) : response.status() >= 200 && response.status() < 300;
  if (!ok) {
    const body = (await response.text().catch(() => '')).slice(0, 300);
    throw new TargetError(
      `${options.what}: ${template.method} ${path} answered ${response.status()}` +
        `${expected ? ` (expected ${expected.join(' or ')})` : ''}: ${body.replace(/\s+/g, ' ')}`,
    );
  }
  const captured: Bindings = {};
  if (template.capture) {
    const json: unknown = await response.json().catch(() => undefined);
    for (const [name, path_] of Object.entries(template.capture)) {
      const value = readPath(json, path_);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new TargetError(`${options.what}: ${template.method} ${path} answer has no "${path_}" to keep as {${name}}`);
      }
      captured[name] = value;
    }
  }
  return { response, captured };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
