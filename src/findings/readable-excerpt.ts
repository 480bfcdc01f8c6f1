/**
 * What a person recognises of a leaked answer: the decoded text around each marker (the words of
 * a PDF, the JSON path and value, the text of an HTML page, the entry of a ZIP) rather than the
 * compressed bytes the marker was found in. The oracle's own decoders do the reading, so what is
 * shown is what was judged. Redacted like every other excerpt; the raw excerpt stays beside it.
 */
import { isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, ScanBudget } from '../oracle/budget';
import { pdfStrings, pdfTexts } from '../oracle/pdf';
import { readableText } from '../oracle/readable';
import { sniffFormat } from '../oracle/sniff';
import { bytesToText, decodeHtmlEntities, textViews } from '../oracle/text-views';
import { readZip } from '../oracle/zip';
import type { Redactor } from './redact';
import type { Evidence, ReadableExcerpt } from './types';

/** Characters of context either side of a marker: a line or two of a document. */
const RADIUS = 100;
const MAX_EXCERPTS = 6;
/** Small limits: this runs once per finding, on an answer the oracle already read whole. */
const LIMITS = { ...DEFAULT_LIMITS, maxInflatedBytes: 8 * 1024 * 1024, maxZipEntries: 200, maxPdfStreams: 200 };

interface Part {
  format: ReadableExcerpt['format'];
  /** Where in the answer: a JSON path, `zip:<entry>`, `pdf`, `html`… */
  where: string;
  text: string;
}

export function readableExcerpts(body: Uint8Array | string, contentType: string | undefined, evidence: readonly Evidence[], redactor: Redactor): ReadableExcerpt[] {
  const markers = [...new Map(evidence.filter((e) => e.kind !== 'sha256').map((e) => [e.value.toLowerCase(), e])).values()];
  if (markers.length === 0) return [];
  const parts = partsOf(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, contentType, 0);
  const out: ReadableExcerpt[] = [];
  for (const marker of markers) {
    const pattern = spelling(marker);
    for (const part of parts) {
      const match = pattern.exec(part.text);
      if (!match) continue;
      out.push({
        format: part.format,
        where: redactor.text(part.where),
        marker: marker.value,
        text: around(part.text, match.index, match[0].length, redactor),
      });
      break;
    }
    if (out.length >= MAX_EXCERPTS) break;
  }
  return out;
}

function partsOf(bytes: Uint8Array, contentType: string | undefined, depth: number): Part[] {
  const format = sniffFormat(bytes);
  if (format === 'pdf') return pdfParts(bytes);
  if (format === 'zip' && depth < 2) return zipParts(bytes, depth);
  if (format === 'png') return [];
  const text = format === 'gzip' || format === 'zlib' ? readableText(bytes, contentType) : isUtf8(bytes) ? Buffer.from(bytes).toString('utf8') : bytesToText(bytes, contentType);
  const trimmed = text.trimStart();
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = jsonParts(text);
    if (json) return json;
  }
  if (/html|xml/i.test(contentType ?? '') || /^<(!doctype|html|\?xml|[a-z])/i.test(trimmed)) return htmlParts(text);
  return textViews(text).map((view) => ({ format: 'text' as const, where: 'body', text: view }));
}

/** The strings a reader sees (page text, title, subject), not the operators that place them. */
function pdfParts(bytes: Uint8Array): Part[] {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const texts = pdfTexts(latin1, bytes, new ScanBudget(LIMITS)).map((part) => (/\bT[Jj]\b/.test(part.text) ? pdfStrings(part.text) : part.text));
  const text = [...new Set(texts.filter((t) => t.trim() !== ''))].join('\n');
  return [{ format: 'pdf', where: 'pdf', text }];
}

function zipParts(bytes: Uint8Array, depth: number): Part[] {
  const listing = readZip(bytes, new ScanBudget(LIMITS));
  const out: Part[] = [{ format: 'zip', where: 'zip', text: listing.names.join('\n') }];
  for (const entry of listing.entries) {
    for (const inner of partsOf(entry.data, undefined, depth + 1)) out.push({ format: 'zip', where: `zip:${entry.name}${inner.where === 'body' ? '' : ` ${inner.where}`}`, text: `${entry.name}\n${inner.text}` });
  }
  return out;
}

/** One part per string or number leaf, named by its path (`$.items[3].owner.email`). */
function jsonParts(text: string): Part[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: Part[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (out.length > 20_000 || depth > 64) return;
    if (typeof node === 'string' || typeof node === 'number') out.push({ format: 'json', where: path, text: String(node) });
    else if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${path}[${i}]`, depth + 1));
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, depth + 1);
    }
  };
  walk(value, '$', 0);
  return out;
}

/** The page's text as shown (tags dropped, entities decoded), then its source for markers hidden
 * in attributes or scripts. */
function htmlParts(source: string): Part[] {
  const visible = decodeHtmlEntities(
    source
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  ).replace(/\s+/g, ' ');
  return [{ format: 'html', where: 'html text', text: visible }, ...textViews(source).map((view) => ({ format: 'html' as const, where: 'html source', text: view }))];
}

/** The marker as the answer may spell it: any case, a NIR with its groups separated. */
function spelling(evidence: Evidence): RegExp {
  const chars = [...evidence.value].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(evidence.kind === 'nir' ? chars.join('[\\s.]?') : chars.join(''), 'i');
}

function around(text: string, at: number, length: number, redactor: Redactor): string {
  const start = Math.max(0, at - RADIUS);
  const end = Math.min(text.length, at + length + RADIUS);
  // Redacted on a wider window first: a secret cut in half is still a secret.
  const margin = redactor.reach + 64;
  const wide = text.slice(Math.max(0, start - margin), Math.min(text.length, end + margin));
  const redacted = redactor.text(wide);
  const offset = start - Math.max(0, start - margin);
  const slice = redacted.length === wide.length ? redacted.slice(offset, offset + (end - start)) : redactor.text(text.slice(start, end));
  // eslint-disable-next-line no-control-regex -- control bytes are not text a reader can use
  const clean = slice.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g, '·').replace(/[ \t]+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${clean}${end < text.length ? '…' : ''}`;
}
