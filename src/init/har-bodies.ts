import type { Answer, AnswerKind, Endpoint, Field } from './endpoints';
import type { HarEntry, HarHints } from './har-format';
import { parseJsonOrUndefined } from '../util/lenient';

/** What an answer is: its kind, and the fields of a JSON one. */
export function answerOf(entry: HarEntry): Answer | undefined {
  const { status, headers } = entry.response;
  const get = (name: string): string => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  const type = get('content-type') || entry.response.content?.mimeType || '';
  const disposition = get('content-disposition');
  let kind: AnswerKind;
  let fields: Field[] = [];
  if (status >= 300 && status < 400) kind = 'redirect';
  else if (status === 204 || (!type && !(entry.response.content?.text ?? ''))) kind = 'empty';
  else if (/html/i.test(type) && !/attachment/i.test(disposition)) kind = 'html';
  else if (/json/i.test(type)) {
    const value = parseJsonOrUndefined(entry.response.content?.text);
    const list: unknown[] | undefined = Array.isArray(value) ? (value as unknown[]) : listInside(value);
    kind = list ? 'json-array' : 'json-object';
    const sample: unknown = list ? list[0] : value;
    fields = sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? Object.entries(sample).map(([name, item]) => ({ name, type: typeof item, ...(typeof item === 'string' && /^[^@\s]+@[^@\s]+$/.test(item) ? { format: 'email' } : {}) })) : [];
  } else if (/zip|x-tar|gzip/i.test(type)) kind = 'archive';
  else if (/javascript|css|font/i.test(type)) kind = 'asset';
  else if (/^(application\/(pdf|octet-stream)|image\/|audio\/|video\/|text\/plain)/i.test(type) || /attachment/i.test(disposition)) kind = 'file';
  else kind = 'other';
  const uploadForm = kind === 'html' && /<input\b[^>]*\btype=["']?file\b/i.test(entry.response.content?.text ?? '');
  return { status, kind, fields, ...(/^\s*inline/i.test(disposition) ? { inline: true } : {}), ...(uploadForm ? { uploadForm } : {}) };
}

/** `{ items: [...] }`, `{ data: [...], total }`: a list in an envelope of a few keys. */
function listInside(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.values(value);
  if (entries.length > 3) return undefined;
  return entries.find((item): item is unknown[] => Array.isArray(item) && item.length > 0 && typeof item[0] === 'object');
}

/** The fields of a request's body: JSON keys, multipart parts, form fields. */
export function bodyFields(entry: HarEntry): Field[] {
  const body = entry.request.postData;
  if (!body) return [];
  if (/json/i.test(body.mimeType ?? '')) {
    const value = parseJsonOrUndefined(body.text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).map(([name, item]) => ({ name, type: typeof item, ...(typeof item === 'string' && item.includes('@') ? { format: 'email' } : {}) })) : [];
  }
  if (body.params?.length) return body.params.map((param) => ({ name: param.name, type: 'string', ...(param.fileName ? { format: 'binary' } : {}) }));
  if (/urlencoded/i.test(body.mimeType ?? '')) return [...new URLSearchParams(body.text ?? '').keys()].map((name) => ({ name, type: 'string' }));
  return [];
}
/** A request's body as the profile declares one: its type, and its fields with the password and e-mail marked. */
export function bodyOf(entry: HarEntry, hints: HarHints): Endpoint['body'] {
  const body = entry.request.postData;
  if (!body) return undefined;
  const type = /json/i.test(body.mimeType ?? '') ? 'json' : /multipart/i.test(body.mimeType ?? '') ? 'multipart' : /urlencoded/i.test(body.mimeType ?? '') ? 'form' : undefined;
  if (!type) return undefined;
  const values = type === 'form' ? new URLSearchParams(body.text ?? '') : undefined;
  const fields = bodyFields(entry).map((field) => {
    const raw = type === 'json' ? (parseJsonOrUndefined(body.text) as Record<string, unknown>)[field.name] : undefined;
    const value = values?.get(field.name) ?? (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined);
    if (hints.password && value === hints.password) return { ...field, format: 'password' };
    if (value && /^[^@\s]+@[^@\s]+$/.test(value)) return { ...field, format: 'email' };
    return field;
  });
  return { type, fields };
}
