import type { CloisonAdapter } from '../../src/adapter/types';
import { TargetError } from '../../src/errors';

/**
 * What the Parse profile cannot say in JSON (profile format v1):
 * - a document upload is one Cloud Code call whose JSON body carries the file as base64;
 * - the Parse JS SDK keeps its session in localStorage as a JSON user object with the token
 *   inside, not as the bare token.
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

  browserToken({ token }) {
    // Parse.User.current() reads this object; the session token is all it needs to act as the user.
    return JSON.stringify({ className: '_User', sessionToken: token });
  },
};

export default adapter;
