import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { badRequest, HttpError } from '../http/errors';
import { fileField, textField } from '../http/fields';
import { isOneOf, PIECE_TYPES, type PieceType } from '../model';

const ACCEPTED_MIME = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
type AcceptedMime = (typeof ACCEPTED_MIME)[number];

export interface CheckedFile {
  nomFichier: string;
  mime: AcceptedMime;
  bytes: Buffer;
  taille: number;
  sha256: string;
}

const startsWith = (bytes: Buffer, magic: readonly number[]): boolean => magic.every((byte, index) => bytes[index] === byte);

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The declared type must be what the bytes are: a script renamed `.pdf` is refused. */
const MAGIC: Record<AcceptedMime, (bytes: Buffer) => boolean> = {
  'application/pdf': (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/png': (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  'text/plain': isUtf8Text,
};

/** The name shown to people: the last path segment of what the browser sent, without control characters. */
function displayName(raw: string): string {
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 200);
  return name || 'fichier';
}

/** The name on disk: ASCII letters, digits, dot, dash, underscore; never starting with a dot. */
export function storedFileName(nomFichier: string): string {
  const ascii = nomFichier.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const safe = ascii.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-100);
  return safe || 'fichier';
}

/** The `fichier` part of a multipart body, checked: present, not empty, within the size limit, of an accepted type. */
export async function checkedUpload(request: FastifyRequest, maxBytes: number): Promise<CheckedFile> {
  const file = fileField(request, 'fichier');
  if (!file) throw badRequest('Fichier manquant.');
  const bytes = await file.toBuffer();
  if (bytes.length === 0) throw badRequest('Fichier vide.');
  if (bytes.length > maxBytes) throw new HttpError(413, 'Fichier trop volumineux.');
  const declared = (file.mimetype.split(';')[0] ?? '').trim().toLowerCase();
  if (!isOneOf(ACCEPTED_MIME, declared) || !MAGIC[declared](bytes)) {
    throw new HttpError(415, 'Type de fichier non accepté : PDF, PNG, JPEG ou texte, dont le contenu correspond au type.');
  }
  return {
    nomFichier: displayName(file.filename),
    mime: declared,
    bytes,
    taille: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export interface PieceFields {
  type: PieceType;
  titre: string;
}

export function pieceFields(body: unknown): PieceFields {
  const type = textField(body, 'type');
  const titre = textField(body, 'titre')?.trim() ?? '';
  if (!isOneOf(PIECE_TYPES, type)) throw badRequest('Type de pièce inconnu.');
  if (titre.length === 0 || titre.length > 200) throw badRequest('Titre manquant ou trop long (200 caractères au plus).');
  return { type, titre };
}
