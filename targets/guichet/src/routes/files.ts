import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayReadCase } from '../access';
import { memberOf, notFound, unauthorized, type GuichetContext } from '../context';
import type { FileRow, Member } from '../db';
import { thumbnailOf } from '../thumbnail';
import { fileView } from '../views';

type FileRequest = FastifyRequest<{ Params: { fileId: string } }>;

/** Files: metadata, bytes, thumbnail, the caller's list and a search over it. */
export function fileRoutes(app: FastifyInstance, context: GuichetContext): void {
  const { store, flaws } = context;

  /** The file of the URL when the caller may read its case; otherwise the reply is already sent. */
  const readable = async (request: FileRequest, reply: FastifyReply, options: { trustId?: boolean; publicRoute?: boolean } = {}): Promise<FileRow | undefined> => {
    const member = memberOf(context, request);
    const file = store.fileById(request.params.fileId);
    // Flaw anonymous-thumbnail: a public route skips the check when nobody is signed in.
    if (options.publicRoute && !member && request.headers.authorization === undefined) {
      if (!file) await notFound(reply);
      return file;
    }
    if (!member) {
      await unauthorized(reply);
      return undefined;
    }
    const row = file ? store.caseByRef(file.caseRef) : undefined;
    // Flaw blob-idor: "nobody can guess a UUID", so the id alone is taken as proof of access.
    if (file && (options.trustId || (row && mayReadCase(member, row)))) return file;
    await notFound(reply);
    return undefined;
  };

  app.get<{ Params: { fileId: string } }>('/v3/files/:fileId', async (request, reply) => {
    const file = await readable(request, reply);
    return file ? fileView(file) : reply;
  });

  app.get<{ Params: { fileId: string } }>('/v3/files/:fileId/blob', async (request, reply) => {
    const file = await readable(request, reply, { trustId: flaws.has('blob-idor') });
    if (!file) return reply;
    const body = store.fileBody(file.id) ?? Buffer.alloc(0);
    return reply
      .type(file.mime)
      .header('Content-Disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
      .send(body);
  });

  app.get<{ Params: { fileId: string } }>('/v3/files/:fileId/thumbnail', async (request, reply) => {
    const file = await readable(request, reply, { publicRoute: flaws.has('anonymous-thumbnail') });
    if (!file) return reply;
    const thumbnail = thumbnailOf(file, store.fileBody(file.id) ?? Buffer.alloc(0));
    return reply.type(thumbnail.mime).send(thumbnail.body);
  });

  app.get<{ Querystring: { member?: string; offset?: string; limit?: string } }>('/v3/files', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    // Flaw member-filter: the filter the back office needed is honoured for everyone.
    const requested = request.query.member;
    if (flaws.has('member-filter') && typeof requested === 'string' && requested !== member.id) {
      return { items: store.filesOfHolder(requested).map(fileView) };
    }
    const window = windowOf(request.query);
    if (window === 'invalid') return reply.code(400).send({ error: 'bad_request' });
    if (window === undefined) return { items: store.visibleFiles(member).map(fileView) };
    // Flaw cursor-unscoped: past the first window, the "load more" query pages over every file.
    const files = flaws.has('cursor-unscoped') && window.offset > 0 ? store.anyFiles(window.limit, window.offset) : store.visibleFiles(member).slice(window.offset, window.offset + window.limit);
    return { items: files.map(fileView), offset: window.offset, limit: window.limit };
  });

  app.get<{ Querystring: { term?: string } }>('/v3/lookup', async (request, reply) => {
    const member: Member | undefined = memberOf(context, request);
    if (!member) return unauthorized(reply);
    const term = typeof request.query.term === 'string' ? request.query.term.trim() : '';
    if (term.length < 2) return reply.code(400).send({ error: 'term_too_short' });
    return { items: store.visibleFiles(member, term).map(fileView) };
  });
}

const MAX_LIMIT = 50;

/** `?offset=&limit=` ("load more"): both optional, non-negative integers, the limit capped. */
function windowOf(query: { offset?: string; limit?: string }): { offset: number; limit: number } | 'invalid' | undefined {
  if (query.offset === undefined && query.limit === undefined) return undefined;
  const number = (value: string | undefined, fallback: number): number | undefined => (value === undefined ? fallback : /^\d{1,9}$/.test(value) ? Number(value) : undefined);
  const offset = number(query.offset, 0);
  const limit = number(query.limit, 20);
  if (offset === undefined || limit === undefined || limit === 0) return 'invalid';
  return { offset, limit: Math.min(limit, MAX_LIMIT) };
}
