import { createHash, randomUUID } from 'node:crypto';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, type GuichetContext } from '../context';
import type { MemberKind } from '../db';
import { hashSecret, newCaseRef, sameSecret } from '../secrets';

export const ADMIN_KEY_HEADER = 'x-guichet-admin-key';

interface MemberBody {
  kind?: unknown;
  email?: unknown;
  secret?: unknown;
  givenName?: unknown;
  familyName?: unknown;
  office?: unknown;
  actsFor?: unknown;
}

const KINDS: readonly MemberKind[] = ['citizen', 'proxy', 'clerk'];
const text = (value: unknown, max = 200): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/**
 * Provisioning, for test set-ups only: off (404) unless an admin key is configured, and then
 * only with that key. Creates members (a citizen gets a case) and attaches files to a case.
 */
export function adminRoutes(app: FastifyInstance, context: GuichetContext): void {
  const { store } = context;

  const allowed = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const given = request.headers[ADMIN_KEY_HEADER];
    if (context.adminKey && typeof given === 'string' && sameSecret(given, context.adminKey)) return true;
    await notFound(reply);
    return false;
  };

  app.post<{ Body: MemberBody }>('/v3/admin/members', async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const body = request.body ?? {};
    const kind = KINDS.find((candidate) => candidate === body.kind);
    if (!kind || !text(body.email) || !text(body.secret) || !text(body.givenName) || !text(body.familyName)) {
      return reply.code(400).send({ error: 'kind_email_secret_givenName_familyName_required' });
    }
    const principal = kind === 'proxy' && typeof body.actsFor === 'string' ? store.memberById(body.actsFor) : undefined;
    if (kind === 'proxy' && principal?.kind !== 'citizen') return reply.code(400).send({ error: 'actsFor_must_name_a_citizen' });
    const office = principal?.office ?? (text(body.office, 8) ? body.office : undefined);
    if (!office) return reply.code(400).send({ error: 'office_required' });
    if (store.memberByEmail(body.email)) return reply.code(409).send({ error: 'email_taken' });
    const id = randomUUID();
    store.insertMember({ id, kind, email: body.email, givenName: body.givenName, familyName: body.familyName, office, secretHash: hashSecret(body.secret), actsFor: principal?.id ?? null });
    if (kind !== 'citizen') return reply.code(201).send({ memberId: id });
    const caseRef = newCaseRef();
    store.insertCase({ ref: caseRef, holderId: id, office, state: 'open', openedAt: new Date().toISOString() });
    return reply.code(201).send({ memberId: id, caseRef });
  });

  app.post<{ Params: { caseRef: string } }>('/v3/admin/cases/:caseRef/files', async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const row = store.caseByRef(request.params.caseRef);
    if (!row) return notFound(reply);
    const fields = (request.body ?? {}) as Record<string, MultipartValue | MultipartFile | undefined>;
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
}

function valueOf(field: MultipartValue | MultipartFile | undefined): unknown {
  return field && 'value' in field ? field.value : undefined;
}
