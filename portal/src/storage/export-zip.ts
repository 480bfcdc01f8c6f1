import { zipSync, type Zippable } from 'fflate';
import type { Piece } from '../model';
import type { FileStore } from './files';

/** One entry per pièce, named by its stored name (unique: it starts with the pièce id). */
export async function zipPieces(files: FileStore, pieces: readonly Piece[]): Promise<Uint8Array> {
  const contents = await Promise.all(pieces.map((piece) => files.read(piece.dossier_id, piece.stored_name)));
  const entries: Zippable = {};
  pieces.forEach((piece, index) => {
    const bytes = contents[index];
    if (bytes) entries[piece.stored_name] = new Uint8Array(bytes);
  });
  return zipSync(entries);
}
