import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { makeArtifact } from '../artifacts/index';
import { canary, contentMarker, documentKey } from './keys';
import type { PieceType, PopulationSpec, Person, SeededDocument } from './types';

type Mime = SeededDocument['mime'];

/** How each pièce justificative is titled, named and encoded. */
const PIECES: Record<PieceType, { titre: string; file: string; mimes: readonly Mime[] }> = {
  certificat_medical: { titre: 'Certificat médical Cerfa 15695', file: 'certificat-medical', mimes: ['application/pdf'] },
  justificatif_identite: { titre: "Carte nationale d'identité (recto)", file: 'carte-identite', mimes: ['image/png'] },
  justificatif_domicile: { titre: 'Justificatif de domicile', file: 'justificatif-domicile', mimes: ['application/pdf'] },
  avis_imposition: { titre: "Avis d'impôt 2025", file: 'avis-imposition', mimes: ['text/plain', 'application/pdf'] },
  audiogramme: { titre: 'Audiogramme tonal', file: 'audiogramme', mimes: ['image/png'] },
  bilan_ophtalmologique: { titre: 'Bilan ophtalmologique', file: 'bilan-ophtalmologique', mimes: ['application/pdf'] },
  jugement_protection: { titre: 'Jugement de protection', file: 'jugement-protection', mimes: ['application/pdf'] },
};

const EXTENSION: Record<Mime, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'text/plain': 'txt' };

/** Every dossier opens with the mandatory certificat médical (PDF) and an identity scan (PNG). */
const FIRST: readonly PieceType[] = ['certificat_medical', 'justificatif_identite'];
const OTHERS: readonly PieceType[] = ['justificatif_domicile', 'avis_imposition', 'audiogramme', 'bilan_ophtalmologique', 'jugement_protection'];

/** Which pièces a usager holds: count in [min, max] (at least 2 when max ≥ 2, so one PDF and one PNG). */
export function planPieces(f: Faker, range: PopulationSpec['piecesPerUsager']): { type: PieceType; mime: Mime }[] {
  const count = f.number.int({ min: range.max >= 2 ? Math.max(range.min, 2) : range.min, max: range.max });
  const order = [...FIRST, ...f.helpers.shuffle([...OTHERS])];
  return Array.from({ length: count }, (_, i) => {
    const type = order[i % order.length] ?? 'certificat_medical';
    return { type, mime: f.helpers.arrayElement(PIECES[type].mimes) };
  });
}

export async function makeDocuments(f: Faker, spec: PopulationSpec, owner: Person): Promise<SeededDocument[]> {
  const docs: SeededDocument[] = [];
  for (const [i, { type, mime }] of planPieces(f, spec.piecesPerUsager).entries()) {
    const n = i + 1;
    const token = canary(spec.runId, owner.key, n);
    const titre = `${PIECES[type].titre} ${token}`;
    const content = contentMarker(spec.runId, owner.key, n);
    const bytes = await makeArtifact({ mime, kind: type, title: titre, canary: token, contentMarker: content, owner });
    docs.push({
      key: documentKey(owner.key, n),
      ownerKey: owner.key,
      type,
      titre,
      fileName: `${PIECES[type].file}-${token}.${EXTENSION[mime]}`,
      mime,
      canary: token,
      contentMarker: content,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return docs;
}
