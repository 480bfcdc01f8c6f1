import type { Profile, ShareConfig } from '../profile/schema';
import { pathParams, type Endpoint, type Field } from './endpoints';
import { realFields } from './draft-csrf';
import { bindingName, renameParams } from './draft-names';
import type { DraftNotes } from './draft-notes';

/** Share links: what creates one and what revokes it. */
export function draftShare(personal: readonly Endpoint[], ids: Profile['ids'], notes: DraftNotes): ShareConfig | undefined {
  const share = shareOf(personal, ids, notes);
  if (share) notes.decisions.push(`share links: ${share.create.method} ${share.create.path}${share.revoke ? `, revoked by ${share.revoke.method} ${share.revoke.path}` : ''}`);
  return share;
}

/** A write on a document that answers a link, and the delete that takes the link's token. */
function shareOf(personal: readonly Endpoint[], ids: Profile['ids'], notes: DraftNotes): ShareConfig | undefined {
  const linkField = (endpoint: Endpoint): Field | undefined => endpoint.answer?.fields.find((field) => field.format === 'uri' || field.format === 'uri-reference' || /^(url|link|href)$/i.test(field.name));
  const create = personal.find((endpoint) => endpoint.method === 'POST' && realFields(endpoint).length === 0 && pathParams(endpoint.path).map(bindingName).at(-1) === ids.piece && endpoint.answer?.kind === 'json-object' && linkField(endpoint));
  const url = create && linkField(create);
  if (!create || !url) return undefined;
  const answerNames = new Set(create.answer?.fields.map((field) => field.name));
  const revoke = personal.find((endpoint) => endpoint.method === 'DELETE' && pathParams(endpoint.path).length === 1 && answerNames.has(pathParams(endpoint.path)[0] ?? ''));
  const tokenName = revoke ? pathParams(revoke.path)[0] : undefined;
  const expires = create.answer?.fields.find((field) => field.format === 'date-time' && /expir/i.test(field.name));
  const capture: Record<string, string> = { shareUrl: url.name, ...(tokenName ? { shareToken: tokenName } : {}), ...(expires ? { expiresAt: expires.name } : {}) };
  if (!revoke) notes.ask('share.revoke', `${create.method} ${create.path} creates a share link: which request revokes one?`);
  return {
    create: { method: 'POST', path: renameParams(create.path), capture },
    open: '{shareUrl}',
    ...(revoke && tokenName ? { revoke: { method: 'DELETE', path: revoke.path.replace(`{${tokenName}}`, '{shareToken}') } } : {}),
  };
}
