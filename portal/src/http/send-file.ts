import type { FastifyReply } from 'fastify';

/** RFC 6266 `Content-Disposition` with an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const fallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'fichier';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendDocument(reply: FastifyReply, bytes: Uint8Array, mime: string, kind: 'attachment' | 'inline', fileName: string): FastifyReply {
  // Stored texts are checked UTF-8 at upload; saying so keeps browsers from guessing.
  const type = mime === 'text/plain' ? 'text/plain; charset=utf-8' : mime;
  return reply.type(type).header('content-disposition', contentDisposition(kind, fileName)).send(bytes);
}
