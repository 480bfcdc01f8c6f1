import { crc32, deflateSync, inflateSync } from 'node:zlib';
import type { RouteHandlerMethod } from 'fastify';
import type { DossierGuard } from '../access';
import type { PortalContext } from '../context';
import type { PieceParams } from '../http/params';
import type { Piece } from '../model';

interface Thumbnail {
  mime: string;
  body: Buffer;
}

/**
 * FLAW thumbnail-cache (CWE-524, CWE-639): previews go through an image pipeline and are cached by
 * pièce id; the cache is read before the owner check, "a thumbnail is only a picture". Once the
 * owner has looked at a preview, anyone asking for that id gets it. The preview is re-rendered, so
 * its bytes (and hash) are not the original's: only what it still says betrays it.
 */
export function thumbnailCacheHandler(ctx: PortalContext, guard: DossierGuard): RouteHandlerMethod {
  const cache = new Map<string, Thumbnail>();
  return async (request, reply) => {
    const { pieceId } = request.params as PieceParams;
    let thumbnail = cache.get(pieceId);
    if (!thumbnail) {
      const { piece } = ctx.load.piece(request, pieceId, guard);
      thumbnail = render(piece, await ctx.files.read(piece.dossier_id, piece.stored_name));
      cache.set(pieceId, thumbnail);
    }
    return reply.type(thumbnail.mime).header('content-disposition', 'inline').send(thumbnail.body);
  };
}

/** A PNG re-encoded as the pipeline does (one IDAT, other compression, text kept as zTXt); anything else a card with its title. */
function render(piece: Piece, bytes: Buffer): Thumbnail {
  if (piece.mime === 'image/png') return { mime: 'image/png', body: reencodePng(bytes) };
  const escape = (text: string): string => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="90"><rect width="320" height="90" fill="#eef2f8"/>` +
    `<text x="10" y="35" font-size="13">${escape(piece.titre)}</text><text x="10" y="65" font-size="11">${escape(piece.nom_fichier)}</text></svg>`;
  return { mime: 'image/svg+xml', body: Buffer.from(svg) };
}

function reencodePng(bytes: Buffer): Buffer {
  const chunks: Buffer[] = [bytes.subarray(0, 8)];
  const idat: Buffer[] = [];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') chunks.push(chunk('IHDR', data));
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tEXt') {
      const nul = data.indexOf(0);
      chunks.push(chunk('zTXt', Buffer.concat([data.subarray(0, nul + 1), Buffer.of(0), deflateSync(data.subarray(nul + 1))])));
    } else if (type === 'IEND') break;
  }
  chunks.push(chunk('IDAT', deflateSync(inflateSync(Buffer.concat(idat)), { level: 1 })), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(chunks);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
