/**
 * Tests report findings as test attachments rather than through a side channel: attachments cross
 * worker processes, shards and blob-report merges untouched, and show up in the HTML report next
 * to the test that found them.
 */
import { readFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';
import type { Finding } from './types';

export const FINDING_ATTACHMENT_NAME = 'cloison-finding';
export const FINDING_CONTENT_TYPE = 'application/vnd.cloison.finding+json';

/** The annotation a test pushes when it returns without probing: `{ type: NOT_APPLICABLE, description: reason }`
 * (the run's verdict lists it, never as a failure: src/report/verdict.ts). */
export const NOT_APPLICABLE = 'not-applicable';

/** The finding must already be redacted (makeFinding does it): attachments are artifacts too. */
export async function attachFinding(testInfo: Pick<TestInfo, 'attach'>, finding: Finding): Promise<void> {
  await testInfo.attach(FINDING_ATTACHMENT_NAME, { body: JSON.stringify(finding), contentType: FINDING_CONTENT_TYPE });
}

export interface AttachmentLike {
  name: string;
  contentType: string;
  body?: Buffer | Uint8Array | string;
  path?: string;
}

/** The finding carried by an attachment, or undefined for any other attachment (or a malformed
 * one: a broken attachment must not take the whole report down). Merged blob reports deliver the
 * body as a Buffer; an attachment made with `path` is read from disk. */
export function findingFromAttachment(attachment: AttachmentLike): Finding | undefined {
  if (attachment.name !== FINDING_ATTACHMENT_NAME || attachment.contentType !== FINDING_CONTENT_TYPE) return undefined;
  let text: string | undefined;
  try {
    if (attachment.body !== undefined) {
      text = typeof attachment.body === 'string' ? attachment.body : Buffer.from(attachment.body).toString('utf8');
    } else if (attachment.path) {
      text = readFileSync(attachment.path, 'utf8');
    }
    if (text === undefined) return undefined;
    const value = JSON.parse(text) as unknown;
    return isFinding(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isFinding(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Partial<Record<keyof Finding, unknown>>;
  return (
    typeof f.id === 'string' &&
    typeof f.check === 'string' &&
    (f.verdict === 'leak' || f.verdict === 'suspicious' || f.verdict === 'violation' || f.verdict === 'unscanned') &&
    typeof f.title === 'string' &&
    typeof f.request === 'object' && f.request !== null &&
    Array.isArray(f.evidence)
  );
}
