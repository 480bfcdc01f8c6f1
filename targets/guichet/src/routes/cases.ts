import type { FastifyInstance } from 'fastify';
import { mayReadCase } from '../access';
import { memberOf, notFound, unauthorized, type GuichetContext } from '../context';
import type { CaseRow } from '../db';
import { caseView, fileView } from '../views';

/** Cases (one per citizen): the caller's list, one case with its files, and the clerks' queue. */
export function caseRoutes(app: FastifyInstance, context: GuichetContext): void {
  const { store, flaws } = context;
  const summary = (row: CaseRow): Record<string, unknown> => ({
    caseRef: row.ref,
    office: row.office,
    state: row.state,
    files: store.filesOfCase(row.ref).map((file) => ({ fileId: file.id, label: file.label })),
  });
  const full = (row: CaseRow): Record<string, unknown> => caseView(row, store.memberById(row.holderId), store.filesOfCase(row.ref));

  app.get('/v3/cases', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    return { items: store.visibleCases(member).map(summary) };
  });

  app.get<{ Params: { caseRef: string } }>('/v3/cases/:caseRef', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    const row = store.caseByRef(request.params.caseRef);
    if (!row) return notFound(reply);
    if (mayReadCase(member, row)) return { ok: true, data: full(row) };
    // Flaw denied-envelope: the refusal is an envelope for the UI, built around the loaded record.
    if (flaws.has('denied-envelope')) return { ok: false, error: { code: 'forbidden', message: 'Access denied' }, data: full(row) };
    return notFound(reply);
  });

  app.get<{ Params: { caseRef: string } }>('/v3/cases/:caseRef/files', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    const row = store.caseByRef(request.params.caseRef);
    if (!row || !mayReadCase(member, row)) return notFound(reply);
    return { items: store.filesOfCase(row.ref).map(fileView) };
  });

  app.get('/v3/desk/queue', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    if (member.kind !== 'clerk') return reply.code(403).send({ error: 'clerks_only' });
    return { office: member.office, items: store.visibleCases(member).map(summary) };
  });
}
