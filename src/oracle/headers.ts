/**
 * The oracle's eyes on response headers: every marker in any header value, each reported under
 * the header that holds it. Bodies are scan.ts's.
 */
import type { Evidence } from './evidence';
import type { MarkerIndex } from './markers';
import type { ScanMemo, ValueEvidence } from './scan-memo';
import { textViews } from './text-views';
import { scanTokens } from './tokens';

/**
 * Between header values joined for one pass: no token shape and no decoder (`=?…?=` included) can
 * match across a line break followed by `?` and another line break, so the joined text holds
 * every token each value holds alone, each decoded view included (see scan.test.ts).
 */
const HEADER_SEPARATOR = '\n?\n';

/**
 * Every header value, scanned as one text: a dozen short values cost a dozen passes of every
 * token shape, most of an error answer's scan. Only when that pass finds a marker is each value
 * scanned alone, for the header that holds it; the joined pass may also see a token made of two
 * values, which the values alone then do not confirm. Values the memo knows are not scanned
 * again: their evidence is what scanning them alone gave.
 */
export function scanHeaders(index: MarkerIndex, headers: Record<string, string>, add: (evidence: Evidence) => void, memo: ScanMemo | undefined): void {
  const entries = Object.entries(headers);
  const byValue = new Map<string, readonly ValueEvidence[]>();
  const unknown: string[] = [];
  for (const [, value] of entries) {
    if (byValue.has(value)) continue;
    const known = memo?.value(value);
    if (known) byValue.set(value, known);
    else {
      byValue.set(value, []);
      unknown.push(value);
    }
  }
  if (unknown.length > 0) {
    let marked = false;
    const mark = (): void => {
      marked = true;
    };
    for (const view of textViews(unknown.join(HEADER_SEPARATOR))) {
      scanTokens(index, view, 'header', mark);
      if (marked) break;
    }
    for (const value of unknown) {
      const evidence: ValueEvidence[] = [];
      if (marked) {
        for (const view of textViews(value)) scanTokens(index, view, '', ({ location: _location, ...rest }) => evidence.push(rest));
      }
      byValue.set(value, evidence);
      memo?.rememberValue(value, evidence);
    }
  }
  for (const [name, value] of entries) {
    const location = `header:${name.toLowerCase()}`;
    for (const e of byValue.get(value) ?? []) add({ ...e, location });
  }
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
