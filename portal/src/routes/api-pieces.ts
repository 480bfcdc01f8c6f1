import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { readGuard, userOf, writeGuard } from '../access';
import type { PortalContext } from '../context';
import { anonymousDownloadGuard } from '../flaws/anonymous-download';
import { deleteIdorGuard } from '../flaws/delete-idor';
import { downloadIdorGuard } from '../flaws/download-idor';
import { listFilterLister } from '../flaws/list-filter';
import { methodOverrideGuard, registerMethodOverrideDownload } from '../flaws/method-override';
import { numericIdCoercionDownload, numericIdCoercionSchema } from '../flaws/numeric-id-coercion';
import { overwriteIdorGuard } from '../flaws/overwrite-idor';
import { pageUnscopedPager } from '../flaws/page-unscoped';
import { previewIdorGuard } from '../flaws/preview-idor';
import { requestStateRaceHandler } from '../flaws/request-state-race';
import { searchLeakSearch } from '../flaws/search-leak';
import { storageKeyUpdate } from '../flaws/storage-key-update';
import { thumbnailCacheHandler } from '../flaws/thumbnail-cache';
import { variant } from '../flaws/seam';
import { badRequest } from '../http/errors';
import { pieceJson } from '../http/json';
import { pieceIdSchema, type PieceParams } from '../http/params';
import type { Piece, User } from '../model';
import type { PieceFilters } from '../repositories/pieces';
import { readScope } from '../repositories/scope';
import { checkedUpload } from '../storage/uploads';
import { createDocumentSender } from './documents';

/** The pièces a user asked for with `GET /api/v2/pieces`. */
export type PieceLister = (user: User, filters: PieceFilters) => Piece[];
/** The pièces of a user matching a search. */
export type PieceSearch = (user: User, q: string) => Piece[];
/** Which page of the list a request asks for (`?page=&limit=`), or null for the whole list. */
export interface PageRequest {
  number: number;
  size: number;
}
/** One page of the pièces a user asked for (the whole list when `page` is null). */
export type PiecePager = (user: User, filters: PieceFilters, page: PageRequest | null) => Piece[];
/** What a `PATCH` of a pièce the caller may write changes: its title, nothing else the body says. */
export type PieceUpdate = (piece: Piece, titre: string, body: Record<string, unknown>) => Promise<Piece>;
/** The whole `GET /api/v2/pieces` handler (the race flaw lives in how it holds the user). */
export type PieceListHandler = (request: FastifyRequest) => Promise<unknown>;

const POSITIVE_INT = /^[1-9][0-9]{0,14}$/;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** `?page=` and `?limit=`: positive integers, the size capped; anything else is a 400. */
function pageOf(request: FastifyRequest): PageRequest | null {
  const query = request.query as Record<string, unknown>;
  const positive = (name: string): number | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !POSITIVE_INT.test(value)) throw badRequest(`Paramètre ${name} invalide.`);
    return Number(value);
  };
  const number = positive('page');
  const size = positive('limit');
  if (number === undefined && size === undefined) return null;
  return { number: number ?? 1, size: Math.min(size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}

function filtersOf(request: FastifyRequest): PieceFilters {
  const query = request.query as Record<string, unknown>;
  const id = (name: string): number | null => {
    const value = query[name];
    if (value === undefined) return null;
    if (typeof value !== 'string' || !POSITIVE_INT.test(value)) throw badRequest(`Paramètre ${name} invalide.`);
    return Number(value);
  };
  return { dossierId: id('dossierId'), usagerId: id('usagerId') };
}

const renameSchema = {
  ...pieceIdSchema,
  body: { type: 'object', required: ['titre'], properties: { titre: { type: 'string', minLength: 1, maxLength: 200 } } },
} as const;
const searchSchema = {
  querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 100 } } },
} as const;

export function apiPieces(app: FastifyInstance, ctx: PortalContext): void {
  const { repos, access, flaws, load, db } = ctx;
  const sendDocument = createDocumentSender(ctx);
  const ownerGuard = readGuard(access);
  const writerGuard = writeGuard(access);
  const downloadGuard = variant(flaws, ownerGuard, {
    'download-idor': downloadIdorGuard,
    'anonymous-download': anonymousDownloadGuard(access),
    'method-override': methodOverrideGuard(access),
  });
  const previewGuard = variant(flaws, ownerGuard, { 'preview-idor': previewIdorGuard });
  const overwriteGuard = variant(flaws, writerGuard, { 'overwrite-idor': overwriteIdorGuard });
  const deleteGuard = variant(flaws, writerGuard, { 'delete-idor': deleteIdorGuard });

  // Filters are ANDed to the caller's scope by the query itself.
  const secureLister: PieceLister = (user, filters) => repos.pieces.listReadable(readScope(user), filters);
  const lister = variant(flaws, secureLister, { 'list-filter': listFilterLister(db, secureLister) });
  // A page is a slice of the caller's own list: the scope is applied before paging, never after.
  const securePager: PiecePager = (user, filters, page) => {
    const all = lister(user, filters);
    return page === null ? all : all.slice((page.number - 1) * page.size, page.number * page.size);
  };
  const pager = variant(flaws, securePager, { 'page-unscoped': pageUnscopedPager(db, securePager) });
  const listAnswer = (user: User, request: FastifyRequest) => pager(user, filtersOf(request), pageOf(request)).map(pieceJson);
  const secureListHandler: PieceListHandler = async (request) => {
    const user = userOf(request);
    await ctx.audit.record({ userId: user.id, action: 'pieces.list' });
    return listAnswer(user, request);
  };
  const listHandler = variant(flaws, secureListHandler, { 'request-state-race': requestStateRaceHandler(ctx.audit, listAnswer) });

  const secureSearch: PieceSearch = (user, q) => repos.pieces.search(readScope(user), q);
  const search = variant(flaws, secureSearch, { 'search-leak': searchLeakSearch(db) });

  app.get('/api/v2/pieces', listHandler);

  app.get<{ Querystring: { q: string } }>('/api/v2/recherche', { schema: searchSchema }, (request) =>
    search(userOf(request), request.query.q).map(pieceJson),
  );

  app.get<{ Params: PieceParams }>('/api/v2/pieces/:pieceId', { schema: pieceIdSchema }, (request) =>
    pieceJson(load.piece(request, request.params.pieceId, ownerGuard).piece),
  );

  const download: RouteHandlerMethod = (request, reply) => {
    const { pieceId } = request.params as PieceParams;
    return sendDocument(request, reply, load.piece(request, pieceId, downloadGuard).piece, 'attachment');
  };
  if (flaws.has('numeric-id-coercion')) app.get('/api/v2/pieces/:pieceId/contenu', { schema: numericIdCoercionSchema }, numericIdCoercionDownload(repos, load, downloadGuard, sendDocument));
  else app.get('/api/v2/pieces/:pieceId/contenu', { schema: pieceIdSchema }, download);
  if (flaws.has('method-override')) registerMethodOverrideDownload(app, download);

  const securePreview: RouteHandlerMethod = (request, reply) =>
    sendDocument(request, reply, load.piece(request, (request.params as PieceParams).pieceId, previewGuard).piece, 'inline');
  const preview = variant(flaws, securePreview, { 'thumbnail-cache': thumbnailCacheHandler(ctx, previewGuard) });
  app.get('/api/v2/pieces/:pieceId/apercu', { schema: pieceIdSchema }, preview);

  // Only the title is taken from the body: ids, storage key and file are the server's.
  const secureUpdate: PieceUpdate = (piece, titre) => {
    repos.pieces.rename(piece.id, titre);
    return Promise.resolve({ ...piece, titre });
  };
  const update = variant(flaws, secureUpdate, { 'storage-key-update': storageKeyUpdate(ctx, secureUpdate) });

  app.patch<{ Params: PieceParams; Body: { titre: string } & Record<string, unknown> }>('/api/v2/pieces/:pieceId', { schema: renameSchema }, async (request) => {
    const { piece } = load.piece(request, request.params.pieceId, overwriteGuard);
    const titre = request.body.titre.trim();
    if (!titre) throw badRequest('Titre manquant.');
    return pieceJson(await update(piece, titre, request.body));
  });

  app.put<{ Params: PieceParams }>('/api/v2/pieces/:pieceId/contenu', { schema: pieceIdSchema }, async (request) => {
    const { piece } = load.piece(request, request.params.pieceId, overwriteGuard);
    await ctx.pieceStore.replace(piece, await checkedUpload(request, ctx.maxUploadBytes));
    return pieceJson(repos.pieces.findById(piece.id) ?? piece);
  });

  app.delete<{ Params: PieceParams }>('/api/v2/pieces/:pieceId', { schema: pieceIdSchema }, async (request, reply) => {
    const { piece } = load.piece(request, request.params.pieceId, deleteGuard);
    await ctx.pieceStore.remove(piece);
    return reply.code(204).send();
  });
}
