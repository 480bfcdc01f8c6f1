/**
 * The oracle's eyes: every marker of the run found in one response, wherever a real portal could
 * have put it (headers, encoded text, compressed bodies, PDF streams, PNG chunks, zip entries,
 * base64 blobs) and the SHA-256 of every file-like thing seen. Who may see what is judged
 * elsewhere (judge.ts); this module only says what is there.
 */
import type { Evidence } from './evidence';
import { FILE_RUN, base64Runs, decodeBase64Run, decodedText } from './base64';
import { DEFAULT_LIMITS, ScanBudget, type ScanLimits } from './budget';
import { headerValue, scanHeaders } from './headers';
import type { BodyScan, ScanMemo } from './scan-memo';
import { sha256Hex, type MarkerIndex } from './markers';
import { pdfTexts } from './pdf';
import { pngTexts } from './png';
import { sniffFormat } from './sniff';
import { bytesToText, looksBinary, textViews } from './text-views';
import { scanTokens } from './tokens';
import { readZip } from './zip';

export interface ScanInput {
  body: Uint8Array;
  /** Response headers; names in any case. */
  headers: Record<string, string>;
  contentType?: string;
}

export interface ScanResult {
  evidence: Evidence[];
  /** Each part left unread and the limit that stopped it. Not empty: the absence of evidence is
   * no proof, and the judge makes the response a finding of its own (`unscanned`). */
  cuts: string[];
  /** Parts read another way than planned (a corrupt zip scanned as plain bytes). */
  notes: string[];
  inflatedBytes: number;
}

/** Everything the oracle saw in one response, and what it could not read. There is no
 * evidence-only variant on purpose: whoever scans must also hear about the cuts.
 * `memo` (scan-memo.ts) answers again for bytes and header values already scanned with the same
 * markers; it is used with the default limits only, the ones its answers were found under. */
export function scanResponse(index: MarkerIndex, input: ScanInput, limits?: Partial<ScanLimits>, memo?: ScanMemo): ScanResult {
  const remembered = limits ? undefined : memo;
  const found = new EvidenceSet();
  scanHeaders(index, input.headers, (e) => found.add(e), remembered);
  const contentEncoding = headerValue(input.headers, 'content-encoding')?.toLowerCase() ?? '';
  const layer: Layer = { depth: 0, zipDepth: 0, contentType: input.contentType ?? headerValue(input.headers, 'content-type'), brotli: contentEncoding.includes('br') };
  const body = scanBody(index, input.body, layer, { ...DEFAULT_LIMITS, ...limits }, remembered);
  // Header and body evidence never share a location, so adding the body's list as it is keeps
  // what one pass over both would have kept (EvidenceSet.list drops `body` duplicates of `pdf:`/`png:` only).
  for (const e of body.evidence) found.add(e);
  return { evidence: found.list(), cuts: [...body.cuts], notes: [...body.notes], inflatedBytes: body.inflatedBytes };
}

/** The body's evidence and cuts, from the memo when these bytes were scanned before. */
function scanBody(index: MarkerIndex, bytes: Uint8Array, layer: Layer, limits: ScanLimits, memo: ScanMemo | undefined): BodyScan {
  if (bytes.byteLength === 0) return { evidence: [], cuts: [], notes: [], inflatedBytes: 0 };
  const digest = sha256Hex(bytes);
  const key = `${digest}\0${layer.contentType ?? ''}\0${layer.brotli ? 'br' : ''}`;
  const known = memo?.body(key);
  if (known) return known;
  const budget = new ScanBudget(limits);
  const found = new EvidenceSet();
  scanBytes({ index, budget, add: (e) => found.add(e) }, bytes, undefined, layer, digest);
  const scan: BodyScan = { evidence: found.list(), cuts: budget.cuts, notes: budget.notes, inflatedBytes: budget.inflatedBytes };
  memo?.rememberBody(key, scan);
  return scan;
}

interface Ctx {
  index: MarkerIndex;
  budget: ScanBudget;
  add: (evidence: Evidence) => void;
}

interface Layer {
  depth: number;
  zipDepth: number;
  contentType?: string;
  /** Playwright usually hands bodies over decoded; only a header hint justifies a brotli attempt
   * (brotli has no magic bytes). */
  brotli: boolean;
}

function scanText(ctx: Ctx, text: string, location: string): void {
  for (const view of textViews(text)) scanTokens(ctx.index, view, location, ctx.add);
}

/**
 * @param container undefined for the response itself (locations then name the part: `body`,
 * `pdf:stream`…); inside a container (`zip:<entry>`, `body:base64`) everything reports the
 * container, which is what a reader needs to find the leaked file.
 */
function scanBytes(ctx: Ctx, bytes: Uint8Array, container: string | undefined, layer: Layer, known?: string): void {
  const at = (leaf: string): string => container ?? leaf;
  if (bytes.byteLength === 0) return;

  // A file served as-is is a leak even when the portal stripped every marker from it.
  const digest = known ?? sha256Hex(bytes);
  const owner = ctx.index.sha256.get(digest);
  if (owner) ctx.add({ kind: 'sha256', value: digest, location: `sha256:${container ?? 'body'}`, ...owner });

  if (layer.depth > ctx.budget.limits.maxDepth) {
    ctx.budget.cut(`${at('body')}: nesting deeper than ${ctx.budget.limits.maxDepth}`);
    scanPlain(ctx, bytes, at('body'), layer);
    return;
  }
  const inner: Layer = { depth: layer.depth + 1, zipDepth: layer.zipDepth, brotli: false };

  const format = sniffFormat(bytes);
  if (format === 'gzip' || format === 'zlib') {
    const out = ctx.budget.decompress(format, bytes, at('body'));
    // A failed zlib inflate means the sniff was wrong (text starting with `x^`): scan as is.
    if (out) return scanBytes(ctx, out, container, inner);
  } else if (format === 'zip') {
    if (scanZip(ctx, bytes, container, inner)) return;
  } else if (format === 'pdf') {
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    for (const part of pdfTexts(latin1, bytes, ctx.budget)) scanText(ctx, part.text, at(part.leaf));
    // Plain bytes too: uncompressed streams and XMP metadata are text as they stand.
    return scanPlain(ctx, bytes, at('body'), layer);
  } else if (format === 'png') {
    for (const part of pngTexts(bytes, ctx.budget)) scanText(ctx, part.text, at(part.leaf));
    // Plain bytes too: text appended after IEND or in chunks we do not parse (eXIf) is still read.
  }

  if (layer.brotli) {
    const out = ctx.budget.decompress('brotli', bytes, at('body'));
    if (out) return scanBytes(ctx, out, container, inner);
  }
  // Same bytes, same layer: the top level keeps its content-type (a UTF-16 charset).
  scanPlain(ctx, bytes, at('body'), layer);
}

/** The bytes as text, every decoded view, then any long base64 run as a nested body. Binary
 * bodies get the raw view only: markers in their plain bytes (EXIF, XMP, stored text) are still
 * read, decoding their noise is not worth it. */
function scanPlain(ctx: Ctx, bytes: Uint8Array, location: string, layer: Layer): void {
  const text = bytesToText(bytes, layer.contentType);
  if (looksBinary(bytes)) {
    scanTokens(ctx.index, text, location, ctx.add);
    return;
  }
  const views = textViews(text);
  for (const view of views) scanTokens(ctx.index, view, location, ctx.add);
  if (layer.depth > ctx.budget.limits.maxDepth) return;
  // The last view is the most decoded: `\/` unescaped, entities resolved.
  const blobContainer = location.startsWith('zip:') || location.includes(':base64') ? location : `${location}:base64`;
  for (const run of base64Runs(views[views.length - 1] ?? '')) {
    const decoded = decodeBase64Run(run);
    if (!decoded) continue;
    if (run.length < FILE_RUN) {
      // A value (a JWT payload, an encoded id): its text, one level, no nesting.
      const text = decodedText(decoded);
      if (text !== undefined) for (const view of textViews(text)) scanTokens(ctx.index, view, blobContainer, ctx.add);
      continue;
    }
    if (!ctx.budget.take(decoded.byteLength, `${location} base64`)) {
      break;
    }
    scanBytes(ctx, decoded, blobContainer, { depth: layer.depth + 1, zipDepth: layer.zipDepth, brotli: false });
  }
}

/** @returns false when the archive was unreadable, so the caller scans its plain bytes. */
function scanZip(ctx: Ctx, bytes: Uint8Array, container: string | undefined, layer: Layer): boolean {
  if (layer.zipDepth >= ctx.budget.limits.maxZipDepth) {
    ctx.budget.cut(`${container ?? 'body'}: zip nested deeper than ${ctx.budget.limits.maxZipDepth}`);
    return false;
  }
  const listing = readZip(bytes, ctx.budget);
  if (!listing.readable) return false;
  const entryLocation = (name: string): string => (container?.startsWith('zip:') ? `${container}!/${name}` : `zip:${name}`);
  for (const name of listing.names) scanText(ctx, name, entryLocation(name));
  const inner: Layer = { ...layer, zipDepth: layer.zipDepth + 1 };
  for (const entry of listing.entries) scanBytes(ctx, entry.data, entryLocation(entry.name), inner);
  return true;
}

/**
 * Deduplicates on (kind, value, location). When the same marker is found both in the plain
 * `body` and in a part we decoded (`pdf:stream`, `png:tEXt`), only the precise location is kept.
 */
class EvidenceSet {
  private readonly byKey = new Map<string, Evidence>();

  add(evidence: Evidence): void {
    const key = `${evidence.kind}\0${evidence.value}\0${evidence.location}`;
    if (!this.byKey.has(key)) this.byKey.set(key, evidence);
  }

  list(): Evidence[] {
    const all = [...this.byKey.values()];
    const precise = new Set(all.filter((e) => /^(pdf|png):/.test(e.location)).map((e) => `${e.kind}\0${e.value}`));
    return all.filter((e) => e.location !== 'body' || !precise.has(`${e.kind}\0${e.value}`));
  }
}
