import type { CloisonAdapter } from '../../src/adapter/types';
import { TargetError } from '../../src/errors';

/**
 * A document upload is one Cloud Code call whose JSON body carries the file as base64. Format 2
 * documents `{file|base64}` for this, but API-mode provisioning does not bind `file` yet (it fails
 * with `no value for {file}`): until it does, the adapter sends the request.
 */
const adapter: CloisonAdapter = {
  async uploadDocument({ api, document, owner, headers }) {
    const answer = await api.post('/parse/functions/provisionDocument', {
      headers,
      data: {
        ownerId: owner.userId,
        title: document.titre,
        type: document.type,
        fileName: document.fileName,
        mime: document.mime,
        base64: Buffer.from(document.bytes).toString('base64'),
      },
      failOnStatusCode: false,
    });
    const body = (await answer.json().catch(() => undefined)) as { result?: { documentId?: unknown; fileName?: unknown }; error?: unknown } | undefined;
    const { documentId, fileName } = body?.result ?? {};
    if (answer.status() !== 200 || typeof documentId !== 'string' || typeof fileName !== 'string') {
      throw new TargetError(`provisioning document ${document.key}: POST /parse/functions/provisionDocument answered ${answer.status()} without a documentId and a fileName (${typeof body?.error === 'string' ? body.error : 'no error message'})`);
    }
    return { documentId, fileName };
  },
};

export default adapter;
