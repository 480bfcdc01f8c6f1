import { createHash, randomUUID } from 'node:crypto';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayReadCase, mayWriteCase } from '../access';
import { bearerToken, memberOf, notFound, unauthorized, type GuichetContext } from '../context';
import type { CaseRow, FileRow, Member } from '../db';
import { newToken, tokenHash } from '../secrets';

type Fields = Record<string, MultipartValue | MultipartFile | undefined>;
const text = (value: unknown, max = 200): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;
const valueOf = (field: MultipartValue | MultipartFile | undefined): unknown => (field && 'value' in field ? field.value : undefined);

/**
 * What members change: uploads into a case, renames and deletions of its files, and share links.
 * Only the holder and its proxy write; a link is a convenience for someone who may already read
 * the file (a signed-in reader), and it dies with the session that created it. Links are never
 * revoked one by one and carry no lifetime of their own.
 */
export function writeRoutes(app: FastifyInstance, context: GuichetContext): void {
  const { store, flaws } = context;

  /** The member and the file of the URL when the member may write its case; otherwise the reply is sent. */
  const writable = async (request: FastifyRequest<{ Params: { fileId: string } }>, reply: FastifyReply): Promise<{ member: Member; file: FileRow } | undefined> => {
    const member = memberOf(context, request);
    if (!member) return void (await unauthorized(reply));
    const file = store.fileById(request.params.fileId);
    const row = file ? store.caseByRef(file.caseRef) : undefined;
    if (file && row && mayWriteCase(member, row)) return { member, file };
    if (file && row && mayReadCase(member, row)) return void (await reply.code(403).send({ error: 'read_only' }));
    return void (await notFound(reply));
  };

  app.post<{ Params: { caseRef: string } }>('/v3/cases/:caseRef/files', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    const row: CaseRow | undefined = store.caseByRef(request.params.caseRef);
    if (!row || !mayReadCase(member, row)) return notFound(reply);
    if (!mayWriteCase(member, row)) return reply.code(403).send({ error: 'read_only' });
    const fields = (request.body ?? {}) as Fields;
    const label = valueOf(fields.label);
    const kind = valueOf(fields.kind);
    const content = fields.content;
    if (!text(label) || !text(kind, 60) || !content || !('toBuffer' in content)) return reply.code(400).send({ error: 'label_kind_content_required' });
    const body = await content.toBuffer();
    const id = randomUUID();
    store.insertFile(
      {
        id,
        caseRef: row.ref,
        label,
        kind,
        fileName: content.filename || 'file.bin',
        mime: content.mimetype || 'application/octet-stream',
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
        uploadedAt: new Date().toISOString(),
      },
      body,
    );
    return reply.code(201).send({ fileId: id });
  });

  app.patch<{ Params: { fileId: string }; Body: { label?: unknown; sha256?: unknown } }>('/v3/files/:fileId', async (request, reply) => {
    const allowed = await writable(request, reply);
    if (!allowed) return reply;
    const label = request.body?.label;
    if (!text(label)) return reply.code(400).send({ error: 'label_required' });
    store.renameFile(allowed.file.id, label);
    // Flaw digest-relink: the digest the editor sends back re-points the file to any stored bytes of that digest.
    const digest = request.body?.sha256;
    if (flaws.has('digest-relink') && typeof digest === 'string' && digest !== allowed.file.sha256) store.relinkContent(allowed.file.id, digest);
    return { fileId: allowed.file.id, label };
  });

  app.delete<{ Params: { fileId: string } }>('/v3/files/:fileId', async (request, reply) => {
    const allowed = await writable(request, reply);
    if (!allowed) return reply;
    store.deleteFile(allowed.file.id);
    return reply.code(204).send();
  });

  app.post<{ Params: { fileId: string } }>('/v3/files/:fileId/links', async (request, reply) => {
    const allowed = await writable(request, reply);
    if (!allowed) return reply;
    const token = newToken();
    store.insertLink(token, allowed.file.id, tokenHash(bearerToken(request) ?? ''));
    return reply.code(201).send({ token, url: `/v3/links/${token}` });
  });

  app.get<{ Params: { token: string } }>('/v3/links/:token', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    const file = store.linkedFile(request.params.token, Date.now());
    const row = file ? store.caseByRef(file.caseRef) : undefined;
    if (!file || !row || !mayReadCase(member, row)) return notFound(reply);
    return reply
      .type(file.mime)
      .header('Content-Disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
      .send(store.fileBody(file.id) ?? Buffer.alloc(0));
  });
}
