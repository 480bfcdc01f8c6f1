import type { PieceType } from './kinds';
import { documentContent, type ArtifactOwner } from './content';

export interface TextInput {
  title: string;
  canary: string;
  contentMarker?: string;
  owner: ArtifactOwner;
  kind: PieceType;
}

/** A plain-text (UTF-8) document, e.g. an avis d'impôt copied from the tax site. */
export function makeText(input: TextInput): Uint8Array {
  const c = documentContent(input.kind, input.owner);
  const lines = [
    c.issuer,
    '',
    c.heading.toUpperCase(),
    c.subheading,
    '',
    ...c.fields.map(([k, v]) => `${k} : ${v}`),
    '',
    ...c.body,
    '',
    `Titre : ${input.title}`,
    `Référence du document : ${input.canary}`,
    ...(input.contentMarker ? [`Empreinte : ${input.contentMarker}`] : []),
    'Spécimen — données fictives générées pour un test de sécurité (cloison).',
    '',
  ];
  return new TextEncoder().encode(lines.join('\n'));
}
