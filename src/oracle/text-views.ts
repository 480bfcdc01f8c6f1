/**
 * Text views of a response: the same bytes as a portal's various encoders may have disguised
 * them. A marker hidden by `&#64;`, `\u0040`, `%40` or an RFC 2047 word is still a leak, so each
 * decoder is applied (only when its trigger is present) until the text stops changing.
 */

/** Bytes to a JS string without losing anything the markers need. Markers are ASCII, so latin1
 * (one char per byte, never throws, several times faster than UTF-8 decoding) is the right view
 * of any body; the tokenizer accepts the UTF-8 spellings of the NBSP separators. UTF-16 is the
 * exception. */
export function bytesToText(bytes: Uint8Array, contentType?: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2) {
    if (buf[0] === 0xfe && buf[1] === 0xff) return utf16be(buf.subarray(2));
    if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  }
  if (contentType && /charset\s*=\s*"?utf-?16/i.test(contentType)) return buf.toString('utf16le');
  if (looksLikeUtf16le(buf)) return buf.toString('utf16le');
  return buf.toString('latin1');
}

export function utf16be(buf: Uint8Array): string {
  const swapped = Buffer.from(buf.subarray(0, buf.length & ~1));
  swapped.swap16();
  return swapped.toString('utf16le');
}

/** CSV/TXT exports from Windows tools are often BOM-less UTF-16LE: ASCII with a NUL after
 * every character. */
function looksLikeUtf16le(buf: Buffer): boolean {
  const n = Math.min(buf.length, 256) & ~1;
  if (n < 16) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (buf[i] === 0 && buf[i - 1] !== 0) zeros++;
  return zeros >= (n / 2) * 0.8;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', commat: '@', period: '.',
  hyphen: '-', dash: '-', lowbar: '_', UnderBar: '_', colon: ':', sol: '/', equals: '=',
  num: '#', percnt: '%', plus: '+', semi: ';', NewLine: '\n', Tab: '\t',
};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,10}));?/g;

const ENTITY_TRIGGER = /&(?:#\d|#[xX][0-9a-fA-F]|[A-Za-z]{2,10};)/;

export function decodeHtmlEntities(text: string): string {
  // Tested first: `&page=2` in every URL of a JSON listing must not cost a full replace.
  if (!ENTITY_TRIGGER.test(text)) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    // Named entities need their `;` to avoid eating `&token=` in URLs.
    return name !== undefined && whole.endsWith(';') ? (NAMED_ENTITIES[name] ?? whole) : whole;
  });
}

const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})|\\([\\/"'bfnrt])/g;
const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** JSON (and JS) string escapes, applied to the whole text rather than parsed values: state is
 * often JSON inside a `<script>` or an attribute, where a JSON parser would see nothing. */
export function decodeJsonEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(JSON_ESCAPE, (_whole, hex: string | undefined, ch: string | undefined) =>
    hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : (SIMPLE_ESCAPES[ch ?? ''] ?? ch ?? ''),
  );
}

const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g;

/** Percent-decoding of every escaped run (URLs, form bodies, RFC 5987 `filename*`). `+` is left
 * alone: it is a legal e-mail character and rarely hides a marker. */
export function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not UTF-8 (a latin1 `filename*=ISO-8859-1''…`): one char per byte keeps ASCII exact.
      return run.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    }
  });
}

const ENCODED_WORD = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;

/** RFC 2047 encoded words, used by some servers in `Content-Disposition: filename="=?UTF-8?B?…?="`. */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  return text.replace(ENCODED_WORD, (_whole, _charset: string, enc: string, data: string) => {
    if (enc.toLowerCase() === 'b') return Buffer.from(data, 'base64').toString('utf8');
    return data.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  });
}

function decodeOnce(text: string): string {
  return decodePercent(decodeJsonEscapes(decodeEncodedWords(decodeHtmlEntities(text))));
}

/** The raw text plus each distinct decoded form (at most `maxRounds` more). Layered encodings are
 * real: JSON inside an entity-encoded `data-` attribute, a percent-encoded URL inside JSON. */
export function textViews(raw: string, maxRounds = 3): string[] {
  const views = [raw];
  let current = raw;
  for (let round = 0; round < maxRounds; round++) {
    const next = decodeOnce(current);
    if (next === current) break;
    views.push(next);
    current = next;
  }
  return views;
}

/**
 * Binary bodies (images, compressed data, fonts) get the raw view only: their bytes spell random
 * `%41`, `&#12` and `\u` sequences, so the decoders would only burn time producing noise. Judged on
 * a sample: control bytes are rare in any text and common in any compressed data.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.length === 0) return false;
  const buf = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
  if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe) || looksLikeUtf16le(buf)) return false;
  let control = 0;
  // An index loop: iterating a Buffer with for…of cost more than the rest of a small PDF's scan.
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control / sample.length > 0.02;
}
