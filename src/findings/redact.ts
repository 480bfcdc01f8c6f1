/**
 * Nothing cloison writes may carry a credential: findings end up in CI artifacts, tickets and
 * vendor mail. Two layers:
 *  - known secrets (passwords, session ids, CSRF and bearer tokens, the provisioning token),
 *    replaced wherever they occur, also in their URL-, JSON- and HTML-encoded spellings;
 *  - secret-shaped text (credential headers, `sid=…`, `?access_token=…`, JSON fields such as
 *    `"password": …`, bearer tokens, JWTs), masked even when nobody registered the value.
 * The markers (canaries, hashes, synthetic e-mails and NIR) are evidence and are left alone.
 */

export const REDACTED = '[redacted]';

/** Headers whose value is a credential by definition. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-csrf-token', 'x-xsrf-token',
  'x-provisioning-token', 'x-api-key', 'x-auth-token',
]);

/** JSON fields and form/query parameters whose value is a credential, compared after lower-casing
 * and dropping `-`/`_` (so `csrfToken`, `csrf_token` and `x-csrf-token` all match). */
const SENSITIVE_FIELDS: ReadonlySet<string> = new Set([
  'password', 'pass', 'passwd', 'motdepasse', 'token', 'csrftoken', 'csrf', 'xsrftoken', 'accesstoken',
  'refreshtoken', 'idtoken', 'secret', 'clientsecret', 'sid', 'connectsid', 'sessionid', 'provisioningtoken',
  'apikey', 'cookie', 'setcookie', 'authorization', 'proxyauthorization', 'xcsrftoken', 'xprovisioningtoken',
  'xapikey', 'xauthtoken',
]);

export function isSensitiveField(name: string): boolean {
  return SENSITIVE_FIELDS.has(name.toLowerCase().replace(/[-_]/g, ''));
}

// Names as they appear in query strings, cookies and form bodies.
const PARAM_NAMES =
  'access_token|refresh_token|id_token|token|sid|connect\\.sid|session_?id|phpsessid|jsessionid|_csrf|csrf_?token|csrf|xsrf-token|password|passwd|pass|motdepasse|secret|client_secret|api_?key|provisioning_?token';
const FIELD_NAMES = `${PARAM_NAMES}|csrfToken|provisioningToken|apiKey|sessionId|cookie|set-cookie|authorization|proxy-authorization|x-csrf-token|x-xsrf-token|x-provisioning-token|x-api-key|x-auth-token`;
const HEADER_NAMES = [...SENSITIVE_HEADERS].join('|');

/** [pattern, replacement] pairs for credentials recognisable by their shape alone. Each keeps the
 * surrounding syntax intact so a redacted JSON document stays valid JSON. */
const SHAPES: [RegExp, string][] = [
  // `"password": "…"` in JSON, and the same JSON nested in a JSON string (`\"password\":\"…\"`).
  [new RegExp(`("(?:${FIELD_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  [new RegExp(`(\\\\"(?:${FIELD_NAMES})\\\\"\\s*:\\s*)\\\\"(?:(?!\\\\").)*\\\\"`, 'gi'), `$1\\"${REDACTED}\\"`],
  // Raw HTTP header lines in dumps and excerpts.
  [new RegExp(`(^|[\\r\\n])((?:${HEADER_NAMES})\\s*:\\s*)[^\\r\\n"\\\\]+`, 'gi'), `$1$2${REDACTED}`],
  // Multipart form fields: `name="password"` CRLF CRLF value.
  [new RegExp(`(name="(?:${PARAM_NAMES})"\\r?\\n\\r?\\n)[^\\r\\n]*`, 'gi'), `$1${REDACTED}`],
  // HTML: `<input name="_csrf" value="…">` and `<meta name="csrf-token" content="…">`, either attribute order.
  [new RegExp(`(<(?:input|meta)\\b[^>]*\\bname\\s*=\\s*["']?(?:${FIELD_NAMES}|csrf-token|csrf-param)["']?[^>]*\\b(?:value|content)\\s*=\\s*)(["'])[^"']*\\2`, 'gi'), `$1$2${REDACTED}$2`],
  [new RegExp(`(<(?:input|meta)\\b[^>]*\\b(?:value|content)\\s*=\\s*)(["'])[^"']*\\2([^>]*\\bname\\s*=\\s*["']?(?:${FIELD_NAMES}|csrf-token)["']?)`, 'gi'), `$1$2${REDACTED}$2$3`],
  // Query strings, form bodies, cookies: `sid=…`, `?access_token=…`, `_csrf=…`.
  [new RegExp(`(^|[^A-Za-z0-9])((?:${PARAM_NAMES})=)[^;&\\s"'<>,\\\\]+`, 'gi'), `$1$2${REDACTED}`],
  // `Basic` needs a longer tail so that prose ("Basic information") survives.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\b(Basic)\s+[A-Za-z0-9+/]{12,}={0,2}/g, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** Masks secret-shaped text. Needs no configuration: the last line of defence, run by the
 * reporter on the whole findings file. */
export function redactSecretShapes(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/** Shorter values cannot be masked without shredding the evidence around them; every secret the
 * harness generates (passwords, session ids, tokens) is far longer. */
export const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;
  private longest = 0;

  constructor(secrets: Iterable<string | null | undefined> = []) {
    this.addSecrets(secrets);
  }

  /** Secrets become known as the run goes (a session id after login): add them when they do. */
  addSecrets(secrets: Iterable<string | null | undefined>): this {
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      for (const variant of spellings(secret)) this.secrets.add(variant);
    }
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    this.longest = sorted[0]?.length ?? 0;
    this.pattern = sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
    return this;
  }

  /** Longest registered spelling: how far a secret can reach across an excerpt's boundary. */
  get reach(): number {
    return this.longest;
  }

  text(text: string): string {
    const known = this.pattern ? text.replace(this.pattern, REDACTED) : text;
    return redactSecretShapes(known);
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return out;
  }

  /** Query parameters are masked by shape (`?access_token=`, `&sid=`), known secrets anywhere. */
  url(url: string): string {
    return this.text(url);
  }

  /** A request or response body: JSON is redacted field by field, anything else as text. */
  body(body: string): string {
    const trimmed = body.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(this.value(JSON.parse(body) as unknown));
      } catch {
        // not JSON after all
      }
    }
    return this.text(body);
  }

  /** Deep copy with sensitive fields masked and every string redacted. */
  value<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    if (value instanceof Uint8Array) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSensitiveField(key) && v !== null && v !== undefined && v !== '' ? REDACTED : this.walk(v, depth + 1);
    }
    return out;
  }
}

/** A secret as it may appear once a portal, a URL or a JSON serializer got hold of it. */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const uri = encodeURIComponent(secret);
  return [
    secret,
    json,
    JSON.stringify(json).slice(1, -1), // inside a JSON string inside JSON (a recorded body)
    html,
    uri,
    uri.replace(/%20/g, '+'), // form encoding
    encodeURIComponent(uri), // a URL carried in another URL (redirect_uri, Location)
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EXCERPT_MAX = 600;

/**
 * A short, printable, redacted window of a response around the evidence, for a human to see the
 * leak in context. Redaction runs on a wider window first, so a secret straddling the cut is
 * masked before it is cut (a half secret is still a secret).
 */
export function excerptAround(text: string, needle: string | undefined, radius = 280, redactor: Redactor = new Redactor()): string {
  const margin = 4096 + redactor.reach;
  let at = needle ? text.indexOf(needle) : -1;
  if (at === -1 && needle) at = text.toLowerCase().indexOf(needle.toLowerCase());
  if (at === -1 || !needle) return clip(printable(redactor.text(text.slice(0, EXCERPT_MAX + margin))), 0, EXCERPT_MAX);

  const from = Math.max(0, at - radius - margin);
  const window = printable(redactor.text(text.slice(from, at + needle.length + radius + margin)));
  let local = window.toLowerCase().indexOf(needle.toLowerCase());
  if (local === -1) local = Math.min(window.length, Math.max(0, at - from));
  const start = Math.max(0, local - radius);
  const end = Math.min(window.length, local + needle.length + radius);
  const body = window.slice(start, end);
  const excerpt = (start > 0 || from > 0 ? '…' : '') + body + (end < window.length ? '…' : '');
  return clip(excerpt, 0, EXCERPT_MAX);
}

/** Control bytes of binary bodies become `·`; runs of whitespace one space. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what must go
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g, '·').replace(/\s+/g, ' ');
}

function clip(text: string, from: number, max: number): string {
  return text.length <= max ? text : `${text.slice(from, from + max - 1)}…`;
}
