import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

function entry(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return undefined;
  return (body as Record<string, unknown>)[name];
}

function isMultipartValue(value: unknown): value is MultipartValue {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'field';
}

/** A text field of a urlencoded, JSON or multipart body (multipart fields arrive wrapped). */
export function textField(body: unknown, name: string): string | undefined {
  const value = entry(body, name);
  if (typeof value === 'string') return value;
  if (isMultipartValue(value) && typeof value.value === 'string') return value.value;
  return undefined;
}

/** Every text field of the body, by name. */
export function textFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const name of Object.keys(body)) {
    const value = textField(body, name);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

/** The uploaded file of a multipart body; never taken from a JSON body that mimics one. */
export function fileField(request: FastifyRequest, name: string): MultipartFile | undefined {
  if (!request.isMultipart()) return undefined;
  const value = entry(request.body, name);
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'file') return value as MultipartFile;
  return undefined;
}
