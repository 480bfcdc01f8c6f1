import { expect, test } from '@playwright/test';
import { FINDING_ATTACHMENT_NAME, FINDING_CONTENT_TYPE, attachFinding, findingFromAttachment } from './attach';
import type { Finding } from './types';

const sample: Finding = {
  id: '0123456789abcdef',
  check: 'objects/download-idor',
  verdict: 'leak',
  severity: 'critical',
  title: 't',
  attacker: { key: 'u075b', role: 'usager', relationship: 'usager-same-mdph' },
  routeTemplate: '/x/{id}',
  vector: 'direct-id',
  channel: 'api',
  request: { method: 'GET', url: '/x/1', headers: {} },
  evidence: [],
  references: { cwe: [], owasp: [], wstg: [], other: [] },
};

test('a finding attached to a test reads back from the attachment', async () => {
  await attachFinding(test.info(), sample);
  const attachment = test.info().attachments.find((a) => a.name === FINDING_ATTACHMENT_NAME);
  expect(attachment?.contentType).toBe(FINDING_CONTENT_TYPE);
  expect(attachment && findingFromAttachment(attachment)).toEqual(sample);
});

test('other and malformed attachments are ignored', () => {
  expect(findingFromAttachment({ name: 'screenshot', contentType: 'image/png', body: Buffer.from('x') })).toBeUndefined();
  expect(findingFromAttachment({ name: FINDING_ATTACHMENT_NAME, contentType: FINDING_CONTENT_TYPE, body: Buffer.from('{oops') })).toBeUndefined();
  expect(findingFromAttachment({ name: FINDING_ATTACHMENT_NAME, contentType: FINDING_CONTENT_TYPE, body: Buffer.from('{"id":1}') })).toBeUndefined();
});
